package org.proconsul.server.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.proconsul.api.agent.ClusterLeave;
import org.proconsul.api.agent.LocalAgent;
import org.proconsul.api.membership.Membership;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.raft.MembershipResult;
import org.proconsul.api.raft.RaftPeer;
import org.proconsul.api.raft.RaftView;
import org.proconsul.api.raft.TransferResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's {@code consul leave}. A leader first hands leadership to another voter (when none takes it,
 * it removes itself, as Consul's leader does), so the cluster never waits out an election for a planned
 * departure. Then the server leaves gossip, and the leader, seeing it {@code left}, takes it out of Raft;
 * this server waits up to the drain time for that and says so when it did not happen.
 */
@Component(service = ClusterLeave.class, configurationPid = "org.proconsul.server",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class ServerLeaveComponent implements ClusterLeave {
    private static final Logger LOG = LoggerFactory.getLogger(ServerLeaveComponent.class);
    /** Consul's leave drain time: how long a departing server waits to see itself out of Raft. */
    static final long DRAIN_MS = 5_000;
    private static final long POLL_MS = 50;

    private final Consensus consensus;
    private final Membership membership;
    private final String selfId;

    @Activate
    public ServerLeaveComponent(@Reference Consensus consensus, @Reference Membership membership,
            @Reference LocalAgent agent) {
        this.consensus = consensus;
        this.membership = membership;
        this.selfId = agent.config().nodeId();
    }

    @Override
    public List<String> leave() throws InterruptedException {
        List<String> problems = new ArrayList<>();
        RaftView view = consensus.view();
        boolean inRaft = member(view);
        long otherVoters = view.peers().stream().filter(p -> p.voter() && !p.id().equals(selfId)).count();
        LOG.info("server: starting leave node={} state={} term={} otherVoters={}", selfId, view.state(), view.term(),
                otherVoters);
        if ("Leader".equals(view.state()) && otherVoters > 0) {
            handOverLeadership(problems);
        }
        membership.leave();
        if (inRaft && (otherVoters > 0 || !"Leader".equals(consensus.view().state()))) {
            awaitRemoval(problems);
        }
        return problems;
    }

    private void handOverLeadership(List<String> problems) throws InterruptedException {
        LOG.info("server: transferring leadership before leaving node={}", selfId);
        String why;
        try {
            TransferResult result = consensus.transferLeadership("").get(DRAIN_MS, TimeUnit.MILLISECONDS);
            if (result instanceof TransferResult.Transferred t) {
                LOG.info("server: leadership transferred before leaving node={} newLeader={}", selfId, t.leaderId());
                return;
            }
            why = ((TransferResult.Refused) result).reason();
        } catch (ExecutionException | TimeoutException e) {
            why = e instanceof TimeoutException ? "timed out" : String.valueOf(e.getCause());
        }
        // Consul's way when nobody takes over: the leader commits its own removal, then steps down
        LOG.warn("server: leadership transfer failed, removing this server from Raft itself node={} reason=\"{}\"",
                selfId, why);
        try {
            MembershipResult removed = consensus.removeServer(selfId).get(DRAIN_MS, TimeUnit.MILLISECONDS);
            if (removed instanceof MembershipResult.Refused r) {
                problems.add("failed to remove this server from the Raft configuration: " + r.reason());
            }
        } catch (ExecutionException | TimeoutException e) {
            problems.add("failed to remove this server from the Raft configuration: "
                    + (e instanceof TimeoutException ? "timed out" : String.valueOf(e.getCause())));
        }
    }

    private void awaitRemoval(List<String> problems) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
        while (System.nanoTime() < deadline) {
            if (!member(consensus.view())) {
                LOG.info("server: removed from the Raft configuration, leave complete node={}", selfId);
                return;
            }
            Thread.sleep(POLL_MS);
        }
        RaftView view = consensus.view();
        String line = "failed to leave raft configuration gracefully, timeout" + (view.leaderId().isEmpty()
                ? " (No cluster leader: Raft membership cannot change without one)" : "");
        LOG.warn("server: {} node={} term={}", line, selfId, view.term());
        problems.add(line);
    }

    private boolean member(RaftView view) {
        for (RaftPeer p : view.peers()) {
            if (p.id().equals(selfId)) {
                return true;
            }
        }
        return false;
    }
}
