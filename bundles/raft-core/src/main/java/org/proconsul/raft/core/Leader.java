package org.proconsul.raft.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.proconsul.raft.core.quorum.MajorityQuorum;

/**
 * What a server keeps only while it leads one term: replication progress per follower, commit counting,
 * heartbeats, check-quorum, the lease, read-index rounds and leadership transfer. It lives exactly as long as
 * the term's leadership and talks to the world only through its {@link RaftCore}.
 */
final class Leader {

    private final RaftCore core;
    private final RaftConfig config;
    private final LogView log;
    private final String selfId;
    private final long term;
    private final Map<String, Progress> followers = new TreeMap<>();
    /**
     * Servers removed by a configuration entry that has not committed yet, with that entry's index. They still
     * get the log (but never count) so that they learn of their removal and stay quiet afterwards.
     */
    private final Map<String, Long> leaving = new TreeMap<>();
    private MajorityQuorum quorum;

    private final PendingReads reads = new PendingReads();
    private long readRound;
    private boolean ownTermCommitted;
    /** Set once TimeoutNow went out: the transfer target may now win votes our lease relies on being refused. */
    private boolean leaseRevoked;

    private int heartbeatElapsed;
    private String transferTarget;
    private int transferElapsed;
    private boolean timeoutNowSent;
    /** New entries or a new commit index that followers have not been sent yet; flushed at the next Ready. */
    private boolean flushPending;

    Leader(RaftCore core, RaftConfig config, LogView log, long term, Configuration configuration) {
        this.core = core;
        this.config = config;
        this.log = log;
        this.selfId = config.selfId();
        this.term = term;
        configurationChanged(configuration, 0);
    }

    // ---- membership

    /** The configuration appended at {@code index} is now in force. */
    void configurationChanged(Configuration configuration, long index) {
        quorum = MajorityQuorum.of(configuration.voterIds());
        for (String id : followers.keySet()) {
            if (!configuration.contains(id)) {
                leaving.putIfAbsent(id, index);
            }
        }
        for (String id : configuration.serverIds()) {
            leaving.remove(id);
            if (!id.equals(selfId) && !followers.containsKey(id)) {
                followers.put(id, new Progress(log.lastIndex() + 1, config.maxInflight(), core.tickCount()));
            }
        }
        if (transferTarget != null && !configuration.isVoter(transferTarget)) {
            abortTransfer("target is no longer a voter");
        }
    }

    // ---- time

    /** One leader tick; false when the leader must step down because it lost contact with a quorum. */
    boolean tick() {
        heartbeatElapsed++;
        if (config.checkQuorum() && !hasQuorumContact()) {
            return false;
        }
        if (transferTarget != null && ++transferElapsed >= config.electionTicks()) {
            abortTransfer("timed out after " + transferElapsed + " ticks");
        }
        if (heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            broadcastHeartbeats();
        }
        return true;
    }

    private boolean hasQuorumContact() {
        long now = core.tickCount();
        return quorum.hasQuorum(id -> id.equals(selfId)
                || now - progress(id).lastContactTick < config.electionTicks());
    }

    // ---- replication

    void entriesAppended() {
        flushPending = true;
    }

    boolean flushPending() {
        return flushPending;
    }

    /** Sends new entries, or at least the new commit index, to every follower that can take them. */
    void flush() {
        if (!flushPending) {
            return;
        }
        flushPending = false;
        for (String id : followers.keySet()) {
            boolean sent = false;
            while (sendAppend(id, false)) {
                sent = true; // fill the pipeline up to maxInflight batches
            }
            if (!sent) {
                sendCommitNotice(id);
            }
        }
    }

    /**
     * Sends the next AppendEntries to {@code id} if its progress allows; with {@code sendIfEmpty} even when
     * there is nothing new, as a probe. Returns whether a message went out.
     */
    private boolean sendAppend(String id, boolean sendIfEmpty) {
        Progress pr = progress(id);
        if (pr.isPaused()) {
            return false;
        }
        long prevIndex = pr.next - 1;
        if (prevIndex > log.lastIndex()) {
            throw new AssertionError("next index " + pr.next + " of " + id + " beyond last " + log.lastIndex());
        }
        long prevTerm = log.term(prevIndex);
        if (pr.next < log.firstIndex() || prevTerm == RaftLog.UNAVAILABLE) {
            requestSnapshot(id, pr);
            return false;
        }
        long last = Math.min(log.lastIndex(), prevIndex + config.maxEntriesPerAppend());
        List<Entry> entries = last > prevIndex ? withinByteBudget(log.entries(prevIndex + 1, last)) : List.of();
        last = prevIndex + entries.size();
        if (entries.isEmpty() && !sendIfEmpty) {
            return false;
        }
        long commit = core.commitIndex();
        core.send(new AppendEntries(selfId, id, term, core.clusterId(), prevIndex, prevTerm, entries, commit));
        pr.notifiedCommit = Math.max(pr.notifiedCommit, Math.min(commit, last));
        pr.sent(last, !entries.isEmpty());
        return true;
    }

