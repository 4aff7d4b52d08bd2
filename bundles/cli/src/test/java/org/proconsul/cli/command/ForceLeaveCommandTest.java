package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.proconsul.cli.CliRun;
import org.proconsul.cli.FakeAgent;

class ForceLeaveCommandTest {
    @RegisterExtension
    final FakeAgent agent = FakeAgent.perTest();

    @Test
    void silentOnSuccess() {
        agent.respond("PUT", "/v1/agent/force-leave/node-3", 200, "");
        CliRun r = CliRun.run(agent, "force-leave", "node-3");
        assertEquals(0, r.code, r.toString());
        assertEquals("", r.out);
        assertEquals("", r.err);
        assertEquals("PUT", agent.last().method);
        assertEquals("/v1/agent/force-leave/node-3", agent.last().target());
    }

    @Test
    void pruneAndWanParameters() {
        agent.respond("PUT", "/v1/agent/force-leave/node-3", 200, "");
        assertEquals(0, CliRun.run(agent, "force-leave", "-prune", "node-3").code);
        assertEquals("/v1/agent/force-leave/node-3?prune=1", agent.last().target());
        assertEquals(0, CliRun.run(agent, "force-leave", "-wan", "node-3").code);
        assertEquals("/v1/agent/force-leave/node-3?wan=1", agent.last().target());
        assertEquals(0, CliRun.run(agent, "force-leave", "-wan", "-prune", "node-3").code);
        assertEquals("/v1/agent/force-leave/node-3?prune=1&wan=1", agent.last().target());
    }

    @Test
    void agentError() {
        agent.respond("PUT", "/v1/agent/force-leave/ghost", 500, "agent: No node found with name 'ghost'");
        CliRun r = CliRun.run(agent, "force-leave", "ghost");
        assertEquals(1, r.code);
        assertEquals("", r.out);
        assertEquals("Error force leaving: Unexpected response code: 500 (agent: No node found with name 'ghost')\n",
                r.err);
    }

    @Test
    void exactlyOneNodeName() {
        for (String[] args : new String[][] {{"force-leave"}, {"force-leave", "a", "b"}, {"force-leave", "-prune"}}) {
            CliRun r = CliRun.run(agent, args);
            assertEquals(1, r.code, r.toString());
            assertEquals("", r.out);
            assertTrue(r.err.startsWith("A single node name must be specified to force leave.\n\n"
                    + "Usage: consul force-leave [options] name\n"), r.err);
        }
        assertTrue(agent.requests().isEmpty());
    }
}
