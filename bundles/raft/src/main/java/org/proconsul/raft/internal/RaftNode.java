package org.proconsul.raft.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;

import org.proconsul.api.raft.ApplyResult;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.raft.RaftError;
import org.proconsul.api.raft.RaftPeer;
import org.proconsul.api.raft.RaftView;
import org.proconsul.api.raft.ReadConsistency;
import org.proconsul.api.raft.ReadPermit;
import org.proconsul.api.state.ReplicatedStateMachine;
import org.proconsul.api.storage.StorageException;
import org.proconsul.raft.core.Configuration;
import org.proconsul.raft.core.Entry;
import org.proconsul.raft.core.EntryType;
import org.proconsul.raft.core.Message;
import org.proconsul.raft.core.Proposal;
import org.proconsul.raft.core.RaftConfig;
import org.proconsul.raft.core.RaftCore;
import org.proconsul.raft.core.ReadState;
import org.proconsul.raft.core.Ready;
import org.proconsul.raft.core.Role;
import org.proconsul.raft.core.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link RaftCore}: a single thread takes work from the inbox, ticks the core on time, and
 * handles each Ready in the core's order: persist (one fsynced batch), send, apply, advance. Proposals
 * that arrive while a batch is being written are persisted together in the next one.
 *
 * <p>Requests that find no leader are held up to {@code holdTimeout} (Consul's rpc_hold_timeout) and
 * then answered {@link RaftError.NoLeader}.
 */
final class RaftNode implements Consensus {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
    /** First byte of commands that belong to Raft itself; state-machine commands start at 1. */
    static final byte META_COMMAND = 0;
    private static final byte META_CLUSTER_ID = 1;
    private static final int MAX_TASKS_PER_TURN = 4096;

    private record Pending(long term, CompletableFuture<ApplyResult> future) {
    }

    private record Held(long deadlineNanos, Runnable retry, Runnable giveUp) {
    }

    private record ReadRequest(ReadConsistency consistency, CompletableFuture<ReadPermit> future) {
    }

    private record WaitingRead(long readIndex, ReadRequest request) {
    }

    private final RaftSettings settings;
    private final StorageRaftLog log;
    private final ReplicatedStateMachine fsm;
    private final RaftCore core;
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final Map<Long, Pending> pending = new HashMap<>();
    private final Map<Long, ReadRequest> readIndexRequests = new HashMap<>();
    private final List<WaitingRead> waitingReads = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();
    private final Thread thread;
    private final java.util.concurrent.Executor callbacks;
    private long nextReadId = 1;
    private volatile boolean running = true;
    private volatile RaftView view;
    private volatile boolean leaseHeld;
    private volatile RaftError fatal;
    private boolean warnedNoTransport;
    private long lastLeaderContactNanos = System.nanoTime();

    RaftNode(RaftSettings settings, StorageRaftLog log, ReplicatedStateMachine fsm, RandomGenerator random,
            java.util.concurrent.Executor callbacks) {
        this.callbacks = callbacks;
        this.settings = settings;
        this.log = log;
        this.fsm = fsm;
        RaftConfig config = new RaftConfig(settings.nodeId(), settings.electionTicks(), settings.heartbeatTicks(),
                64, 64, true, true);
        this.core = new RaftCore(config, log, random);
        if (!log.clusterId().isEmpty()) {
            core.setClusterId(log.clusterId());
        }
        if (settings.bootstrap() && log.lastIndex() == 0 && log.hardState().term() == 0) {
            core.bootstrap(Configuration.of(Server.voter(settings.nodeId(), settings.address())));
            LOG.info("raft: bootstrapped cluster node={} address={}", settings.nodeId(), settings.address());
        }
        this.view = snapshotView();
        this.thread = new Thread(this::loop, "raft-" + settings.nodeId());
        thread.setDaemon(true);
    }

    void start() {
        LOG.info("raft: starting node={} lastIndex={} term={} appliedIndex={}", settings.nodeId(), log.lastIndex(),
                log.hardState().term(), fsm.lastAppliedIndex());
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failEverything(new RaftError.ShuttingDown());
        LOG.info("raft: stopped node={}", settings.nodeId());
    }

    // ---- Consensus ------------------------------------------------------------------------------

    @Override
    public CompletableFuture<ApplyResult> apply(byte[] command) {
        if (command.length == 0 || command[0] == META_COMMAND) {
            throw new IllegalArgumentException("raft: command type 0 is reserved for Raft itself");
        }
        CompletableFuture<ApplyResult> future = new CompletableFuture<>();
        long deadline = System.nanoTime() + settings.holdTimeout().toNanos();
        submit(() -> propose(command, future, deadline));
        // callers continue on the callback pool, never on the Raft thread
        return future.thenApplyAsync(r -> r, callbacks);
    }

    private void propose(byte[] command, CompletableFuture<ApplyResult> future, long deadline) {
        if (fatal != null) {
            future.complete(new ApplyResult.Refused(fatal));
            return;
        }
        Proposal proposal = core.propose(command);
        if (proposal instanceof Proposal.Accepted accepted) {
            pending.put(accepted.index(), new Pending(accepted.term(), future));
        } else if (proposal instanceof Proposal.NotLeader notLeader && notLeader.leaderId() == null) {
            held.add(new Held(deadline, () -> propose(command, future, deadline),
                    () -> future.complete(new ApplyResult.Refused(new RaftError.NoLeader()))));
        } else if (proposal instanceof Proposal.NotLeader notLeader) {
            future.complete(new ApplyResult.Refused(
                    new RaftError.NotLeader(notLeader.leaderId(), addressOf(notLeader.leaderId()))));
        } else {
            future.complete(new ApplyResult.Refused(new RaftError.LeadershipLost()));
        }
    }

    @Override
    public CompletableFuture<ReadPermit> readBarrier(ReadConsistency consistency) {
        RaftError failed = fatal;
        if (failed != null) {
            return CompletableFuture.completedFuture(new ReadPermit.Refused(failed));
        }
        RaftView v = view;
        if (consistency == ReadConsistency.STALE) {
            return CompletableFuture.completedFuture(
                    new ReadPermit.Granted(v.knownLeader(), v.lastContactMs(), ReadConsistency.STALE));
        }
        if (consistency == ReadConsistency.DEFAULT && leaseHeld) {
            return CompletableFuture.completedFuture(new ReadPermit.Granted(true, 0, ReadConsistency.DEFAULT));
        }
        CompletableFuture<ReadPermit> future = new CompletableFuture<>();
        long deadline = System.nanoTime() + settings.holdTimeout().toNanos();
        submit(() -> requestReadIndex(consistency, future, deadline));
        return future.thenApplyAsync(r -> r, callbacks);
    }

    private void requestReadIndex(ReadConsistency consistency, CompletableFuture<ReadPermit> future, long deadline) {
        if (core.role() != Role.LEADER) {
            if (core.leaderId() == null) {
                held.add(new Held(deadline, () -> requestReadIndex(consistency, future, deadline),
                        () -> future.complete(new ReadPermit.Refused(new RaftError.NoLeader()))));
            } else {
                future.complete(new ReadPermit.Refused(
                        new RaftError.NotLeader(core.leaderId(), addressOf(core.leaderId()))));
            }
            return;
        }
        long id = nextReadId++;
        readIndexRequests.put(id, new ReadRequest(consistency, future));
        core.readIndex(id);
    }

    @Override
    public RaftView view() {
        return view;
    }

    // ---- the loop -------------------------------------------------------------------------------

    private void submit(Runnable task) {
        if (!running) {
            throw new IllegalStateException("raft: node stopped");
        }
        inbox.add(task);
    }

    private void loop() {
        long tickNanos = settings.tick().toNanos();
        long nextTick = System.nanoTime() + tickNanos;
        fastForwardSoleVoter();
        while (running) {
            try {
                long wait = nextTick - System.nanoTime();
                Runnable task = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : inbox.poll();
                int n = 0;
                while (task != null && n++ < MAX_TASKS_PER_TURN) {
                    task.run();
                    task = inbox.poll();
                }
                if (task != null) {
                    task.run();
                }
                long now = System.nanoTime();
                if (now - nextTick >= 0) {
                    core.tick();
                    nextTick += tickNanos;
                    if (now - nextTick > tickNanos * 4) {
                        nextTick = now + tickNanos;
                    }
                    expireHeld(now);
                }
                handleReadies();
            } catch (InterruptedException e) {
                if (!running) {
                    return;
                }
            } catch (StorageException e) {
                LOG.error("raft: storage failed, this server stops serving node={}: {}", settings.nodeId(),
                        e.getMessage());
                fatal = new RaftError.StorageFailed(e.getMessage());
                failEverything(fatal);
                view = snapshotView();
                leaseHeld = false;
                return;
            }
        }
    }

    /** A sole voter has nobody to hear from, so waiting out its election timeout would only delay start-up. */
    private void fastForwardSoleVoter() {
        Configuration c = core.configuration();
        if (c.voterIds().size() == 1 && c.isVoter(settings.nodeId()) && core.role() != Role.LEADER) {
            for (int i = 0; i < 2 * settings.electionTicks() && core.role() == Role.FOLLOWER; i++) {
                core.tick();
            }
        }
    }

    private void handleReadies() {
        while (core.hasReady()) {
            Ready ready = core.ready();
            log.persist(ready);
            if (ready.softState() != null) {
                // publish the new role before any callback of this Ready can observe the old one
                leaseHeld = core.role() == Role.LEADER && core.leaseValid();
                view = snapshotView();
            }
            send(ready.messages());
            for (Entry entry : ready.committed()) {
                applyEntry(entry);
            }
            for (ReadState rs : ready.readStates()) {
                answerReadIndex(rs);
            }
            for (String event : ready.events()) {
                LOG.info("raft: {} node={}", event, settings.nodeId());
            }
            ready.dropped().forEach(d -> LOG.warn("raft: dropped message node={} {}", settings.nodeId(), d));
            core.advance(ready);
            if (ready.softState() != null) {
                roleChanged();
            }
        }
        serveWaitingReads();
        leaseHeld = core.role() == Role.LEADER && core.leaseValid();
        view = snapshotView();
    }

    private void send(List<Message> messages) {
        if (!messages.isEmpty() && !warnedNoTransport) {
            warnedNoTransport = true;
            LOG.warn("raft: peers in the configuration but no transport in this build, messages dropped node={}",
                    settings.nodeId());
        }
    }

    private void applyEntry(Entry entry) {
        long index = entry.index();
        boolean meta = entry.type() == EntryType.COMMAND && entry.data().length > 0
                && entry.data()[0] == META_COMMAND;
        if (meta) {
            applyMeta(entry);
        }
        Object response = null;
        // after a restart the log re-delivers entries the state machine already holds: skip those
        if (index > fsm.lastAppliedIndex()) {
            if (meta || entry.type() != EntryType.COMMAND) {
                fsm.skip(index);
            } else {
                response = fsm.apply(index, entry.data());
            }
        }
        Pending p = pending.remove(index);
        if (p != null) {
            p.future().complete(p.term() == entry.term() ? new ApplyResult.Applied(index, response)
                    : new ApplyResult.Refused(new RaftError.LeadershipLost()));
        }
    }

    private void applyMeta(Entry entry) {
        byte[] data = entry.data();
        if (data.length > 1 && data[1] == META_CLUSTER_ID && log.clusterId().isEmpty()) {
            String id = new String(data, 2, data.length - 2, StandardCharsets.UTF_8);
            log.saveClusterId(id);
            core.setClusterId(id);
        }
    }

    private void roleChanged() {
        if (core.role() == Role.LEADER) {
            if (log.clusterId().isEmpty()) {
                byte[] id = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
                byte[] command = new byte[id.length + 2];
                command[0] = META_COMMAND;
                command[1] = META_CLUSTER_ID;
                System.arraycopy(id, 0, command, 2, id.length);
                core.propose(command);
            }
        } else {
            for (Pending p : pending.values()) {
                p.future().complete(new ApplyResult.Refused(new RaftError.LeadershipLost()));
            }
            pending.clear();
        }
        if (core.leaderId() != null) {
            lastLeaderContactNanos = System.nanoTime();
            List<Held> retry = new ArrayList<>(held);
            held.clear();
            retry.forEach(h -> h.retry().run());
        }
    }

    private void answerReadIndex(ReadState rs) {
        ReadRequest request = readIndexRequests.remove(rs.requestId());
        if (request == null) {
            return;
        }
        if (rs.isConfirmed()) {
            waitingReads.add(new WaitingRead(rs.readIndex(), request));
        } else {
            request.future().complete(new ReadPermit.Refused(rs.leaderId() == null ? new RaftError.NoLeader()
                    : new RaftError.NotLeader(rs.leaderId(), addressOf(rs.leaderId()))));
        }
    }

    private void serveWaitingReads() {
        long applied = fsm.lastAppliedIndex();
        for (Iterator<WaitingRead> it = waitingReads.iterator(); it.hasNext();) {
            WaitingRead w = it.next();
            if (w.readIndex() <= applied) {
                it.remove();
                w.request().future().complete(new ReadPermit.Granted(true, 0, w.request().consistency()));
            }
        }
    }

    private void expireHeld(long now) {
        for (Iterator<Held> it = held.iterator(); it.hasNext();) {
            Held h = it.next();
            if (now - h.deadlineNanos() >= 0) {
                it.remove();
                h.giveUp().run();
            }
        }
    }

    private void failEverything(RaftError error) {
        pending.values().forEach(p -> p.future().complete(new ApplyResult.Refused(error)));
        pending.clear();
        readIndexRequests.values().forEach(r -> r.future().complete(new ReadPermit.Refused(error)));
        readIndexRequests.clear();
        waitingReads.forEach(w -> w.request().future().complete(new ReadPermit.Refused(error)));
        waitingReads.clear();
        held.forEach(h -> h.giveUp().run());
        held.clear();
        Runnable task;
        while ((task = inbox.poll()) != null) {
            task.run();
        }
    }

    private String addressOf(String id) {
        return id == null ? "" : core.configuration().server(id).map(Server::address).orElse("");
    }

    private RaftView snapshotView() {
        Role role = core.role();
        String leaderId = core.leaderId();
        List<RaftPeer> peers = new ArrayList<>();
        for (Server s : core.configuration().servers()) {
            peers.add(new RaftPeer(s.id(), s.address(), s.voter()));
        }
        long lastContact = role == Role.LEADER || leaderId == null ? 0
                : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastLeaderContactNanos);
        String state = fatal != null ? "Shutdown" : switch (role) {
            case LEADER -> "Leader";
            case CANDIDATE, PRE_CANDIDATE -> "Candidate";
            default -> "Follower";
        };
        return new RaftView(state, core.term(), leaderId == null ? "" : leaderId, addressOf(leaderId), lastContact,
                core.commitIndex(), fsm.lastAppliedIndex(), log.lastIndex(), List.copyOf(peers));
    }
}
