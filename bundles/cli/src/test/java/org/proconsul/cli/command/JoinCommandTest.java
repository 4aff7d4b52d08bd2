package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.proconsul.cli.CliRun;
import org.proconsul.cli.FakeAgent;
import org.proconsul.cli.GoText;

class JoinCommandTest {
    @RegisterExtension
    final FakeAgent agent = FakeAgent.perTest();

    private static final String REFUSED = GoText.multierror(List.of(
            "Failed to join 10.0.0.9:8301: dial tcp 10.0.0.9:8301: connect: connection refused"));

    @Test
    void joinsEachAddressAndCountsThem() {
        agent.respond("PUT", "/v1/agent/join/10.0.0.1", 200, "");
        agent.respond("PUT", "/v1/agent/join/10.0.0.2:8301", 200, "");
        CliRun r = CliRun.run(agent, "join", "10.0.0.1", "10.0.0.2:8301");
        assertEquals(0, r.code, r.toString());
        assertEquals("Successfully joined cluster by contacting 2 nodes.\n", r.out);
        assertEquals("", r.err);
        assertEquals(2, agent.requests().size());
        assertEquals("PUT", agent.requests().get(0).method);
        assertEquals("/v1/agent/join/10.0.0.1", agent.requests().get(0).target());
        assertEquals("/v1/agent/join/10.0.0.2:8301", agent.requests().get(1).target());
    }

    @Test
    void wanJoinAsksForTheWanPool() {
        agent.respond("PUT", "/v1/agent/join/192.0.2.10", 200, "");
        CliRun r = CliRun.run(agent, "join", "-wan", "192.0.2.10");
        assertEquals(0, r.code, r.toString());
        assertEquals("Successfully joined cluster by contacting 1 nodes.\n", r.out);
        assertEquals("/v1/agent/join/192.0.2.10?wan=1", agent.last().target());
    }

    @Test
    void failedAddressIsReportedAndTheOthersStillCount() {
        agent.respond("PUT", "/v1/agent/join/10.0.0.9", 500, REFUSED);
        agent.respond("PUT", "/v1/agent/join/10.0.0.1", 200, "");
        CliRun r = CliRun.run(agent, "join", "10.0.0.9", "10.0.0.1");
        assertEquals(0, r.code, r.toString());
        assertEquals("Error joining address '10.0.0.9': Unexpected response code: 500 (1 error occurred:\n"
                + "\t* Failed to join 10.0.0.9:8301: dial tcp 10.0.0.9:8301: connect: connection refused)\n", r.err);
        assertEquals("Successfully joined cluster by contacting 1 nodes.\n", r.out);
    }

    @Test
    void noAddressJoinedFails() {
        agent.respond("PUT", "/v1/agent/join/10.0.0.9", 500, REFUSED);
        CliRun r = CliRun.run(agent, "join", "10.0.0.9", "10.0.0.8");
        assertEquals(1, r.code);
        assertEquals("", r.out);
        assertTrue(r.err.endsWith("Error joining address '10.0.0.8': Unexpected response code: 404 ()\n"
                + "Failed to join any nodes.\n"), r.err);
    }

    @Test
    void unreachableAgentFailsEveryAddress() {
        String address = agent.address();
        agent.close();
        CliRun r = CliRun.run(agent, "join", "10.0.0.1");
        assertEquals(1, r.code);
        assertEquals("Error joining address '10.0.0.1': Put \"http://" + address + "/v1/agent/join/10.0.0.1\": "
                + "dial tcp " + address + ": connect: connection refused\nFailed to join any nodes.\n", r.err);
    }

    @Test
    void addressIsRequired() {
        CliRun r = CliRun.run(agent, "join", "-wan");
        assertEquals(1, r.code);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("At least one address to join must be specified.\n\n"
                + "Usage: consul join [options] address ...\n"), r.err);
        assertTrue(agent.requests().isEmpty());
    }
}
