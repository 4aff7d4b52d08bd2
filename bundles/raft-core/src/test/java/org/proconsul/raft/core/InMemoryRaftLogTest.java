package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryRaftLogTest {

    private static final Configuration C1 = Configuration.of(Server.voter("a", ""));
    private static final Configuration C2 = Configuration.of(Server.voter("a", ""), Server.voter("b", ""));

    private static byte[] b(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void emptyLogStartsAtOne() {
        InMemoryRaftLog log = new InMemoryRaftLog();
        assertEquals(1, log.firstIndex());
        assertEquals(0, log.lastIndex());
        assertEquals(0, log.term(0));
        assertEquals(RaftLog.UNAVAILABLE, log.term(1));
        assertEquals(HardState.EMPTY, log.hardState());
    }

    @Test
    void appendReplacesAConflictingSuffix() {
        InMemoryRaftLog log = new InMemoryRaftLog();
        log.append(List.of(Entry.noop(1, 1), Entry.command(2, 1, b("x")), Entry.command(3, 1, b("y"))));
        log.append(List.of(Entry.command(2, 2, b("z"))));
        assertEquals(2, log.lastIndex());
        assertEquals(2, log.term(2));
        assertThrows(IllegalArgumentException.class, () -> log.append(List.of(Entry.noop(5, 2))));
    }

    @Test
    void compactionKeepsTermAndConfigurationAtTheSnapshotIndex() {
        InMemoryRaftLog log = new InMemoryRaftLog();
        log.append(List.of(Entry.configuration(1, 1, C1), Entry.noop(2, 2), Entry.configuration(3, 2, C2),
                Entry.command(4, 2, b("x")), Entry.configuration(5, 3, C1)));
        log.compact(4, 2);
        assertEquals(new SnapshotMetadata(4, 2, C2), log.snapshotMetadata());
        assertEquals(5, log.firstIndex());
        assertEquals(2, log.term(4));
        assertEquals(RaftLog.UNAVAILABLE, log.term(3));
        assertEquals(List.of(Entry.configuration(5, 3, C1)), log.entries(5, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> log.entries(4, 5));
        assertThrows(IllegalArgumentException.class, () -> log.compact(5, 9));
        log.compact(5, 3);
        assertEquals(new SnapshotMetadata(5, 3, C1), log.snapshotMetadata());
        assertEquals(5, log.lastIndex());
    }

    @Test
    void restoreReplacesEverything() {
        InMemoryRaftLog log = new InMemoryRaftLog();
        log.append(List.of(Entry.noop(1, 1), Entry.noop(2, 1)));
        log.restore(new SnapshotMetadata(10, 3, C2));
        assertEquals(11, log.firstIndex());
        assertEquals(10, log.lastIndex());
        assertEquals(3, log.term(10));
        log.append(List.of(Entry.noop(11, 3)));
        assertEquals(11, log.lastIndex());
    }
}
