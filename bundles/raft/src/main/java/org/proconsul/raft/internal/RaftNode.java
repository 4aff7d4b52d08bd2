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
import org.proconsul.api.state.StateSnapshot;
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
    private static final int MAX_APPLY_RUN = 1024;
    private static final long MAX_APPLY_RUN_BYTES = 4L << 20;

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
    private final RaftTransport transport;
    /** Raft addresses of servers not (yet) in our configuration, learnt from their messages. */
    private final Map<String, String> addressBook = new HashMap<>();
    /** Forwarded writes waiting for this server to apply the index the leader applied them at. */
    private final Map<Long, List<CompletableFuture<ApplyResult>>> localApplyWaiters = new HashMap<>();
    /** What the state machine answered for the latest entries, for a forwarded write whose reply came late. */
    private final Map<Long, Object> recentResponses = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Object> eldest) {
            return size() > 16_384;
        }
    };
    private final java.util.Set<String> reportedDrops = new java.util.HashSet<>();
    /** A transfer this leader started and the caller waiting for its outcome. */
    private record PendingTransfer(String target, CompletableFuture<org.proconsul.api.raft.TransferResult> future,
            long deadlineNanos) {
    }

    private PendingTransfer transfer;
    /** Null when snapshots are off (unit tests of the driver). */
    private final SnapshotStore snapshots;
    private long lastSnapshotIndex;
    private final java.util.concurrent.ExecutorService snapshotSender;
    /** Writes snapshot files off the Raft thread; at most one at a time. */
    private final java.util.concurrent.ExecutorService snapshotWriter;
    private boolean snapshotInFlight;
    /** When the applied entries are next compared with the threshold (hashicorp/raft's snapshot check). */
    private long nextSnapshotCheckNanos;
    private final RandomGenerator random;
    private final java.util.Set<String> sendingSnapshotTo = new java.util.HashSet<>();
    /** The last snapshot file received and handed to the core; removed when the core ignores it. */
    private java.nio.file.Path lastReceivedSnapshot;
    private long nextReadId = 1;
    private volatile boolean running = true;
    private volatile RaftView view;
    private volatile boolean leaseHeld;
    /** When leaseHeld was last computed: a lease only counts while the Raft loop keeps renewing it. */
    private volatile long leaseCheckedAtNanos;
    private volatile RaftError fatal;
    private volatile long lastLeaderContactNanos = System.nanoTime();

    RaftNode(RaftSettings settings, StorageRaftLog log, ReplicatedStateMachine fsm, RandomGenerator random,
            java.util.concurrent.Executor callbacks, RaftTransport transport) {
        this(settings, log, fsm, random, callbacks, transport, null);
    }

    RaftNode(RaftSettings settings, StorageRaftLog log, ReplicatedStateMachine fsm, RandomGenerator random,
            java.util.concurrent.Executor callbacks, RaftTransport transport, SnapshotStore snapshots) {
        this.callbacks = callbacks;
        this.transport = transport;
        this.snapshots = snapshots;
        this.snapshotSender = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "raft-snapshot-sender");
            t.setDaemon(true);
            return t;
        });
        this.snapshotWriter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "raft-snapshot-writer");
            t.setDaemon(true);
            return t;
        });
        this.settings = settings;
        this.log = log;
        this.fsm = fsm;
        this.random = random;
        this.nextSnapshotCheckNanos = System.nanoTime() + jitteredSnapshotInterval();
        catchUpFromSnapshot(log, fsm);
        if (settings.recovery() != null) {
            recover(settings.recovery());
        }
        // 1 MiB of entries per AppendEntries keeps 64 values of Consul's 512 KB limit from making one message
        // larger than the RPC frame limit
        RaftConfig config = new RaftConfig(settings.nodeId(), settings.electionTicks(), settings.heartbeatTicks(),
                64, 1 << 20, 64, true, true);
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

    /**
     * The state store may lag its log after a crash (it is written without fsync) or after installing a
     * snapshot: when the log starts after what the state store holds, the newest snapshot fills the gap.
     */
    private void catchUpFromSnapshot(StorageRaftLog log, ReplicatedStateMachine fsm) {
        if (snapshots == null) {
            return;
        }
        java.util.Optional<SnapshotStore.Stored> latest = snapshots.latest();
        lastSnapshotIndex = latest.map(x -> x.metadata().index()).orElse(0L);
        long logStart = log.snapshotMetadata().index();
        if (fsm.lastAppliedIndex() >= logStart) {
            return;
        }
        if (latest.isEmpty() || latest.get().metadata().index() < logStart) {
            throw new IllegalStateException("raft: the state store holds index " + fsm.lastAppliedIndex()
                    + " but the log starts after " + logStart + " and no snapshot covers the gap in "
                    + snapshots.dir());
        }
        restoreFrom(latest.get());
    }

    /**
     * peers.json recovery, as hashicorp/raft's RecoverCluster: every entry of the log, committed or not, is
     * applied to the state machine, which is then written as a snapshot at the last index and term with the
     * recovered configuration; the log is emptied up to it. Data, last index and term, and the cluster id
     * stay; the configuration entries of the old log no longer count.
     */
    private void recover(Configuration configuration) {
        if (snapshots == null) {
            throw new IllegalStateException("raft: peers.json recovery needs a snapshot directory");
        }
        long last = log.lastIndex();
        if (last == 0) {
            throw new PeersJson.RecoveryFailed("recovery failed: this server has no Raft state to recover (its log"
                    + " and snapshots are empty); peers.json belongs on servers that were part of the cluster");
        }
        for (long from = fsm.lastAppliedIndex() + 1; from <= last; from += MAX_APPLY_RUN) {
            for (Entry entry : log.entries(from, Math.min(last, from + MAX_APPLY_RUN - 1))) {
                if (isMeta(entry)) {
                    byte[] data = entry.data();
                    if (data.length > 1 && data[1] == META_CLUSTER_ID && log.clusterId().isEmpty()) {
                        log.saveClusterId(new String(data, 2, data.length - 2, StandardCharsets.UTF_8));
                    }
                    fsm.skip(entry.index());
                } else if (entry.type() == EntryType.COMMAND) {
                    applyCommand(entry.index(), entry.data());
                } else {
                    fsm.skip(entry.index());
                }
            }
        }
        org.proconsul.raft.core.SnapshotMetadata metadata = new org.proconsul.raft.core.SnapshotMetadata(last,
                log.term(last), configuration);
        try (StateSnapshot state = fsm.snapshot()) {
            if (state.index() != last) {
                throw new IllegalStateException("raft: recovery applied up to " + state.index() + ", not " + last);
            }
            snapshots.write(metadata, log.clusterId(), state::writeTo);
        }
        log.restore(metadata);
        lastSnapshotIndex = last;
        LOG.info("raft: recovered the Raft configuration node={} index={} term={} servers={}", settings.nodeId(), last,
                metadata.term(), configuration.describe());
    }

    private void restoreFrom(SnapshotStore.Stored s) {
        try (java.io.InputStream in = SnapshotStore.openState(s)) {
            fsm.restore(in);
        } catch (java.io.IOException e) {
            throw new StorageException("raft: cannot read snapshot " + s.file() + ": " + e.getMessage(), e);
        }
        if (!s.clusterId().isEmpty() && log.clusterId().isEmpty()) {
            log.saveClusterId(s.clusterId());
        }
        LOG.info("raft: restored state from snapshot node={} index={} term={} file={}", settings.nodeId(),
                s.metadata().index(), s.metadata().term(), s.file().getFileName());
    }

    void stop() {
        if (fatal == null) {
            fatal = new RaftError.ShuttingDown();
        }
        running = false;
        snapshotSender.shutdownNow();
        snapshotWriter.shutdownNow();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            // only once the loop is gone: its maps and core are not for two threads
            failEverything(new RaftError.ShuttingDown());
        }
        LOG.info("raft: stopped node={}", settings.nodeId());
    }

    // ---- Consensus ------------------------------------------------------------------------------

    @Override
    public CompletableFuture<ApplyResult> apply(byte[] command) {
        if (command.length == 0 || command[0] == META_COMMAND) {
            throw new IllegalArgumentException("raft: command type 0 is reserved for Raft itself");
        }
        RaftError failed = fatal;
        if (failed != null) {
            return CompletableFuture.completedFuture(new ApplyResult.Refused(failed));
        }
        CompletableFuture<ApplyResult> future = new CompletableFuture<>();
        long deadline = System.nanoTime() + settings.holdTimeout().toNanos();
        submit(() -> propose(command, future, deadline, true));
        // callers continue on the callback pool, never on the Raft thread
        return future.thenApplyAsync(r -> r, callbacks);
    }

    /** A write a follower forwarded: proposed here if this server leads, never forwarded again. */
    CompletableFuture<byte[]> applyForwarded(byte[] command) {
        if (command.length == 0 || command[0] == META_COMMAND) {
            return CompletableFuture.completedFuture(ForwardWire.refused(new RaftError.LeadershipLost()));
        }
        if (fatal != null) {
            return CompletableFuture.completedFuture(ForwardWire.refused(fatal));
        }
        CompletableFuture<ApplyResult> future = new CompletableFuture<>();
        long deadline = System.nanoTime() + settings.holdTimeout().toNanos();
        submit(() -> propose(command, future, deadline, false));
        return future.thenApplyAsync(r -> r instanceof ApplyResult.Applied a ? ForwardWire.at(a.index())
                : ForwardWire.refused(((ApplyResult.Refused) r).error()), callbacks);
    }

    /** A read index a follower asked for: the applied index once this leader may serve the read itself. */
    CompletableFuture<byte[]> readForwarded(byte[] request) {
        ReadConsistency consistency = ForwardWire.readConsistency(request);
        if (consistency == ReadConsistency.STALE) {
            consistency = ReadConsistency.DEFAULT;
        }
        ReadConsistency c = consistency;
        RaftError failed = fatal;
        if (failed != null) {
            return CompletableFuture.completedFuture(ForwardWire.refused(failed));
        }
        if (c == ReadConsistency.DEFAULT && leaseFresh()) {
            return CompletableFuture.completedFuture(ForwardWire.at(fsm.lastAppliedIndex()));
        }
        CompletableFuture<ReadPermit> future = new CompletableFuture<>();
        long deadline = System.nanoTime() + settings.holdTimeout().toNanos();
        submit(() -> requestReadIndex(c, future, deadline, false));
        return future.thenApplyAsync(p -> p instanceof ReadPermit.Granted ? ForwardWire.at(fsm.lastAppliedIndex())
                : ForwardWire.refused(((ReadPermit.Refused) p).error()), callbacks);
    }

    private void propose(byte[] command, CompletableFuture<ApplyResult> future, long deadline, boolean forward) {
        if (fatal != null) {
            future.complete(new ApplyResult.Refused(fatal));
            return;
        }
        Proposal proposal = core.propose(command);
        if (proposal instanceof Proposal.Accepted accepted) {
            pending.put(accepted.index(), new Pending(accepted.term(), future));
        } else if (proposal instanceof Proposal.NotLeader notLeader && notLeader.leaderId() == null) {
            held.add(new Held(deadline, () -> propose(command, future, deadline, forward),
                    () -> future.complete(new ApplyResult.Refused(new RaftError.NoLeader()))));
        } else if (proposal instanceof Proposal.NotLeader notLeader && forward
                && !addressOf(notLeader.leaderId()).isEmpty()) {
            forwardApply(addressOf(notLeader.leaderId()), command, future, deadline);
        } else if (proposal instanceof Proposal.NotLeader notLeader) {
            future.complete(new ApplyResult.Refused(
                    new RaftError.NotLeader(notLeader.leaderId(), addressOf(notLeader.leaderId()))));
        } else {
            future.complete(new ApplyResult.Refused(new RaftError.LeadershipLost()));
        }
    }

    /**
     * Sends a write to the leader. Only a refusal that proves the leader did not append it (no leader, not
     * the leader) is retried, with whoever leads next; anything else may have been applied and is reported.
     */
    private void forwardApply(String leaderAddress, byte[] command, CompletableFuture<ApplyResult> future,
            long deadline) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        transport.call(leaderAddress, ForwardWire.APPLY, command, java.time.Duration.ofMillis(left + 1000))
                .whenComplete((reply, failure) -> submitQuietly(() -> {
                    if (failure != null) {
                        if (!maybeDelivered(failure) && System.nanoTime() - deadline < 0) {
                            // the leader never saw it (it is gone): wait for the next leader, as with none known
                            held.add(new Held(deadline, () -> retryWhenLeaderChanges(leaderAddress, command, future,
                                    deadline), () -> future.complete(new ApplyResult.Refused(new RaftError.NoLeader()))));
                            return;
                        }
                        LOG.warn("raft: forwarding a write to the leader failed node={} leader={} reason=\"{}\"",
                                settings.nodeId(), leaderAddress, rootMessage(failure));
                        future.complete(new ApplyResult.Refused(new RaftError.LeadershipLost()));
                        return;
                    }
                    ForwardWire.Reply r = ForwardWire.decode(reply);
                    if (r instanceof ForwardWire.Reply.At at) {
                        awaitLocalApply(at.index(), future, deadline);
                    } else {
                        RaftError e = ((ForwardWire.Reply.Refused) r).error();
                        boolean notAppended = e instanceof RaftError.NoLeader || e instanceof RaftError.NotLeader;
                        if (notAppended && System.nanoTime() - deadline < 0) {
                            held.add(new Held(deadline, () -> propose(command, future, deadline, true),
                                    () -> future.complete(new ApplyResult.Refused(new RaftError.NoLeader()))));
                        } else {
                            future.complete(new ApplyResult.Refused(e));
                        }
                    }
                }, () -> future.complete(new ApplyResult.Refused(new RaftError.ShuttingDown()))));
    }

    private static boolean maybeDelivered(Throwable failure) {
        Throwable c = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return !(c instanceof org.proconsul.api.rpc.RpcException r) || r.maybeDelivered();
    }

    /**
     * Held retries run when a leader becomes known, which may still be the unreachable old one: retry
     * only once another server leads, else keep holding until the deadline.
     */
    private void retryWhenLeaderChanges(String deadLeader, byte[] command, CompletableFuture<ApplyResult> future,
            long deadline) {
        if (core.role() != Role.LEADER && addressOf(core.leaderId()).equals(deadLeader)) {
            held.add(new Held(deadline, () -> retryWhenLeaderChanges(deadLeader, command, future, deadline),
                    () -> future.complete(new ApplyResult.Refused(new RaftError.NoLeader()))));
            return;
        }
        propose(command, future, deadline, true);
    }

    /** The state machine here gives the same answer the leader's gave: wait until it applied that index. */
    private void awaitLocalApply(long index, CompletableFuture<ApplyResult> future, long deadline) {
        if (index <= fsm.lastAppliedIndex()) {
            // applied here already; its answer is known only while it is among the recent ones
            future.complete(recentResponses.containsKey(index) ? new ApplyResult.Applied(index, recentResponses.get(index))
                    : new ApplyResult.Refused(new RaftError.LeadershipLost()));
            return;
        }
        localApplyWaiters.computeIfAbsent(index, k -> new ArrayList<>()).add(future);
        guardLocalApply(index, future, Math.max(deadline, System.nanoTime() + settings.holdTimeout().toNanos()));
    }

    /** Bounds the wait for a local apply; survives the retry round a leader change runs over held work. */
    private void guardLocalApply(long index, CompletableFuture<ApplyResult> future, long until) {
        held.add(new Held(until, () -> {
            if (!future.isDone()) {
                guardLocalApply(index, future, until);
            }
        }, () -> {
            List<CompletableFuture<ApplyResult>> waiting = localApplyWaiters.get(index);
            if (waiting != null && waiting.remove(future)) {
                // committed at the leader, not yet here: it did happen, but we cannot show its result
                future.complete(new ApplyResult.Refused(new RaftError.LeadershipLost()));
            }
        }));
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }

    /** Runs on the Raft thread, or {@code whenStopped} when the node is already stopping. */
    private void submitQuietly(Runnable task, Runnable whenStopped) {
        if (running) {
            inbox.add(task);
        } else {
            whenStopped.run();
        }
    }

    /** A message another server sent; {@code fromAddress} is its Raft address as it told us. */
    void receive(Message message, String fromAddress) {
        if (!running || fatal != null) {
            return;
        }
        inbox.add(() -> {
            if (!fromAddress.isEmpty()) {
                addressBook.put(message.from(), fromAddress);
            }
            core.step(message);
            if (message.from().equals(core.leaderId())) {
                lastLeaderContactNanos = System.nanoTime();
            }
        });
    }

    @Override
    public CompletableFuture<ReadPermit> readBarrier(ReadConsistency consistency) {
        RaftError failed = fatal;
        if (failed != null) {
            return CompletableFuture.completedFuture(new ReadPermit.Refused(failed));
        }
        RaftView v = view;
        if (consistency == ReadConsistency.STALE) {
            // measured now, not when the view was taken: max_stale compares against it
            long lastContact = v.knownLeader() && !"Leader".equals(v.state())
                    ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastLeaderContactNanos) : 0;
            return CompletableFuture.completedFuture(
                    new ReadPermit.Granted(v.knownLeader(), lastContact, ReadConsistency.STALE));
        }
        if (consistency == ReadConsistency.DEFAULT && leaseFresh()) {
            return CompletableFuture.completedFuture(new ReadPermit.Granted(true, 0, ReadConsistency.DEFAULT));
        }
        CompletableFuture<ReadPermit> future = new CompletableFuture<>();
        long deadline = System.nanoTime() + settings.holdTimeout().toNanos();
        submit(() -> requestReadIndex(consistency, future, deadline, true));
        return future.thenApplyAsync(r -> r, callbacks);
    }

    private void requestReadIndex(ReadConsistency consistency, CompletableFuture<ReadPermit> future, long deadline,
            boolean forward) {
        if (fatal != null) {
            future.complete(new ReadPermit.Refused(fatal));
            return;
        }
        if (core.role() != Role.LEADER) {
            if (core.leaderId() == null) {
                held.add(new Held(deadline, () -> requestReadIndex(consistency, future, deadline, forward),
                        () -> future.complete(new ReadPermit.Refused(new RaftError.NoLeader()))));
            } else if (forward && !addressOf(core.leaderId()).isEmpty()) {
                forwardRead(addressOf(core.leaderId()), consistency, future, deadline);
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

    /** Asks the leader for a safe read index, then serves the read here once this server applied it. */
    private void forwardRead(String leaderAddress, ReadConsistency consistency, CompletableFuture<ReadPermit> future,
            long deadline) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        transport.call(leaderAddress, ForwardWire.READ, ForwardWire.readRequest(consistency),
                java.time.Duration.ofMillis(left + 1000))
                .whenComplete((reply, failure) -> submitQuietly(() -> {
                    if (failure != null) {
                        future.complete(new ReadPermit.Refused(new RaftError.NoLeader()));
                        return;
                    }
                    ForwardWire.Reply r = ForwardWire.decode(reply);
                    if (r instanceof ForwardWire.Reply.At at) {
                        waitingReads.add(new WaitingRead(at.index(), new ReadRequest(consistency, future)));
                        serveWaitingReads();
                    } else {
                        future.complete(new ReadPermit.Refused(((ForwardWire.Reply.Refused) r).error()));
                    }
                }, () -> future.complete(new ReadPermit.Refused(new RaftError.ShuttingDown()))));
    }

    @Override
    public RaftView view() {
        return view;
    }

    // ---- snapshots --------------------------------------------------------------------------------

    /**
     * Once per raft_snapshot_interval (at a random point between one and two intervals, so the servers of a
     * cluster do not all snapshot at once), when raft_snapshot_threshold entries were applied since the last
     * snapshot: capture the state machine at the applied index (cheap, here on the Raft thread), write it to
     * a snapshot file on the writer thread while Raft goes on, then (back on the Raft thread) drop the log up
     * to raft_trailing_logs entries before it, so a follower slightly behind still catches up from the log.
     */
    private void maybeSnapshot() {
        long started = System.nanoTime();
        if (snapshots == null || snapshotInFlight || started - nextSnapshotCheckNanos < 0) {
            return;
        }
        nextSnapshotCheckNanos = started + jitteredSnapshotInterval();
        long applied = fsm.lastAppliedIndex();
        if (applied - lastSnapshotIndex < settings.snapshotThreshold() || applied > log.lastIndex()
                || applied < log.firstIndex()) {
            return;
        }
        StateSnapshot state = fsm.snapshot();
        long index = state.index();
        if (index != applied) {
            state.close();
            throw new IllegalStateException("raft: the state machine captured index " + index + " but applied "
                    + applied);
        }
        org.proconsul.raft.core.SnapshotMetadata metadata = new org.proconsul.raft.core.SnapshotMetadata(index,
                log.term(index), log.configurationAt(index));
        String clusterId = log.clusterId();
        snapshotInFlight = true;
        try {
            snapshotWriter.execute(() -> {
                try (state) {
                    SnapshotStore.Stored stored = snapshots.write(metadata, clusterId, state::writeTo);
                    submitQuietly(() -> snapshotWritten(stored, started), () -> { });
                } catch (RuntimeException e) {
                    submitQuietly(() -> snapshotFailed(metadata.index(), e), () -> { });
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            state.close(); // stopping
        }
    }

    private long jitteredSnapshotInterval() {
        long interval = settings.snapshotInterval().toNanos();
        return interval + random.nextLong(interval);
    }

    private void snapshotWritten(SnapshotStore.Stored stored, long started) {
        snapshotInFlight = false;
        long index = stored.metadata().index();
        lastSnapshotIndex = Math.max(lastSnapshotIndex, index);
        long compactTo = index - settings.trailingLogs();
        // an installed snapshot may have replaced the log while this one was written
        if (compactTo > log.snapshotMetadata().index() && compactTo >= log.firstIndex() && compactTo <= log.lastIndex()) {
            log.compact(compactTo, log.term(compactTo));
        }
        LOG.info("raft: snapshot complete node={} index={} term={} bytes={} took_ms={} log_from={}", settings.nodeId(),
                index, stored.metadata().term(), fileSize(stored.file()),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), log.firstIndex());
    }

    /** A full disk or a broken directory: keep serving from the log and try again after half a threshold. */
    private void snapshotFailed(long index, RuntimeException e) {
        snapshotInFlight = false;
        LOG.error("raft: snapshot failed node={} index={}: {}", settings.nodeId(), index, e.getMessage());
        lastSnapshotIndex = Math.max(lastSnapshotIndex, index - settings.snapshotThreshold() / 2);
    }

    private static long fileSize(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.size(p);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** The leader ships its newest snapshot to a follower the log can no longer catch up. */
    private void sendSnapshot(org.proconsul.raft.core.SnapshotNeeded needed) {
        String follower = needed.followerId();
        String address = addressOf(follower);
        java.util.Optional<SnapshotStore.Stored> latest = snapshots == null ? java.util.Optional.empty()
                : snapshots.latest();
        if (address.isEmpty() || latest.isEmpty() || latest.get().metadata().index() < needed.snapshot().index()) {
            core.reportSnapshot(follower, false);
            return;
        }
        if (!sendingSnapshotTo.add(follower)) {
            return;
        }
        SnapshotStore.Stored s = latest.get();
        org.proconsul.raft.core.InstallSnapshot install = needed.installMessage(s.metadata(), s.file().getFileName()
                .toString());
        LOG.info("raft: sending snapshot node={} follower={} index={} bytes={}", settings.nodeId(), follower,
                s.metadata().index(), fileSize(s.file()));
        long started = System.nanoTime();
        snapshotSender.execute(() -> transport.sendSnapshot(address, s.file(), install).whenComplete((ok, failure) ->
                submitQuietly(() -> {
                    sendingSnapshotTo.remove(follower);
                    if (failure != null) {
                        LOG.warn("raft: sending snapshot failed node={} follower={} reason=\"{}\"", settings.nodeId(),
                                follower, rootMessage(failure));
                    } else {
                        LOG.info("raft: snapshot sent node={} follower={} index={} took_ms={}", settings.nodeId(),
                                follower, s.metadata().index(),
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    }
                    core.reportSnapshot(follower, failure == null);
                }, () -> {
                })));
    }

    /** A follower received a whole snapshot file; the leader's InstallSnapshot now goes into the core. */
    void receiveSnapshot(java.nio.file.Path file, org.proconsul.raft.core.InstallSnapshot message, String fromAddress) {
        if (!running) {
            return;
        }
        inbox.add(() -> {
            // a snapshot received before this one that the core did not install (stale, a duplicate) goes now
            if (lastReceivedSnapshot != null && !lastReceivedSnapshot.equals(file)) {
                deleteQuietly(lastReceivedSnapshot);
            }
            lastReceivedSnapshot = file;
            java.util.Optional<SnapshotStore.Stored> s = SnapshotStore.read(file);
            if (s.isEmpty() || !s.get().metadata().equals(message.metadata())) {
                LOG.warn("raft: dropping a damaged or mismatched snapshot node={} from={} file={}", settings.nodeId(),
                        message.from(), file.getFileName());
                deleteQuietly(file);
                return;
            }
            if (!fromAddress.isEmpty()) {
                addressBook.put(message.from(), fromAddress);
            }
            LOG.info("raft: snapshot received node={} from={} index={} term={} bytes={}", settings.nodeId(),
                    message.from(), message.metadata().index(), message.metadata().term(), fileSize(file));
            core.step(new org.proconsul.raft.core.InstallSnapshot(message.from(), message.to(), message.term(),
                    message.clusterId(), message.metadata(), file.toString()));
        });
    }

    private static void deleteQuietly(java.nio.file.Path p) {
        try {
            java.nio.file.Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
            // a temporary file: the next start removes it
        }
    }

    /** After the log was replaced by the snapshot position: replace the state machine too. */
    private void installSnapshot(org.proconsul.raft.core.InstallSnapshot install, SnapshotStore.Stored s) {
        lastReceivedSnapshot = null;
        restoreFrom(s);
        lastSnapshotIndex = s.metadata().index();
        if (!install.clusterId().isEmpty() && log.clusterId().isEmpty()) {
            log.saveClusterId(install.clusterId());
            core.setClusterId(install.clusterId());
        }
        // forwarded writes waiting for an index the snapshot jumped over: they happened, their answer is gone
        for (var it = localApplyWaiters.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (e.getKey() <= s.metadata().index()) {
                e.getValue().forEach(f -> f.complete(new ApplyResult.Refused(new RaftError.LeadershipLost())));
                it.remove();
            }
        }
    }

    // ---- leadership transfer ----------------------------------------------------------------------

    @Override
    public CompletableFuture<org.proconsul.api.raft.TransferResult> transferLeadership(String targetId) {
        if (fatal != null) {
            return CompletableFuture.completedFuture(new org.proconsul.api.raft.TransferResult.Refused(
                    "raft: this server stopped serving"));
        }
        CompletableFuture<org.proconsul.api.raft.TransferResult> future = new CompletableFuture<>();
        submit(() -> startTransfer(targetId == null ? "" : targetId, future, true));
        return future.thenApplyAsync(r -> r, callbacks);
    }

    /** A transfer a follower passed on: {@code ok <leader id>} or {@code error <reason>}. */
    CompletableFuture<byte[]> transferForwarded(byte[] request) {
        CompletableFuture<org.proconsul.api.raft.TransferResult> future = new CompletableFuture<>();
        submit(() -> startTransfer(new String(request, StandardCharsets.UTF_8), future, false));
        return future.thenApplyAsync(r -> (r instanceof org.proconsul.api.raft.TransferResult.Transferred t
                ? "ok " + t.leaderId() : "error " + ((org.proconsul.api.raft.TransferResult.Refused) r).reason())
                .getBytes(StandardCharsets.UTF_8), callbacks);
    }

    private void startTransfer(String target, CompletableFuture<org.proconsul.api.raft.TransferResult> future,
            boolean forward) {
        if (fatal != null) {
            future.complete(new org.proconsul.api.raft.TransferResult.Refused("raft: this server stopped serving"));
            return;
        }
        if (core.role() != Role.LEADER) {
            String leader = addressOf(core.leaderId());
            if (!forward || leader.isEmpty()) {
                future.complete(new org.proconsul.api.raft.TransferResult.Refused("No cluster leader"));
                return;
            }
            transport.call(leader, ForwardWire.TRANSFER, target.getBytes(StandardCharsets.UTF_8),
                    java.time.Duration.ofSeconds(30)).whenComplete((reply, failure) -> {
                        if (failure != null) {
                            future.complete(new org.proconsul.api.raft.TransferResult.Refused(rootMessage(failure)));
                            return;
                        }
                        String text = new String(reply, StandardCharsets.UTF_8);
                        future.complete(text.startsWith("ok ")
                                ? new org.proconsul.api.raft.TransferResult.Transferred(text.substring(3))
                                : new org.proconsul.api.raft.TransferResult.Refused(text.replaceFirst("^error ", "")));
                    });
            return;
        }
        if (transfer != null) {
            future.complete(new org.proconsul.api.raft.TransferResult.Refused(
                    "a leadership transfer to " + transfer.target() + " is already in progress"));
            return;
        }
        String chosen = target.isEmpty() ? mostUpToDateVoter() : target;
        if (chosen == null) {
            future.complete(new org.proconsul.api.raft.TransferResult.Refused(
                    "cannot find a voter to transfer leadership to"));
            return;
        }
        if (chosen.equals(settings.nodeId())) {
            future.complete(new org.proconsul.api.raft.TransferResult.Refused(
                    "cannot transfer leadership to itself"));
            return;
        }
        if (!core.configuration().isVoter(chosen)) {
            future.complete(new org.proconsul.api.raft.TransferResult.Refused(
                    "cannot find voter with id " + chosen + " in the Raft configuration"));
            return;
        }
        LOG.info("raft: transferring leadership node={} target={} term={}", settings.nodeId(), chosen, core.term());
        transfer = new PendingTransfer(chosen, future,
                System.nanoTime() + 2 * settings.electionTicks() * settings.tick().toNanos());
        core.transferLeadership(chosen);
    }

    private String mostUpToDateVoter() {
        String best = null;
        long bestMatch = -1;
        for (var e : core.status().followers().entrySet()) {
            if (e.getValue().voter() && e.getValue().matchIndex() > bestMatch) {
                best = e.getKey();
                bestMatch = e.getValue().matchIndex();
            }
        }
        return best;
    }

    /** Ends a pending transfer once another server leads, or when it took too long. */
    private void settleTransfer(long now) {
        PendingTransfer t = transfer;
        if (t == null) {
            return;
        }
        if (core.role() != Role.LEADER) {
            transfer = null;
            String leader = core.leaderId();
            t.future().complete(new org.proconsul.api.raft.TransferResult.Transferred(leader == null ? t.target() : leader));
        } else if (now - t.deadlineNanos() >= 0) {
            transfer = null;
            t.future().complete(new org.proconsul.api.raft.TransferResult.Refused(
                    "leadership transfer to " + t.target() + " timed out"));
        }
    }

    // ---- membership, driven from gossip ---------------------------------------------------------

    /** True until this server has a configuration: nothing bootstrapped, nothing learnt from a leader. */
    boolean unconfigured() {
        RaftView v = view;
        return v.lastLogIndex() == 0 && v.term() == 0 && v.peers().isEmpty();
    }

    /**
     * Bootstraps with exactly these servers when the log is still empty (bootstrap_expect): every server that
     * saw the same servers writes the same first entry, so they agree without having talked.
     */
    void bootstrap(List<Server> servers) {
        submit(() -> {
            if (fatal != null || core.term() != 0 || log.lastIndex() != 0) {
                return;
            }
            core.bootstrap(new Configuration(servers));
            LOG.info("raft: bootstrapped cluster node={} servers={}", settings.nodeId(), core.configuration().describe());
        });
    }

    /**
     * On the leader, brings the configuration towards the alive servers gossip knows: a new server joins as a
     * non-voter (autopilot promotes it once it is stable); a server that took over the address of an old
     * entry first has the old entry removed; a server that left gossip ({@code departed}) is removed. One
     * change at a time, as single-server changes require.
     */
    void reconcile(List<Server> alive, java.util.Set<String> departed) {
        submit(() -> {
            if (core.role() != Role.LEADER || fatal != null) {
                return;
            }
            Configuration config = core.configuration();
            for (Server s : config.servers()) {
                if (departed.contains(s.id()) && !s.id().equals(settings.nodeId())) {
                    change(org.proconsul.raft.core.ConfigChange.remove(s.id()), "removing server id=" + s.id()
                            + " address=" + s.address() + ": it left the gossip pool");
                    return;
                }
            }
            for (Server s : alive) {
                java.util.Optional<Server> known = config.server(s.id());
                if (known.isPresent() && !known.get().address().equals(s.address())
                        && !s.id().equals(settings.nodeId())) {
                    // the server came back on another address: out with the old entry, then in again as new
                    change(org.proconsul.raft.core.ConfigChange.remove(s.id()), "removing server id=" + s.id()
                            + " to re-add it at its new address=" + s.address() + " (was " + known.get().address() + ")");
                    return;
                }
                if (known.isPresent()) {
                    continue;
                }
                java.util.Optional<Server> stale = config.servers().stream()
                        .filter(o -> o.address().equals(s.address()) && !o.id().equals(s.id())).findFirst();
                if (stale.isPresent()) {
                    change(org.proconsul.raft.core.ConfigChange.remove(stale.get().id()),
                            "removing server id=" + stale.get().id() + " replaced at address=" + s.address());
                } else {
                    change(org.proconsul.raft.core.ConfigChange.addNonVoter(s.id(), s.address()),
                            "adding server as non-voter id=" + s.id() + " address=" + s.address());
                }
                return;
            }
        });
    }

    /** Autopilot's promotion of a stable non-voter. */
    @Override
    public CompletableFuture<org.proconsul.api.raft.MembershipResult> promote(String id) {
        return changeMembership(id, true);
    }

    /** Autopilot's cleanup of a dead server, or an operator's remove-peer. */
    @Override
    public CompletableFuture<org.proconsul.api.raft.MembershipResult> removeServer(String id) {
        return changeMembership(id, false);
    }

    private CompletableFuture<org.proconsul.api.raft.MembershipResult> changeMembership(String id, boolean promote) {
        CompletableFuture<org.proconsul.api.raft.MembershipResult> future = new CompletableFuture<>();
        submit(() -> {
            if (fatal != null || core.role() != Role.LEADER) {
                future.complete(new org.proconsul.api.raft.MembershipResult.Refused(
                        fatal != null ? "raft: this server stopped serving" : "No cluster leader"));
                return;
            }
            java.util.Optional<Server> known = core.configuration().server(id);
            if (known.isEmpty()) {
                future.complete(new org.proconsul.api.raft.MembershipResult.Refused(
                        "id \"" + id + "\" was not found in the Raft configuration"));
                return;
            }
            if (promote && known.get().voter()) {
                future.complete(new org.proconsul.api.raft.MembershipResult.Refused("server " + id + " already votes"));
                return;
            }
            org.proconsul.raft.core.ConfigChange change = promote ? org.proconsul.raft.core.ConfigChange.promote(id)
                    : org.proconsul.raft.core.ConfigChange.remove(id);
            Proposal p = core.proposeConfigChange(change);
            if (p instanceof Proposal.Accepted a) {
                LOG.info("raft: {} server id={} address={} node={} index={}", promote ? "promoting" : "removing", id,
                        known.get().address(), settings.nodeId(), a.index());
                future.complete(new org.proconsul.api.raft.MembershipResult.Appended(a.index()));
            } else {
                future.complete(new org.proconsul.api.raft.MembershipResult.Refused(
                        p instanceof Proposal.Rejected r ? r.reason() : "No cluster leader"));
            }
        });
        return future.thenApplyAsync(r -> r, callbacks);
    }

    private void change(org.proconsul.raft.core.ConfigChange change, String what) {
        Proposal p = core.proposeConfigChange(change);
        if (p instanceof Proposal.Accepted a) {
            LOG.info("raft: {} node={} index={}", what, settings.nodeId(), a.index());
        } else {
            LOG.debug("raft: not yet {}: {}", what, p);
        }
    }

    // ---- the loop -------------------------------------------------------------------------------

    private void submit(Runnable task) {
        if (!running || fatal != null) {
            // the loop is gone or going: run the task here, where it finds fatal set and refuses at once
            task.run();
            return;
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
                    // a stalled loop catches up on the ticks it missed, so the core's clock (leases, election
                    // timeouts) does not fall behind real time; beyond two election timeouts nothing changes
                    int missed = 0;
                    while (now - nextTick >= 0 && missed++ < 2 * settings.electionTicks()) {
                        core.tick();
                        nextTick += tickNanos;
                    }
                    if (now - nextTick >= 0) {
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
                stopServing(e.getMessage(), e);
                return;
            } catch (RuntimeException | Error e) {
                // whatever killed the loop must not leave a server that looks alive and serves frozen state
                stopServing(e.toString(), e);
                return;
            }
        }
    }

    /**
     * The core counts its lease in ticks; the loop publishes it for reads served off the Raft thread. If the
     * loop stalls (a long fsync, a large snapshot) the published lease must not outlive the stall, so it is
     * trusted for one tick after it was computed, and otherwise the read goes through the Raft thread.
     */
    private void publishLease() {
        leaseHeld = fatal == null && core.role() == Role.LEADER && core.leaseValid();
        leaseCheckedAtNanos = System.nanoTime();
    }

    private boolean leaseFresh() {
        return leaseHeld && System.nanoTime() - leaseCheckedAtNanos < settings.tick().toNanos();
    }

    private void stopServing(String reason, Throwable cause) {
        LOG.error("raft: this server stops serving node={}: {}", settings.nodeId(), reason, cause);
        fatal = new RaftError.StorageFailed(reason);
        leaseHeld = false;
        failEverything(fatal);
        view = snapshotView();
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
            // keep the received snapshot before the log forgets its entries: a crash in between must find it
            SnapshotStore.Stored installing = ready.snapshotToInstall() == null ? null
                    : snapshots.adopt(java.nio.file.Path.of(ready.snapshotToInstall().dataReference()));
            // A leader's replication goes out before its own fsync, so the followers' disks work in parallel
            // with its own (Raft thesis 10.2.1): the core counts the leader's copy only after advance, so a
            // commit still needs a majority of persisted copies. Everything else waits for the fsync.
            List<Message> later = ready.messages();
            if (core.role() == Role.LEADER && ready.mustPersist()) {
                List<Message> early = new ArrayList<>();
                later = new ArrayList<>();
                for (Message m : ready.messages()) {
                    (m instanceof org.proconsul.raft.core.AppendEntries ? early : later).add(m);
                }
                send(early);
            }
            log.persist(ready);
            if (installing != null) {
                installSnapshot(ready.snapshotToInstall(), installing);
            }
            if (ready.softState() != null) {
                // publish the new role before any callback of this Ready can observe the old one
                publishLease();
                view = snapshotView();
            }
            send(later);
            applyCommitted(ready.committed());
            for (ReadState rs : ready.readStates()) {
                answerReadIndex(rs);
            }
            for (String event : ready.events()) {
                LOG.info("raft: {} node={}", event, settings.nodeId());
            }
            ready.dropped().forEach(this::reportDrop);
            ready.snapshotsNeeded().forEach(this::sendSnapshot);
            core.advance(ready);
            if (ready.softState() != null) {
                roleChanged();
            }
        }
        serveWaitingReads();
        settleTransfer(System.nanoTime());
        maybeSnapshot();
        publishLease();
        view = snapshotView();
    }

    private void send(List<Message> messages) {
        for (Message m : messages) {
            String address = addressOf(m.to());
            if (!address.isEmpty()) {
                transport.send(address, m);
            }
        }
    }

    /**
     * Applies committed entries in runs of at most {@value #MAX_APPLY_RUN} entries or about 4 MiB, each run
     * one storage write, then answers their proposers. Entries the state machine already holds (the log
     * re-delivers them after a restart) are only answered.
     */
    private void applyCommitted(List<Entry> committed) {
        int from = 0;
        while (from < committed.size()) {
            int to = from;
            long bytes = 0;
            // a run is bounded in entries and in bytes: one storage write holds all of it in memory
            while (to < committed.size() && to - from < MAX_APPLY_RUN && (to == from || bytes < MAX_APPLY_RUN_BYTES)) {
                bytes += committed.get(to).data().length;
                to++;
            }
            List<Entry> run = committed.subList(from, to);
            Object[] responses = applyRun(run);
            for (int i = 0; i < run.size(); i++) {
                answer(run.get(i), responses[i]);
            }
            from = to;
        }
    }

    private Object[] applyRun(List<Entry> run) {
        Object[] responses = new Object[run.size()];
        int first = 0;
        while (first < run.size() && run.get(first).index() <= fsm.lastAppliedIndex()) {
            first++;
        }
        if (first == run.size()) {
            return responses;
        }
        List<byte[]> commands = new ArrayList<>(run.size() - first);
        for (Entry entry : run.subList(first, run.size())) {
            boolean meta = isMeta(entry);
            if (meta) {
                applyMeta(entry);
            }
            commands.add(meta || entry.type() != EntryType.COMMAND ? null : entry.data());
        }
        List<Object> applied;
        try {
            applied = fsm.applyAll(run.get(first).index(), commands);
        } catch (StorageException e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            // one of them cannot be applied and nothing was written: apply them one at a time to find it
            for (int i = first; i < run.size(); i++) {
                Entry entry = run.get(i);
                byte[] command = commands.get(i - first);
                if (command == null) {
                    fsm.skip(entry.index());
                } else {
                    responses[i] = applyCommand(entry.index(), command);
                }
            }
            rememberResponses(run, responses, first);
            return responses;
        }
        for (int i = first; i < run.size(); i++) {
            responses[i] = applied.get(i - first);
        }
        rememberResponses(run, responses, first);
        return responses;
    }

    private void rememberResponses(List<Entry> run, Object[] responses, int first) {
        for (int i = first; i < run.size(); i++) {
            if (run.get(i).type() == EntryType.COMMAND && !isMeta(run.get(i))) {
                recentResponses.put(run.get(i).index(), responses[i]);
            }
        }
    }

    private static boolean isMeta(Entry entry) {
        return entry.type() == EntryType.COMMAND && entry.data().length > 0 && entry.data()[0] == META_COMMAND;
    }

    private void answer(Entry entry, Object response) {
        long index = entry.index();
        List<CompletableFuture<ApplyResult>> forwarded = localApplyWaiters.remove(index);
        if (forwarded != null) {
            for (CompletableFuture<ApplyResult> f : forwarded) {
                f.complete(new ApplyResult.Applied(index, response));
            }
        }
        Pending p = pending.remove(index);
        if (p != null) {
            p.future().complete(p.term() == entry.term() ? new ApplyResult.Applied(index, response)
                    : new ApplyResult.Refused(new RaftError.LeadershipLost()));
        }
    }

    /**
     * A committed command the state machine cannot apply (a newer version's, or garbage a peer sent) is the
     * same on every server: each skips it and logs it, instead of stopping the Raft loop on all of them.
     */
    private Object applyCommand(long index, byte[] command) {
        try {
            return fsm.apply(index, command);
        } catch (StorageException e) {
            throw e; // the disk, not the command: stop serving rather than skip it
        } catch (RuntimeException | AssertionError e) {
            LOG.error("raft: skipping a committed command the state machine cannot apply node={} index={} bytes={}: {}",
                    settings.nodeId(), index, command.length, e.toString());
            if (fsm.lastAppliedIndex() < index) {
                fsm.skip(index);
            }
            return null;
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
        // queued work first: with fatal set it refuses, and anything it parks is failed below
        Runnable task;
        while ((task = inbox.poll()) != null) {
            task.run();
        }
        pending.values().forEach(p -> p.future().complete(new ApplyResult.Refused(error)));
        pending.clear();
        localApplyWaiters.values().forEach(l -> l.forEach(f -> f.complete(new ApplyResult.Refused(error))));
        localApplyWaiters.clear();
        readIndexRequests.values().forEach(r -> r.future().complete(new ReadPermit.Refused(error)));
        readIndexRequests.clear();
        waitingReads.forEach(w -> w.request().future().complete(new ReadPermit.Refused(error)));
        waitingReads.clear();
        held.forEach(h -> h.giveUp().run());
        held.clear();
        if (transfer != null) {
            transfer.future().complete(new org.proconsul.api.raft.TransferResult.Refused("raft is already shutdown"));
            transfer = null;
        }
    }

    private String addressOf(String id) {
        if (id == null) {
            return "";
        }
        return core.configuration().server(id).map(Server::address).orElseGet(() -> addressBook.getOrDefault(id, ""));
    }

    /** A refused message is told once per sender and reason: a carved-off cluster would otherwise flood the log. */
    private void reportDrop(org.proconsul.raft.core.DroppedMessage d) {
        String key = d.message().from() + " " + d.reason();
        if (reportedDrops.size() > 1024) {
            reportedDrops.clear();
        }
        if (reportedDrops.add(key)) {
            LOG.warn("raft: dropped messages from another cluster or for another server node={} from={} reason=\"{}\""
                    + " (told once per sender)", settings.nodeId(), d.message().from(), d.reason());
        }
    }

    /** A follower's replication figures as the leader sees them. */
    private record Figures(long lastIndex, long lastTerm, long lastContactMs) {
        static final Figures UNKNOWN = new Figures(0, 0, -1);
    }

    private java.util.Map<String, Figures> followerFigures = java.util.Map.of();
    private long followerFiguresAt;

    /**
     * The followers' figures for the view, refreshed at most once a tick: the view is rebuilt on every turn
     * of the loop, and under load the core's full status on every turn is wasted work. Contact counts from
     * the end of the heartbeat interval, so a follower that answers every heartbeat shows (about) 0 at any
     * raft_multiplier: the leader only talks to an idle follower once per interval.
     */
    private java.util.Map<String, Figures> followerFigures() {
        long now = System.nanoTime();
        if (now - followerFiguresAt >= settings.tick().toNanos() || followerFigures.isEmpty()) {
            org.proconsul.raft.core.RaftStatus status = core.status();
            long tickMs = settings.tick().toMillis();
            java.util.Map<String, Figures> figures = new java.util.HashMap<>();
            status.followers().forEach((id, f) -> {
                long term = f.matchIndex() == 0 ? 0 : log.term(f.matchIndex());
                long silentTicks = Math.max(0, status.tick() - f.lastContactTick() - settings.heartbeatTicks());
                figures.put(id, new Figures(f.matchIndex(), Math.max(0, term), silentTicks * tickMs));
            });
            followerFigures = figures;
            followerFiguresAt = now;
        }
        return followerFigures;
    }

    private Figures figuresOf(String id, java.util.Map<String, Figures> followers) {
        if (id.equals(settings.nodeId())) {
            long last = log.lastIndex();
            return new Figures(last, Math.max(0, log.term(last)), 0);
        }
        return followers.getOrDefault(id, Figures.UNKNOWN);
    }

    private RaftView snapshotView() {
        Role role = core.role();
        String leaderId = core.leaderId();
        List<RaftPeer> peers = new ArrayList<>();
        java.util.Map<String, Figures> followers = role == Role.LEADER ? followerFigures() : java.util.Map.of();
        for (Server s : core.configuration().servers()) {
            Figures f = figuresOf(s.id(), followers);
            peers.add(new RaftPeer(s.id(), s.address(), s.voter(), f.lastIndex(), f.lastTerm(), f.lastContactMs()));
        }
        long lastContact = role == Role.LEADER || leaderId == null ? 0
                : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastLeaderContactNanos);
        String state = fatal != null ? "Shutdown" : switch (role) {
            case LEADER -> "Leader";
            case CANDIDATE, PRE_CANDIDATE -> "Candidate";
            default -> "Follower";
        };
        if (fatal != null) {
            leaderId = null; // a server that stopped serving must not point clients at a leader through itself
        }
        return new RaftView(state, core.term(), leaderId == null ? "" : leaderId, addressOf(leaderId), lastContact,
                core.commitIndex(), fsm.lastAppliedIndex(), log.lastIndex(), List.copyOf(peers), core.configurationIndex());
    }
}
