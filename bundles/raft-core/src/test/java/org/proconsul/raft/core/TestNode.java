package org.proconsul.raft.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** A minimal synchronous driver for unit tests: persists, collects and applies every Ready at once. */
final class TestNode {

    final String id;
    final InMemoryRaftLog log;
    final RaftConfig config;
    RaftCore core;
    final List<Message> sent = new ArrayList<>();
    final List<Entry> applied = new ArrayList<>();
    final List<ReadState> readStates = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<DroppedMessage> dropped = new ArrayList<>();
    final List<SnapshotNeeded> snapshotsNeeded = new ArrayList<>();
    final List<Ready> readies = new ArrayList<>();

    TestNode(String id) {
        this(config(id), new InMemoryRaftLog(), new SplittableRandom(id.hashCode()));
    }

    TestNode(RaftConfig config, InMemoryRaftLog log, RandomGenerator random) {
        this.id = config.selfId();
        this.config = config;
        this.log = log;
        this.core = new RaftCore(config, log, random);
    }

    static RaftConfig config(String id) {
        return new RaftConfig(id, 10, 2, 8, Long.MAX_VALUE, 4, true, true);
    }

    /** Handles every pending Ready the way a driver must; returns the last one (or null if none). */
    Ready settle() {
        Ready last = null;
        while (core.hasReady()) {
            Ready r = core.ready();
            log.persist(r);
            sent.addAll(r.messages());
            applied.addAll(r.committed());
            readStates.addAll(r.readStates());
            events.addAll(r.events());
            dropped.addAll(r.dropped());
            snapshotsNeeded.addAll(r.snapshotsNeeded());
            readies.add(r);
            core.advance(r);
            last = r;
        }
        return last;
    }

    void ticks(int n) {
        for (int i = 0; i < n; i++) {
            core.tick();
            settle();
        }
    }

    /** Removes and returns the sent messages of the given type. */
    <T extends Message> List<T> take(Class<T> type) {
        List<T> out = new ArrayList<>();
        sent.removeIf(m -> {
            if (type.isInstance(m)) {
                out.add(type.cast(m));
                return true;
            }
            return false;
        });
        return out;
    }

    void step(Message m) {
        core.step(m);
        settle();
    }
}