    /** The longest prefix whose data fits maxBytesPerAppend; never empty when {@code entries} is not. */
    private List<Entry> withinByteBudget(List<Entry> entries) {
        long bytes = 0;
        for (int i = 0; i < entries.size(); i++) {
            bytes += entries.get(i).data().length;
            if (bytes > config.maxBytesPerAppend() && i > 0) {
                return entries.subList(0, i);
            }
        }
        return entries;
    }

    /** An empty AppendEntries at the known match point: always accepted, it lets the follower commit. */
    private void sendCommitNotice(String id) {
        Progress pr = progress(id);
        long usable = Math.min(core.commitIndex(), pr.match);
        if (pr.state == Progress.State.SNAPSHOT || usable <= pr.notifiedCommit) {
            return;
        }
        long matchTerm = log.term(pr.match);
        if (matchTerm == RaftLog.UNAVAILABLE) {
            return;
        }
        core.send(new AppendEntries(selfId, id, term, core.clusterId(), pr.match, matchTerm, List.of(),
                core.commitIndex()));
        pr.notifiedCommit = usable;
    }

    private void requestSnapshot(String id, Progress pr) {
        SnapshotMetadata snapshot = core.persistedSnapshot();
        long next = pr.next;
        pr.becomeSnapshot(snapshot.index());
        core.snapshotNeeded(new SnapshotNeeded(selfId, id, term, core.clusterId(), snapshot, next));
        core.event("follower " + id + " needs a snapshot: next=" + next + " firstIndex=" + log.firstIndex());
    }

    void reportSnapshot(String id, boolean success) {
        Progress pr = followers.get(id);
        if (pr == null || pr.state != Progress.State.SNAPSHOT) {
            return;
        }
        if (!success) {
            pr.pendingSnapshot = 0;
        }
        pr.becomeProbe();
        if (success) {
            // wait for the follower's answer to the installed snapshot before probing after it
            pr.probeSent = true;
        }
    }

    void handleAppendResponse(AppendEntriesResponse r) {
        Progress pr = followers.get(r.from());
        if (pr == null) {
            return;
        }
        pr.lastContactTick = core.tickCount();
        if (!r.success()) {
            long nextHint = log.lastIndexWithTermAtMost(r.hintIndex(), r.hintTerm()) + 1;
            if (pr.maybeDecrTo(r.rejectedIndex(), nextHint)) {
                if (pr.state == Progress.State.REPLICATE) {
                    pr.becomeProbe();
                }
                sendAppend(r.from(), true);
            }
            return;
        }
        if (r.matchIndex() > log.lastIndex()) {
            throw new AssertionError(r.from() + " acknowledged index " + r.matchIndex() + " beyond leader log "
                    + log.lastIndex() + " in term " + term);
        }
        if (!pr.maybeUpdate(r.matchIndex())) {
            return;
        }
        switch (pr.state) {
            case PROBE:
                pr.becomeReplicate();
                break;
            case SNAPSHOT:
                if (pr.match + 1 >= log.firstIndex()) {
                    pr.becomeProbe();
                    pr.becomeReplicate();
                }
                break;
            default:
                pr.inflights.freeUpTo(pr.match);
        }
        core.maybeCommit();
        while (sendAppend(r.from(), false)) {
            // keep the pipeline full
        }
        if (r.from().equals(transferTarget) && pr.match == log.lastIndex() && !timeoutNowSent) {
            sendTimeoutNow(r.from());
        }
    }

    void handleHeartbeatResponse(HeartbeatResponse r) {
        Progress pr = followers.get(r.from());
        if (pr == null) {
            return;
        }
        pr.lastContactTick = core.tickCount();
        pr.ackedSentTick = Math.max(pr.ackedSentTick, r.sentTick());
        if (r.readRound() > pr.ackedReadRound) {
            pr.ackedReadRound = r.readRound();
            confirmReads();
        }
        if (pr.state == Progress.State.PROBE) {
            pr.probeSent = false;
        } else if (pr.state == Progress.State.REPLICATE && pr.inflights.full()) {
            // no answer for a whole heartbeat round: presume the oldest append lost, so a retry can find out
            pr.inflights.freeFirst();
        }
        if (pr.match < log.lastIndex()) {
            sendAppend(r.from(), true);
        }
    }

