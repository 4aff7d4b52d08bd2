package org.proconsul.gossip.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class DropLogTest {
    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private final DropLog log = new DropLog("lan", clock::get);
    private final InetSocketAddress stranger = new InetSocketAddress("127.0.0.9", 8301);

    @Test
    void firstDropFromASenderIsLoggedWithItsAddressAndReason() {
        assertEquals("gossip: dropped pool=lan from=127.0.0.9:8301"
                + " reason=\"packet: no installed keys could decrypt the message\"",
                log.dropped(stranger, "packet: no installed keys could decrypt the message"));
    }

    @Test
    void aFloodFromOneSenderGivesOneLinePerMinuteWithTheCountInBetween() {
        assertNotNull(log.dropped(stranger, "garbage"));
        for (int i = 0; i < 500; i++) {
            clock.addAndGet(100_000_000L); // 50 s of one drop every 100 ms
            assertNull(log.dropped(stranger, "garbage"));
        }
        clock.addAndGet(DropLog.INTERVAL_NANOS);
        assertEquals("gossip: dropped pool=lan from=127.0.0.9:8301 reason=\"garbage\" more_since_last_line=500",
                log.dropped(stranger, "garbage"));
    }

    @Test
    void anotherReasonOrAnotherHostIsToldAtOnce() {
        assertNotNull(log.dropped(stranger, "garbage"));
        assertNotNull(log.dropped(stranger, "stream truncated or timed out"));
        assertNotNull(log.dropped(new InetSocketAddress("127.0.0.10", 8301), "garbage"));
        // the same host from another source port is the same sender
        assertNull(log.dropped(new InetSocketAddress("127.0.0.9", 40000), "garbage"));
    }
}
