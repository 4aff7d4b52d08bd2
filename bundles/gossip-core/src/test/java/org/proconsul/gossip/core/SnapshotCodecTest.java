package org.proconsul.gossip.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SnapshotCodecTest {

    private static SnapshotCodec.Parsed parse(String s) {
        return SnapshotCodec.decode(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roundTripAndLaterLinesWin() {
        Snapshot s = new Snapshot(42, 7, List.of(new Snapshot.KnownMember("web 1", "10.0.0.1:8301")), false);
        assertEquals(s, ((SnapshotCodec.Parsed.Ok) SnapshotCodec.decode(SnapshotCodec.encode(s))).snapshot());
        SnapshotCodec.Parsed.Ok ok = assertInstanceOf(SnapshotCodec.Parsed.Ok.class, parse(
                "proconsul-gossip-snapshot 1\nclock: 3\nalive: a 10.0.0.1:1\nalive: b 10.0.0.2:1\nclock: 9\n"
                        + "not-alive: a\nleave\nfuture-thing: 1\nclock: x\n"));
        assertEquals(9, ok.snapshot().memberLamportTime());
        assertEquals(List.of(new Snapshot.KnownMember("b", "10.0.0.2:1")), ok.snapshot().aliveMembers());
        assertTrue(ok.snapshot().leftCleanly());
        assertEquals(List.of(), ok.snapshot().rejoinAddresses());
        assertEquals(2, ok.warnings().size(), ok.warnings().toString());
    }

    @Test
    void foreignOrNewerFilesAreInvalidNotFatal() {
        assertInstanceOf(SnapshotCodec.Parsed.Invalid.class, parse("alive: a 1.2.3.4:5\n"));
        assertInstanceOf(SnapshotCodec.Parsed.Invalid.class, parse("proconsul-gossip-snapshot 2\n"));
        SnapshotCodec.Parsed.Ok empty = assertInstanceOf(SnapshotCodec.Parsed.Ok.class,
                SnapshotCodec.decode(new byte[0]));
        assertEquals(0, empty.snapshot().memberLamportTime());
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 5_000; i++) {
            byte[] b = new byte[r.nextInt(300)];
            r.nextBytes(b);
            if (r.nextBoolean()) {
                byte[] head = "proconsul-gossip-snapshot 1\n".getBytes(StandardCharsets.UTF_8);
                System.arraycopy(head, 0, b, 0, Math.min(head.length, b.length));
            }
            SnapshotCodec.decode(b); // must not throw
        }
    }
}
