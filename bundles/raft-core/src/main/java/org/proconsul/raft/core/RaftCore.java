package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.proconsul.raft.core.quorum.MajorityQuorum;
import org.proconsul.raft.core.quorum.VoteResult;

/**
 * One Raft server as a deterministic state machine: no threads, no clocks, no I/O. Not thread-safe: the
 * driver calls it from one thread (or under one lock).
 *
 * <h2>Inputs</h2>
 * {@link #tick()} advances logical time (the driver decides the tick length); {@link #step(Message)} delivers a
 * message from a peer; {@link #propose}, {@link #proposeConfigChange}, {@link #readIndex},
 * {@link #transferLeadership} and {@link #bootstrap} come from clients and operators.
 *
 * <h2>The driver's turn</h2>
 * Whenever {@link #hasReady()} is true the driver takes {@code Ready r = core.ready()} and then, in this order:
 * <ol>
 *   <li><b>persists</b> {@code r.snapshotToInstall()}, {@code r.entries()} (cutting the persisted log after
 *       {@code r.truncateAfter()} first) and {@code r.hardState()} to its {@link RaftLog}, durably (fsync) —
 *       {@link RaftLog#persist(Ready)} does this — because votes and acknowledgements in the messages promise
 *       that this state survives a crash;</li>
 *   <li><b>sends</b> {@code r.messages()};</li>
 *   <li><b>applies</b>: restores the state machine from {@code r.snapshotToInstall()} if present, applies
 *       {@code r.committed()} in order, answers {@code r.readStates()} (a confirmed read may be served once
 *       the applied index reaches its readIndex), hands {@code r.snapshotsNeeded()} to its snapshot sender and
 *       logs {@code r.events()} and {@code r.dropped()};</li>
 *   <li>calls {@link #advance(Ready) advance(r)}.</li>
 * </ol>
 * {@code ready()} may not be called again before {@code advance}; {@code tick}, {@code step} and proposals may
 * be, and their output waits for the next Ready. The core checks across this boundary: {@code advance} fails
 * with {@link IllegalStateException} if the log does not hold what the Ready asked to persist.
 *
 * <h2>How the driver learns that its proposals committed</h2>
 * {@link #propose} answers {@link Proposal.Accepted}(index, term). The entry counts as committed when a later
 * Ready's {@code committed()} list contains an entry with that index; it is the driver's entry if the term
 * matches and was lost (overwritten by another leader) otherwise. A leader counts its own copy of an entry only
 * once it is persisted, which the core learns from {@code advance}: a single-voter cluster therefore commits a
 * proposal in the Ready that follows the {@code advance} of the Ready that carried the entry.
 *
 * <h2>Reads</h2>
 * {@link #readIndex(long)} on a leader answers with a {@link ReadState} in some later Ready once a quorum has
 * answered a heartbeat round sent after the request (at once for a single voter); on any other server, or if
 * leadership is lost first, the ReadState is a rejection ({@link ReadState#isConfirmed()} false) so the driver
 * can answer "no leader". {@link #leaseValid()} supports reads without a round trip.
 *
 * <h2>Snapshots</h2>
 * When a follower needs entries the leader has compacted, the leader's Ready lists a {@link SnapshotNeeded};
 * the driver ships a snapshot and reports the outcome with {@link #reportSnapshot}. On the follower the driver
 * steps the leader's {@link InstallSnapshot} once the data arrived and installs it via
 * {@code r.snapshotToInstall()}.
 *
 * <h2>Cluster identity</h2>
 * The driver sets the cluster id with {@link #setClusterId} when it learns it (from the state machine after
 * applying the first leader's cluster-id command, or at start from its own state); the core does not persist
 * it. Messages carry it; inbound messages with a different non-empty id are dropped before any term check.
 *
 * <p>Broken internal invariants throw {@link AssertionError}; caller mistakes throw
 * {@link IllegalArgumentException} or {@link IllegalStateException}.
 */
public final class RaftCore {

    /** Bounds the committed entries handed out in one Ready; the rest follow in the next ones. */
    static final int MAX_COMMITTED_PER_READY = 1024;

