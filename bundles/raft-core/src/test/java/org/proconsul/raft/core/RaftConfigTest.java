package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RaftConfigTest {

    @Test
    void defaultsAreValid() {
        assertEquals(List.of(), RaftConfig.defaults("n1").validate());
    }

    @Test
    void electionTicksMustExceedHeartbeatTicks() {
        List<String> problems = new RaftConfig("n1", 5, 5, 10, Long.MAX_VALUE, 10, true, true).validate();
        assertEquals(List.of("electionTicks (5) must be greater than heartbeatTicks (5)"), problems);
    }

    @Test
    void everyProblemIsReportedNamingFieldAndValue() {
        List<String> problems = RaftConfig.validate(new RaftConfig(" ", 0, 0, 0, 0, -1, false, false));
        assertEquals(6, problems.size(), problems.toString());
        assertTrue(problems.contains("maxBytesPerAppend must be at least 1, was 0"));
        assertTrue(problems.contains("selfId must not be blank"));
        assertTrue(problems.contains("heartbeatTicks must be at least 1, was 0"));
        assertTrue(problems.contains("maxEntriesPerAppend must be at least 1, was 0"));
        assertTrue(problems.contains("maxInflight must be at least 1, was -1"));
    }

    @Test
    void coreRefusesAnInvalidConfig() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RaftCore(new RaftConfig("n1", 2, 3, 1, Long.MAX_VALUE, 1, true, true), new InMemoryRaftLog(),
                        new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("electionTicks (2) must be greater than heartbeatTicks (3)"));
    }
}
