package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.proconsul.cli.CliRun;
import org.proconsul.cli.FakeAgent;

class KvDeleteCommandTest {
    @RegisterExtension
    final FakeAgent agent = FakeAgent.perTest();

    @Test
    void deletesKeyEvenIfAbsent() {
        agent.put("a", "1");
        CliRun r = CliRun.run(agent, "kv", "delete", "/a");
        assertEquals(0, r.code);
        assertEquals("Success! Deleted key: a\n", r.out);
        assertNull(agent.value("a"));
        assertEquals("DELETE", agent.last().method);
        assertEquals("/v1/kv/a", agent.last().target());
        assertEquals("Success! Deleted key: gone\n", CliRun.run(agent, "kv", "delete", "gone").out);
    }

    @Test
    void recursive() {
        agent.put("app/a", "1").put("app/b", "2").put("apple", "3").put("z", "4");
        CliRun r = CliRun.run(agent, "kv", "delete", "-recurse", "app");
        assertEquals("Success! Deleted keys with prefix: app\n", r.out);
        assertEquals("/v1/kv/app?recurse=", agent.last().target());
        assertEquals(Set.of("z"), agent.keys());
    }

    @Test
    void checkAndSet() {
        agent.put("c", "1");
        long idx = agent.modifyIndex("c");
        CliRun stale = CliRun.run(agent, "kv", "delete", "-cas", "-modify-index=" + (idx + 100), "c");
        assertEquals(1, stale.code);
        assertEquals("Error! Did not delete key c: CAS failed\n", stale.err);
        CliRun ok = CliRun.run(agent, "kv", "delete", "-cas", "-modify-index=" + idx, "c");
        assertEquals("Success! Deleted key: c\n", ok.out);
        assertEquals("/v1/kv/c?cas=" + idx, agent.last().target());
    }

    @Test
    void validations() {
        assertEquals("Error! Missing KEY argument\n", CliRun.run(agent, "kv", "delete").err);
        assertEquals("Cannot delete a key that does not exist. Provide a -modify-index greater than than 0.\n",
                CliRun.run(agent, "kv", "delete", "-cas", "k").err);
        assertEquals("Cannot specify -modify-index without -cas!\n",
                CliRun.run(agent, "kv", "delete", "-modify-index=3", "k").err);
        assertEquals("Cannot specify both -cas and -recurse!\n",
                CliRun.run(agent, "kv", "delete", "-cas", "-modify-index=3", "-recurse", "k").err);
        assertEquals("Too many arguments (expected 1, got 2)\n", CliRun.run(agent, "kv", "delete", "a", "b").err);
        assertTrue(agent.requests().isEmpty());
    }

    @Test
    void errors() {
        agent.respond("DELETE", "/v1/kv/k", 500, "No cluster leader");
        assertEquals("Error deleting key k: Unexpected response code: 500 (No cluster leader)\n",
                CliRun.run(agent, "kv", "delete", "k").err);
        assertEquals("Error! Did not delete prefix k: Unexpected response code: 500 (No cluster leader)\n",
                CliRun.run(agent, "kv", "delete", "-recurse", "k").err);
        assertEquals("Error! Did not delete key k: Unexpected response code: 500 (No cluster leader)\n",
                CliRun.run(agent, "kv", "delete", "-cas", "-modify-index=2", "k").err);
    }
}
