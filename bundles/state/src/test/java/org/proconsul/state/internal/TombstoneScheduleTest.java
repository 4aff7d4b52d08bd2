package org.proconsul.state.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class TombstoneScheduleTest {
    private static final long S = 1_000_000_000L;

    @Test
    void reapsWhatTheLeaderSawOneTtlAgoAndNothingTwice() {
        TombstoneSchedule s = new TombstoneSchedule(900 * S);
        assertTrue(s.tick(0, true, 10).isEmpty());
        assertTrue(s.tick(30 * S, true, 20).isEmpty());
        assertTrue(s.tick(899 * S, true, 30).isEmpty());
        assertEquals(OptionalLong.of(10), s.tick(900 * S, true, 30));
        assertEquals(OptionalLong.of(20), s.tick(930 * S, true, 40));
        assertTrue(s.tick(931 * S, true, 40).isEmpty());
    }

    @Test
    void aFollowerNeverReapsAndANewLeaderStartsItsOwnClock() {
        TombstoneSchedule s = new TombstoneSchedule(900 * S);
        s.tick(0, true, 10);
        assertTrue(s.tick(100 * S, false, 10).isEmpty());
        assertTrue(s.tick(1000 * S, true, 50).isEmpty(), "samples from an earlier term are gone");
        assertEquals(OptionalLong.of(50), s.tick(1900 * S, true, 60));
    }
}