    private final RaftConfig config;
    private final String selfId;
    private final RaftLog log;
    private final LogView view;
    private final RandomGenerator random;
    private final ConfigurationHistory configurations;

    private String clusterId = "";
    private long term;
    private String votedFor;
    private long commitIndex;
    private long appliedIndex;
    private Role role = Role.FOLLOWER;
    private String leaderId;

    private long tickCount;
    private long electionElapsed;
    private long randomizedElectionTimeout;
    /**
     * Ticks since a leader was last heard. Starts at 0 so that a restarted server keeps refusing votes for an
     * election timeout, as it would have before the crash: a leader's lease may count on it.
     */
    private long ticksSinceLeaderContact;
    private Map<String, Boolean> votes;
    private Leader leader;
    private InstallSnapshot snapshotToInstall;

    private final List<Message> outbox = new ArrayList<>();
    private final List<ReadState> readStates = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final List<DroppedMessage> dropped = new ArrayList<>();
    private final List<SnapshotNeeded> snapshotsNeeded = new ArrayList<>();
    private HardState handedHardState;
    private SoftState handedSoftState;
    private Ready outstanding;

    /**
     * Recovers from whatever {@code log} holds: hard state, entries, snapshot position and the configuration
     * they imply. The applied index starts at the snapshot index: the driver restores its state machine from
     * the snapshot and receives every committed entry after it again.
     */
    public RaftCore(RaftConfig config, RaftLog log, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.log = Objects.requireNonNull(log, "log");
        this.random = Objects.requireNonNull(random, "random");
        List<String> problems = config.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid raft config: " + String.join("; ", problems));
        }
        this.selfId = config.selfId();
        this.view = new LogView(log);
        HardState hard = log.hardState();
        SnapshotMetadata snapshot = log.snapshotMetadata();
        if (hard.commitIndex() > log.lastIndex()) {
            throw new IllegalStateException("persisted commit index " + hard.commitIndex() + " beyond last log index "
                    + log.lastIndex());
        }
        this.term = hard.term();
        this.votedFor = hard.votedFor();
        long lastTerm = log.term(log.lastIndex());
        if (lastTerm > term) {
            // entries reached the disk but the hard state of the same Ready did not: nothing was sent yet, so
            // adopting the entries' term without a vote promises nothing we did not keep
            this.term = lastTerm;
            this.votedFor = null;
        }
        this.commitIndex = Math.max(hard.commitIndex(), snapshot.index());
        this.appliedIndex = snapshot.index();
        this.configurations = ConfigurationHistory.recover(log, commitIndex);
        this.handedHardState = hard;
        this.handedSoftState = softState();
        resetElectionTimer();
    }

    // =====================================================================================================
    // inputs

    /** Advances logical time by one tick. */
    public void tick() {
        tickCount++;
        if (role == Role.LEADER) {
            if (!leader.tick()) {
                event("stepping down: no contact with a quorum for " + config.electionTicks() + " ticks term=" + term);
                becomeFollower(term, null);
            }
            return;
        }
        electionElapsed++;
        ticksSinceLeaderContact++;
        if (electionElapsed >= randomizedElectionTimeout) {
            electionElapsed = 0;
            if (promotable()) {
                campaign(false);
            } else {
                resetElectionTimer();
            }
        }
    }

    /** Delivers a message from a peer. */
    public void step(Message m) {
        Objects.requireNonNull(m, "message");
        String dropReason = dropReason(m);
        if (dropReason != null) {
            dropped.add(new DroppedMessage(m, dropReason));
            return;
        }
        if (m.term() > term) {
            if (!acceptHigherTerm(m)) {
                return;
            }
        } else if (m.term() < term) {
            answerStaleTerm(m);
            return;
        }
        if (m instanceof RequestVote rv) {
            handleVoteRequest(rv);
        } else {
            switch (role) {
                case FOLLOWER:
                    stepFollower(m);
                    break;
                case PRE_CANDIDATE:
                case CANDIDATE:
                    stepCandidate(m);
                    break;
                case LEADER:
                    stepLeader(m);
                    break;
                default:
                    throw new AssertionError("unknown role " + role);
            }
        }
        stepDownIfRemoved();
    }

    /** Appends a command if this server leads; see the class comment for how its commit is signalled. */
    public Proposal propose(byte[] command) {
        Objects.requireNonNull(command, "command");
        if (role != Role.LEADER) {
            return new Proposal.NotLeader(leaderId);
        }
        if (leader.transferring()) {
            return new Proposal.Rejected("leadership transfer to " + leader.transferTarget() + " in progress");
        }
        Entry e = appendAsLeader(EntryType.COMMAND, command);
        return new Proposal.Accepted(e.index(), e.term());
    }

    /**
     * Proposes a single-server membership change. It takes effect on this leader at once (configurations apply
     * when appended); another change is refused until this one commits.
     */
    public Proposal proposeConfigChange(ConfigChange change) {
        Objects.requireNonNull(change, "change");
        if (role != Role.LEADER) {
            return new Proposal.NotLeader(leaderId);
        }
        if (leader.transferring()) {
            return new Proposal.Rejected("leadership transfer to " + leader.transferTarget() + " in progress");
        }
        if (!leader.ownTermCommitted()) {
            // a leader must commit in its own term before changing membership, or two single-server changes
            // from different terms could overlap without a common majority
            return new Proposal.Rejected("leader has not committed an entry in its term yet");
        }
        if (configurations.latestIndex() > commitIndex) {
            return new Proposal.Rejected("configuration change at index " + configurations.latestIndex()
                    + " is not committed yet");
        }
        String reason = change.rejectionReason(configuration());
        if (reason != null) {
            return new Proposal.Rejected(reason);
        }
        Configuration next = change.applyTo(configuration());
        Entry e = appendAsLeader(EntryType.CONFIGURATION, ConfigurationCodec.encode(next));
        return new Proposal.Accepted(e.index(), e.term());
    }

    /** Asks for a linearizable read point; the answer is a {@link ReadState} in a later Ready. */
    public void readIndex(long requestId) {
        if (role != Role.LEADER) {
            readStates.add(ReadState.rejected(requestId, ReadState.ReadStatus.NOT_LEADER, leaderId));
            return;
        }
        leader.readIndex(requestId);
    }

    /**
     * Hands leadership to {@code targetId}: once its log is up to date it gets a {@link TimeoutNow} and
     * campaigns at once. Proposals are refused meanwhile; the attempt is abandoned after electionTicks. Refusals
     * (not leader, target not a voter) are reported as events.
     */
    public void transferLeadership(String targetId) {
        Objects.requireNonNull(targetId, "targetId");
        if (role != Role.LEADER) {
            event("leadership transfer to " + targetId + " ignored: not the leader");
            return;
        }
        leader.transferLeadership(targetId, configuration());
    }

    /**
     * Writes {@code configuration} as entry 1 at term 1 on an empty server, as Consul's bootstrap does. Every
     * server bootstrapped should get the same configuration; a sole voter then elects itself within one
     * election timeout.
     */
    public void bootstrap(Configuration configuration) {
        Objects.requireNonNull(configuration, "configuration");
        if (term != 0 || view.lastIndex() != 0 || log.snapshotMetadata().index() != 0) {
            throw new IllegalStateException("bootstrap needs an empty log: term=" + term + " lastIndex="
                    + view.lastIndex());
        }
        if (configuration.voterIds().isEmpty()) {
            throw new IllegalArgumentException("bootstrap configuration has no voters");
        }
        setTerm(1);
        Entry entry = Entry.configuration(1, 1, configuration);
        view.append(List.of(entry));
        configurations.appended(1, configuration);
        event("bootstrapped configuration " + configuration.describe());
    }

    /** Sets the cluster id; it may be set once, then only repeated. */
    public void setClusterId(String id) {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("cluster id must not be empty");
        }
        if (clusterId.equals(id)) {
            return;
        }
        if (!clusterId.isEmpty()) {
            throw new IllegalStateException("cluster id already set to " + clusterId + ", refusing " + id);
        }
        clusterId = id;
        event("cluster id set to " + id);
    }

    /** The driver finished (or gave up) sending a snapshot requested by {@link SnapshotNeeded}. */
    public void reportSnapshot(String followerId, boolean success) {
        Objects.requireNonNull(followerId, "followerId");
        if (role == Role.LEADER) {
            leader.reportSnapshot(followerId, success);
        }
    }

    /**
     * True while this leader may serve reads from its own state without a round trip: check-quorum is on, it
     * committed an entry of its term, it did not start a leadership transfer, and a quorum acknowledged a
     * heartbeat sent less than electionTicks - 1 ticks ago.
     */
    public boolean leaseValid() {
        return role == Role.LEADER && leader.leaseValid();
    }

    // =====================================================================================================
    // outputs

    /**
     * Whether {@link #ready()} has anything to hand out. Always false between {@code ready()} and
     * {@code advance()}.
     */
    public boolean hasReady() {
        if (outstanding != null) {
            return false;
        }
        return !outbox.isEmpty() || !readStates.isEmpty() || !events.isEmpty() || !dropped.isEmpty()
                || !snapshotsNeeded.isEmpty() || view.hasUnpersisted() || snapshotToInstall != null
                || (leader != null && leader.flushPending())
                || !hardState().equals(handedHardState) || !softState().equals(handedSoftState)
                || commitIndex > applyBaseline();
    }

    /** Takes everything to persist, send and apply; see the class comment for the order. */
    public Ready ready() {
        if (outstanding != null) {
            throw new IllegalStateException("advance() the previous Ready before taking another");
        }
        if (leader != null) {
            leader.flush();
        }
        HardState hard = hardState();
        SoftState soft = softState();
        InstallSnapshot snapshot = snapshotToInstall;
        snapshotToInstall = null;
        long baseline = applyBaseline(snapshot);
        List<Entry> committed = baseline < commitIndex
                ? view.entries(baseline + 1, Math.min(commitIndex, baseline + MAX_COMMITTED_PER_READY))
                : List.of();
        Ready ready = new Ready(
                hard.equals(handedHardState) ? null : hard,
                snapshot,
                view.truncateAfter(),
                view.unpersistedEntries(),
                drain(outbox),
                committed,
                drain(readStates),
                soft.equals(handedSoftState) ? null : soft,
                drain(events),
                drain(dropped),
                drain(snapshotsNeeded));
        handedHardState = hard;
        handedSoftState = soft;
        outstanding = ready;
        return ready;
    }

    /** The driver finished {@code ready}: it is persisted, sent and applied. */
    public void advance(Ready ready) {
        if (ready == null || ready != outstanding) {
            throw new IllegalStateException("advance() takes the Ready last returned by ready()");
        }
        checkPersisted(ready);
        outstanding = null;
        if (ready.snapshotToInstall() != null) {
            SnapshotMetadata s = ready.snapshotToInstall().metadata();
            view.snapshotPersisted(s);
            setApplied(Math.max(appliedIndex, s.index()));
        }
        if (!ready.entries().isEmpty()) {
            Entry last = ready.entries().get(ready.entries().size() - 1);
            view.persistedTo(last.index(), last.term());
        }
        if (!ready.committed().isEmpty()) {
            long first = ready.committed().get(0).index();
            if (first != appliedIndex + 1) {
                throw new AssertionError("committed entries start at " + first + " after applied " + appliedIndex);
            }
            setApplied(ready.committed().get(ready.committed().size() - 1).index());
        }
        if (role == Role.LEADER) {
            maybeCommit();
        }
        stepDownIfRemoved();
    }

    /** The other half of the persistence contract: the log must now hold what the Ready asked for. */
    private void checkPersisted(Ready ready) {
        if (ready.snapshotToInstall() != null) {
            SnapshotMetadata s = ready.snapshotToInstall().metadata();
            SnapshotMetadata persisted = log.snapshotMetadata();
            if (persisted.index() != s.index() || persisted.term() != s.term()) {
                throw new IllegalStateException("driver did not persist snapshot " + s + "; log has " + persisted);
            }
        }
        if (!ready.entries().isEmpty()) {
            Entry last = ready.entries().get(ready.entries().size() - 1);
            if (log.term(last.index()) != last.term()) {
                throw new IllegalStateException("driver did not persist entry " + last.index() + " term " + last.term()
                        + "; log has term " + log.term(last.index()));
            }
        }
        if (ready.hardState() != null && !ready.hardState().equals(log.hardState())) {
            throw new IllegalStateException("driver did not persist " + ready.hardState() + "; log has "
                    + log.hardState());
        }
    }

    public RaftStatus status() {
        return new RaftStatus(selfId, role, term, leaderId, commitIndex, view.firstIndex(), view.lastIndex(),
                appliedIndex, configuration(), leader == null ? Map.of() : leader.followerStatus(),
                leader == null ? null : leader.transferTarget(), tickCount);
    }

    public String selfId() {
        return selfId;
    }

    public Role role() {
        return role;
    }

    public long term() {
        return term;
    }

    public String leaderId() {
        return leaderId;
    }

    public long commitIndex() {
        return commitIndex;
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public String clusterId() {
        return clusterId;
    }

    /** The configuration in force: the latest one in the log, committed or not. */
    public Configuration configuration() {
        return configurations.current();
    }

    /** The log index of the entry that holds the current configuration (0 when there is none). */
    public long configurationIndex() {
        return configurations.latestIndex();
    }

    // =====================================================================================================
    // message handling

    private String dropReason(Message m) {
        if (!m.to().equals(selfId)) {
            return "addressed to " + m.to() + ", not " + selfId;
        }
        if (m.from().equals(selfId)) {
            return "message from self";
        }
        if (!m.clusterId().isEmpty() && !clusterId.isEmpty() && !m.clusterId().equals(clusterId)) {
            return "cluster id mismatch: message has " + m.clusterId() + ", this server has " + clusterId;
        }
        return null;
    }

    /** Handles the term part of a message with a newer term; false when the message must go no further. */
    private boolean acceptHigherTerm(Message m) {
        if (m instanceof RequestVote rv) {
            boolean leaseApplies = rv.preVote() || config.checkQuorum();
            if (!rv.leadershipTransfer() && leaseApplies && inLease()) {
                if (rv.preVote()) {
                    send(new RequestVoteResponse(selfId, rv.from(), term, clusterId, true, false));
                }
                // a real vote is ignored outright: bumping our term would depose the leader we still hear from
                return false;
            }
            if (rv.preVote()) {
                return true; // a pre-vote never moves our term
            }
            becomeFollower(m.term(), null);
            return true;
        }
        if (m instanceof RequestVoteResponse r && r.preVote() && r.granted()) {
            return true; // carries the term we asked about, not a term anyone is in
        }
        boolean fromLeader = m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot
                || m instanceof TimeoutNow;
        becomeFollower(m.term(), fromLeader ? m.from() : null);
        return true;
    }

    /** Tells a sender with an older term about ours, so a stale leader or candidate steps down. */
    private void answerStaleTerm(Message m) {
        if (m instanceof AppendEntries || m instanceof InstallSnapshot) {
            send(new AppendEntriesResponse(selfId, m.from(), term, clusterId, false, 0, 0, 0, 0));
        } else if (m instanceof Heartbeat) {
            send(new HeartbeatResponse(selfId, m.from(), term, clusterId, 0, 0));
        } else if (m instanceof RequestVote rv) {
            send(new RequestVoteResponse(selfId, rv.from(), term, clusterId, rv.preVote(), false));
        }
    }

    private boolean inLease() {
        return role == Role.LEADER || ticksSinceLeaderContact < config.electionTicks();
    }

    private void stepFollower(Message m) {
        if (m instanceof AppendEntries ae) {
            heardFromLeader(ae.from());
            handleAppend(ae);
        } else if (m instanceof Heartbeat hb) {
            heardFromLeader(hb.from());
            handleHeartbeat(hb);
        } else if (m instanceof InstallSnapshot is) {
            heardFromLeader(is.from());
            handleInstallSnapshot(is);
        } else if (m instanceof TimeoutNow tn) {
            handleTimeoutNow(tn);
        }
        // responses belong to a role we no longer have: ignore them
    }

    private void stepCandidate(Message m) {
        if (m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot) {
            becomeFollower(term, m.from());
            stepFollower(m);
        } else if (m instanceof RequestVoteResponse r) {
            handleVoteResponse(r);
        }
    }

    private void stepLeader(Message m) {
        if (m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot) {
            throw new AssertionError("two leaders in term " + term + ": " + selfId + " and " + m.from());
        }
        if (m instanceof AppendEntriesResponse r) {
            leader.handleAppendResponse(r);
        } else if (m instanceof HeartbeatResponse r) {
            leader.handleHeartbeatResponse(r);
        }
    }

    private void heardFromLeader(String id) {
        if (leaderId != null && !leaderId.equals(id)) {
            throw new AssertionError("two leaders in term " + term + ": " + leaderId + " and " + id);
        }
        if (leaderId == null) {
            leaderId = id;
            event("following leader=" + id + " term=" + term);
        }
        electionElapsed = 0;
        ticksSinceLeaderContact = 0;
    }

    private void handleAppend(AppendEntries m) {
        if (m.prevIndex() < commitIndex) {
            // everything committed matches the leader already; tell it where to continue
            send(new AppendEntriesResponse(selfId, m.from(), term, clusterId, true, commitIndex, 0, 0, 0));
            return;
        }
        if (view.term(m.prevIndex()) != m.prevTerm()) {
            long hintIndex = view.lastIndexWithTermAtMost(m.prevIndex(), m.prevTerm());
            send(new AppendEntriesResponse(selfId, m.from(), term, clusterId, false, 0, m.prevIndex(), hintIndex,
                    view.term(hintIndex)));
            return;
        }
        appendFromLeader(m.entries());
        long lastNew = m.prevIndex() + m.entries().size();
        commitTo(Math.min(m.leaderCommit(), lastNew));
        send(new AppendEntriesResponse(selfId, m.from(), term, clusterId, true, lastNew, 0, 0, 0));
    }

    /** Appends what is new, replacing a conflicting suffix; entries we already hold are left alone. */
    private void appendFromLeader(List<Entry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (view.term(e.index()) == e.term()) {
                continue;
            }
            if (e.index() <= commitIndex) {
                throw new AssertionError("leader " + leaderId + " conflicts with committed entry " + e.index());
            }
            List<Entry> fresh = entries.subList(i, entries.size());
            boolean truncates = e.index() <= view.lastIndex();
            view.append(fresh);
            if (truncates) {
                Configuration before = configuration();
                configurations.truncatedAfter(e.index() - 1);
                if (!before.equals(configuration())) {
                    event("configuration reverted by log truncation after index=" + (e.index() - 1) + " "
                            + configuration().describe());
                }
            }
            for (Entry f : fresh) {
                if (f.type() == EntryType.CONFIGURATION) {
                    configurationAppended(f);
                }
            }
            return;
        }
    }

    private void handleHeartbeat(Heartbeat m) {
        commitTo(Math.min(m.commitIndex(), view.lastIndex()));
        send(new HeartbeatResponse(selfId, m.from(), term, clusterId, m.sentTick(), m.readRound()));
    }

    private void handleInstallSnapshot(InstallSnapshot m) {
        SnapshotMetadata s = m.metadata();
        if (s.index() <= commitIndex) {
            send(new AppendEntriesResponse(selfId, m.from(), term, clusterId, true, commitIndex, 0, 0, 0));
            return;
        }
        if (view.term(s.index()) == s.term()) {
            // our log already holds the snapshot's last entry, so everything up to it matches: just commit
            commitTo(s.index());
        } else {
            view.restore(s);
            configurations.restore(s);
            commitTo(s.index());
            snapshotToInstall = m;
            event("installing snapshot index=" + s.index() + " term=" + s.term() + " from " + m.from());
        }
        send(new AppendEntriesResponse(selfId, m.from(), term, clusterId, true, s.index(), 0, 0, 0));
    }

    private void handleTimeoutNow(TimeoutNow m) {
        if (!promotable()) {
            event("ignoring TimeoutNow from " + m.from() + ": not a voter");
            return;
        }
        event("leadership transfer from " + m.from() + ": campaigning for term=" + (term + 1));
        campaign(true);
    }

    private void handleVoteRequest(RequestVote rv) {
        // Whatever its own membership, a server answers: the candidate's configuration decides whose vote
        // counts, and a just-promoted server may not know of its promotion yet.
        boolean canVote = rv.from().equals(votedFor)
                || (votedFor == null && leaderId == null)
                || (rv.preVote() && rv.term() > term);
        boolean granted = canVote && view.isUpToDate(rv.lastLogIndex(), rv.lastLogTerm());
        if (granted && !rv.preVote()) {
            votedFor = rv.from();
            electionElapsed = 0;
        }
        long answerTerm = rv.preVote() && granted ? rv.term() : term;
        send(new RequestVoteResponse(selfId, rv.from(), answerTerm, clusterId, rv.preVote(), granted));
    }

    private void handleVoteResponse(RequestVoteResponse r) {
        boolean relevant = role == Role.PRE_CANDIDATE
                ? r.preVote() && r.term() == (r.granted() ? term + 1 : term)
                : !r.preVote() && r.term() == term;
        if (!relevant || !configuration().isVoter(r.from())) {
            return;
        }
        votes.put(r.from(), r.granted());
        checkElection();
    }

    // =====================================================================================================
    // role transitions

    private boolean promotable() {
        return configuration().isVoter(selfId) && view.pendingSnapshot() == null;
    }

    private void campaign(boolean leadershipTransfer) {
        if (config.preVote() && !leadershipTransfer) {
            becomePreCandidate();
        } else {
            becomeCandidate(leadershipTransfer);
        }
    }

    private void becomePreCandidate() {
        if (role == Role.LEADER) {
            throw new AssertionError("a leader cannot become a pre-candidate");
        }
        role = Role.PRE_CANDIDATE;
        leaderId = null;
        votes = new TreeMap<>();
        resetElectionTimer();
        event("became pre-candidate term=" + term);
        requestVotes(true, false, term + 1);
    }

    private void becomeCandidate(boolean leadershipTransfer) {
        if (role == Role.LEADER) {
            throw new AssertionError("a leader cannot become a candidate");
        }
        setTerm(term + 1);
        votedFor = selfId;
        role = Role.CANDIDATE;
        leaderId = null;
        votes = new TreeMap<>();
        resetElectionTimer();
        event("became candidate term=" + term);
        requestVotes(false, leadershipTransfer, term);
    }

    private void requestVotes(boolean preVote, boolean leadershipTransfer, long voteTerm) {
        votes.put(selfId, true);
        long lastIndex = view.lastIndex();
        long lastTerm = view.lastTerm();
        for (String voter : configuration().voterIds()) {
            if (!voter.equals(selfId)) {
                send(new RequestVote(selfId, voter, voteTerm, clusterId, lastIndex, lastTerm, preVote,
                        leadershipTransfer));
            }
        }
        checkElection();
    }

    private void checkElection() {
        VoteResult result = MajorityQuorum.of(configuration().voterIds()).voteResult(votes);
        if (result == VoteResult.WON) {
            if (role == Role.PRE_CANDIDATE) {
                becomeCandidate(false);
            } else {
                becomeLeader();
            }
        } else if (result == VoteResult.LOST) {
            becomeFollower(term, null);
        }
    }

    private void becomeLeader() {
        if (role != Role.CANDIDATE) {
            throw new AssertionError("only a candidate can become leader, was " + role);
        }
        role = Role.LEADER;
        leaderId = selfId;
        votes = null;
        ticksSinceLeaderContact = 0;
        leader = new Leader(this, config, view, term, configuration());
        Entry noop = appendAsLeader(EntryType.NOOP, new byte[0]);
        event("became leader term=" + term + " index=" + noop.index());
    }

    private void becomeFollower(long newTerm, String newLeader) {
        if (newTerm < term) {
            throw new AssertionError("term going backwards: " + term + " -> " + newTerm);
        }
        boolean termChanged = newTerm > term;
        if (termChanged) {
            setTerm(newTerm);
            votedFor = null;
        }
        Role previous = role;
        if (leader != null) {
            leader.stepDown();
            leader = null;
        }
        role = Role.FOLLOWER;
        leaderId = newLeader;
        votes = null;
        resetElectionTimer();
        if (newLeader != null) {
            ticksSinceLeaderContact = 0;
        }
        if (previous != Role.FOLLOWER || termChanged) {
            event("became follower term=" + term + " leader=" + (newLeader == null ? "none" : newLeader));
        }
    }

    /** A leader whose removal has committed stops leading; it will not campaign again either. */
    private void stepDownIfRemoved() {
        if (role == Role.LEADER && !configuration().contains(selfId) && configurations.latestIndex() <= commitIndex) {
            event("stepping down: removed from the configuration at index=" + configurations.latestIndex());
            becomeFollower(term, null);
        }
    }

    private void resetElectionTimer() {
        electionElapsed = 0;
        randomizedElectionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
    }

    // =====================================================================================================
    // log and commit

    private Entry appendAsLeader(EntryType type, byte[] data) {
        Entry e = new Entry(view.lastIndex() + 1, term, type, data);
        view.append(List.of(e));
        if (type == EntryType.CONFIGURATION) {
            configurationAppended(e);
        }
        leader.entriesAppended();
        return e;
    }

    private void configurationAppended(Entry e) {
        Configuration next = e.configuration();
        configurations.appended(e.index(), next);
        event("configuration changed index=" + e.index() + " " + next.describe());
        if (leader != null) {
            leader.configurationChanged(next, e.index());
            maybeCommit(); // a smaller quorum may already hold more
        }
    }

    /** Leader only: commits the highest index a quorum persisted, if it is from this term (Raft §5.4.2). */
    void maybeCommit() {
        long candidate = leader.quorumMatchIndex();
        if (candidate <= commitIndex || view.term(candidate) != term) {
            return;
        }
        commitTo(candidate);
        leader.commitAdvanced();
    }

    private void commitTo(long index) {
        if (index <= commitIndex) {
            return;
        }
        if (index > view.lastIndex()) {
            throw new AssertionError("commit " + index + " beyond last index " + view.lastIndex());
        }
        commitIndex = index;
        configurations.committed(index);
    }

    private void setTerm(long newTerm) {
        if (newTerm < term) {
            throw new AssertionError("term going backwards: " + term + " -> " + newTerm);
        }
        term = newTerm;
    }

    private void setApplied(long index) {
        if (index < appliedIndex || index > commitIndex) {
            throw new AssertionError("applied index " + index + " outside " + appliedIndex + ".." + commitIndex);
        }
        appliedIndex = index;
    }

    private long applyBaseline() {
        return applyBaseline(snapshotToInstall);
    }

    /** The index after which committed entries are handed out: a pending snapshot covers what is before. */
    private long applyBaseline(InstallSnapshot pending) {
        return pending == null ? appliedIndex : Math.max(appliedIndex, pending.metadata().index());
    }

    private HardState hardState() {
        return new HardState(term, votedFor, commitIndex);
    }

    private SoftState softState() {
        return new SoftState(role, leaderId);
    }

    // =====================================================================================================
    // services for Leader

    long tickCount() {
        return tickCount;
    }

    void send(Message m) {
        outbox.add(m);
    }

    void event(String text) {
        events.add(text);
    }

    List<ReadState> readStatesOut() {
        return readStates;
    }

    void snapshotNeeded(SnapshotNeeded needed) {
        snapshotsNeeded.add(needed);
    }

    SnapshotMetadata persistedSnapshot() {
        return log.snapshotMetadata();
    }

    /** The core's whole log view, persisted and not; for the safety checks of tests in this package. */
    LogView logView() {
        return view;
    }

    private static <T> List<T> drain(List<T> list) {
        List<T> copy = List.copyOf(list);
        list.clear();
        return copy;
    }
}
