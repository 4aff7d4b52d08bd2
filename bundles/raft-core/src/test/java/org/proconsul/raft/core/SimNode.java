package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One simulated server: a {@link RaftCore} (gone while crashed), its "disk" (an {@link InMemoryRaftLog} that
 * only changes when a Ready is persisted, so a crash keeps exactly what was fsynced) and a state machine that
 * records every applied entry by index, along with the key-value map those entries build.
 */
final class SimNode {

    final String id;
    final RaftConfig config;
    final InMemoryRaftLog disk = new InMemoryRaftLog();
    RaftCore core;
    int incarnation;
    long downUntil;
    /** Applied history; stateMachine.get(i) is the entry at index i + 1. */
    List<Entry> stateMachine = new ArrayList<>();
    /** The key-value state the applied entries build; what clients read. */
    KvStateMachine kv = new KvStateMachine();
    /** The durable snapshot that goes with the disk's compaction point. */
    List<Entry> snapshotData = List.of();

    SimNode(String id, RaftConfig config) {
        this.id = id;
        this.config = config;
    }

    boolean up() {
        return core != null;
    }

    long lastApplied() {
        return stateMachine.size();
    }

    void start(RandomGenerator random) {
        if (up()) {
            throw new IllegalStateException(id + " already up");
        }
        incarnation++;
        core = new RaftCore(config, disk, random);
        // the state machine restarts from the snapshot; the core hands out every later committed entry again
        stateMachine = new ArrayList<>(snapshotData);
        kv = KvStateMachine.replay(snapshotData);
        if (core.appliedIndex() != stateMachine.size()) {
            throw new AssertionError(id + " restarted with applied " + core.appliedIndex() + " but snapshot of "
                    + stateMachine.size());
        }
    }

    void crash() {
        core = null;
    }

    void apply(Entry e) {
        if (e.index() != stateMachine.size() + 1) {
            throw new AssertionError(id + " applied index " + e.index() + " after " + stateMachine.size());
        }
        stateMachine.add(e);
        kv.apply(e);
    }

    void installSnapshot(SnapshotMetadata metadata, List<Entry> data) {
        if (data.size() != metadata.index()) {
            throw new AssertionError("snapshot data of " + data.size() + " entries for index " + metadata.index());
        }
        stateMachine = new ArrayList<>(data);
        kv = KvStateMachine.replay(data);
        snapshotData = List.copyOf(data);
    }

    /** Snapshots the state machine at {@code index} and compacts the log up to it, as a driver would. */
    void compactTo(long index) {
        long term = disk.term(index);
        snapshotData = List.copyOf(stateMachine.subList(0, (int) index));
        disk.compact(index, term);
    }
}
