package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.proconsul.cli.CliRun;
import org.proconsul.cli.FakeAgent;

class LeaveCommandTest {
    @RegisterExtension
    final FakeAgent agent = FakeAgent.perTest();

    @Test
    void gracefulLeave() {
        agent.respond("PUT", "/v1/agent/leave", 200, "");
        CliRun r = CliRun.run(agent, "leave");
        assertEquals(0, r.code, r.toString());
        assertEquals("Graceful leave complete\n", r.out);
        assertEquals("", r.err);
        assertEquals("PUT", agent.last().method);
        assertEquals("/v1/agent/leave", agent.last().target());
    }

    @Test
    void agentError() {
        agent.respond("PUT", "/v1/agent/leave", 403, "Permission denied: token lacks agent:write");
        CliRun r = CliRun.run(agent, "leave");
        assertEquals(1, r.code);
        assertEquals("", r.out);
        assertEquals("Error leaving: Unexpected response code: 403 (Permission denied: token lacks agent:write)\n",
                r.err);
    }

    @Test
    void argumentsAreRefusedWithHelpOnStdout() {
        CliRun r = CliRun.run(agent, "leave", "now", "please");
        assertEquals(1, r.code);
        assertEquals("Error found unexpected args: [now please]\n", r.err);
        assertTrue(r.out.startsWith("Usage: consul leave [options]\n"), r.out);
        assertTrue(agent.requests().isEmpty());
    }
}