    private void broadcastHeartbeats() {
        long commit = core.commitIndex();
        for (Map.Entry<String, Progress> e : followers.entrySet()) {
            Progress pr = e.getValue();
            long usable = Math.min(commit, pr.match);
            core.send(new Heartbeat(selfId, e.getKey(), term, core.clusterId(), usable, core.tickCount(),
                    readRound));
            pr.notifiedCommit = Math.max(pr.notifiedCommit, usable);
        }
    }

    // ---- commit

    /** The highest index a majority of voters has persisted; the leader counts only what it persisted itself. */
    long quorumMatchIndex() {
        long own = log.persistedIndex();
        return quorum.committedIndex(id -> id.equals(selfId) ? own : progress(id).match);
    }

    void commitAdvanced() {
        flushPending = true;
        long commit = core.commitIndex();
        leaving.entrySet().removeIf(e -> {
            boolean gone = e.getValue() <= commit;
            if (gone) {
                followers.remove(e.getKey());
            }
            return gone;
        });
        if (!ownTermCommitted) {
            ownTermCommitted = true;
            List<Long> deferred = reads.takeDeferred();
            if (!deferred.isEmpty()) {
                startReadRound(deferred);
            }
        }
    }

    boolean ownTermCommitted() {
        return ownTermCommitted;
    }

    // ---- reads

    void readIndex(long requestId) {
        if (!ownTermCommitted) {
            reads.deferUntilOwnTermCommit(requestId);
            return;
        }
        startReadRound(List.of(requestId));
    }

    private void startReadRound(List<Long> requestIds) {
        readRound++;
        for (long id : requestIds) {
            reads.add(id, core.commitIndex(), readRound);
        }
        confirmReads();
        if (reads.awaitingQuorum()) {
            broadcastHeartbeats();
        }
    }

    private void confirmReads() {
        long confirmed = quorum.committedIndex(id -> id.equals(selfId) ? Long.MAX_VALUE : progress(id).ackedReadRound);
        reads.confirmUpTo(confirmed, selfId, core.readStatesOut());
    }

    /**
     * Lease: a quorum confirmed our leadership by answering heartbeats sent less than electionTicks - 1 ticks ago.
     * Voters refuse to elect anyone else for electionTicks after hearing from us; the tick of margin covers the
     * phase difference between two servers' tick counters. Clock drift beyond that margin would break it.
     */
    boolean leaseValid() {
        if (!config.checkQuorum() || leaseRevoked || !ownTermCommitted) {
            return false;
        }
        long now = core.tickCount();
        long newestQuorumAck = quorum.committedIndex(id -> id.equals(selfId) ? now : progress(id).ackedSentTick);
        return newestQuorumAck > now - (config.electionTicks() - 1);
    }

    // ---- leadership transfer

    boolean transferring() {
        return transferTarget != null;
    }

    String transferTarget() {
        return transferTarget;
    }

    void transferLeadership(String target, Configuration configuration) {
        if (target.equals(selfId)) {
            core.event("leadership transfer ignored: " + selfId + " is already the leader");
            return;
        }
        if (!configuration.isVoter(target)) {
            core.event("leadership transfer to " + target + " refused: not a voter");
            return;
        }
        if (target.equals(transferTarget)) {
            return;
        }
        if (transferTarget != null) {
            abortTransfer("replaced by a transfer to " + target);
        }
        transferTarget = target;
        transferElapsed = 0;
        core.event("leadership transfer to " + target + " started term=" + term);
        Progress pr = progress(target);
        if (pr.match == log.lastIndex()) {
            sendTimeoutNow(target);
        } else {
            sendAppend(target, false);
        }
    }

    private void sendTimeoutNow(String target) {
        leaseRevoked = true;
        timeoutNowSent = true;
        core.send(new TimeoutNow(selfId, target, term, core.clusterId()));
    }

    private void abortTransfer(String reason) {
        core.event("leadership transfer to " + transferTarget + " aborted: " + reason);
        transferTarget = null;
        timeoutNowSent = false;
    }

    // ---- end of term

    void stepDown() {
        reads.rejectAll(ReadState.ReadStatus.LEADERSHIP_LOST, core.readStatesOut());
    }

    Map<String, FollowerStatus> followerStatus() {
        Map<String, FollowerStatus> out = new LinkedHashMap<>();
        for (Map.Entry<String, Progress> e : followers.entrySet()) {
            Progress pr = e.getValue();
            out.put(e.getKey(), new FollowerStatus(pr.match, pr.next, pr.lastContactTick, pr.state.name(),
                    quorum.contains(e.getKey())));
        }
        return out;
    }

    private Progress progress(String id) {
        Progress pr = followers.get(id);
        if (pr == null) {
            throw new AssertionError("no progress for voter " + id);
        }
        return pr;
    }
}
