package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.proconsul.cli.CliRun;
import org.proconsul.cli.FakeAgent;
import org.proconsul.cli.GoText;

class KeyringCommandTest {
    private static final String PATH = "/v1/operator/keyring";
    private static final String OLD = "pY3nS7cLqA6xOq0Xw0PqJ4f2Hk1mZ9sV8bT5uR2eWdI=";
    private static final String NEW = "Fh2c9bK7qLw3Zx8Rv1Tn5Ys0Pj4Ma6Ud2Ge7Wo9Ci3E=";
    private static final String LIST = "["
            + pool(true, "", "", "{\"" + OLD + "\":1,\"" + NEW + "\":1}", "{\"" + NEW + "\":1}", 1)
            + "," + pool(false, "", "", "{\"" + OLD + "\":2,\"" + NEW + "\":3}", "{\"" + NEW + "\":3}", 3)
            + "]";

    @RegisterExtension
    final FakeAgent agent = FakeAgent.perTest();

    private static String pool(boolean wan, String segment, String partition, String keys, String primary, int nodes) {
        return "{\"WAN\":" + wan + ",\"Datacenter\":\"dc1\",\"Segment\":\"" + segment + "\""
                + (partition.isEmpty() ? "" : ",\"Partition\":\"" + partition + "\"")
                + ",\"Keys\":" + keys + ",\"PrimaryKeys\":" + primary + ",\"NumNodes\":" + nodes + "}";
    }

    private static String nodeFailure() {
        return GoText.multierror(List.of("dc1 (LAN) error: 1/3 nodes reported failure",
                "node-2: No installed keys could decrypt the message"));
    }

    @Test
    void listPrintsEveryPoolWithSortedKeys() {
        agent.respond("GET", PATH, 200, LIST);
        CliRun r = CliRun.run(agent, "keyring", "-list");
        assertEquals(0, r.code, r.toString());
        assertEquals(""
                + "==> Gathering installed encryption keys...\n"
                + "\n"
                + "WAN:\n"
                + "  " + NEW + " [1/1]\n"
                + "  " + OLD + " [1/1]\n"
                + "\n"
                + "dc1 (LAN):\n"
                + "  " + NEW + " [3/3]\n"
                + "  " + OLD + " [2/3]\n", r.out);
        assertEquals("", r.err);
        assertEquals("GET", agent.last().method);
        assertEquals(PATH, agent.last().target());
    }

    @Test
    void listPrimaryShowsOnlyPrimaryKeys() {
        agent.respond("GET", PATH, 200, LIST);
        CliRun r = CliRun.run(agent, "keyring", "-list-primary");
        assertEquals(0, r.code, r.toString());
        assertEquals(""
                + "==> Gathering installed primary encryption keys...\n"
                + "\n"
                + "WAN:\n"
                + "  " + NEW + " [1/1]\n"
                + "\n"
                + "dc1 (LAN):\n"
                + "  " + NEW + " [3/3]\n", r.out);
    }

    @Test
    void poolNamesMessagesAndEmptyPools() {
        agent.respond("GET", PATH, 200, "["
                + pool(false, "alpha", "", "{\"" + OLD + "\":1}", "{}", 1) + ","
                + pool(false, "", "team", "{}", "{}", 0) + ","
                + pool(false, "", "default", "{\"" + OLD + "\":2}", "{}", 2).replace("\"NumNodes\"",
                        "\"Messages\":{\"node-b\":\"slow\",\"node-a\":\"relayed\"},\"NumNodes\"")
                + ",null]");
        CliRun r = CliRun.run(agent, "keyring", "-list");
        assertEquals(0, r.code, r.toString());
        assertEquals(""
                + "==> Gathering installed encryption keys...\n"
                + "\n"
                + "dc1 (LAN) [alpha]:\n"
                + "  " + OLD + " [1/1]\n"
                + "\n"
                + "dc1 (LAN) [partition: team]:\n"
                + "\n"
                + "dc1 (LAN):\n"
                + "  ===> node-a: relayed\n"
                + "  ===> node-b: slow\n"
                + "  " + OLD + " [2/2]\n", r.out);
    }

    @Test
    void localOnlyAndRelayFactorGoToTheQuery() {
        agent.respond("GET", PATH, 200, "[" + pool(false, "", "", "{\"" + OLD + "\":3}", "{}", 3) + "]");
        CliRun r = CliRun.run(agent, "keyring", "-list", "-local-only", "-relay-factor=2");
        assertEquals(0, r.code, r.toString());
        assertEquals(PATH + "?local-only=true&relay-factor=2", agent.last().target());
        assertEquals("==> Gathering installed encryption keys...\n\ndc1 (LAN):\n  " + OLD + " [3/3]\n", r.out);
        assertEquals(0, CliRun.run(agent, "keyring", "-list", "-relay-factor", "0").code);
        assertEquals(PATH, agent.last().target());
    }

    @Test
    void writesSendTheKeyWithTheirMethod() {
        String[][] cases = {
            {"-install", "POST", "==> Installing new gossip encryption key...\n"},
            {"-use", "PUT", "==> Changing primary gossip encryption key...\n"},
            {"-remove", "DELETE", "==> Removing gossip encryption key...\n"},
        };
        for (String[] c : cases) {
            agent.respond(c[1], PATH, 200, "");
            CliRun r = CliRun.run(agent, "keyring", c[0], NEW);
            assertEquals(0, r.code, r.toString());
            assertEquals(c[2], r.out);
            assertEquals("", r.err);
            FakeAgent.Request req = agent.last();
            assertEquals(c[1], req.method);
            assertEquals(PATH, req.target());
            assertEquals("{\"Key\":\"" + NEW + "\"}\n", new String(req.body, StandardCharsets.UTF_8));
            assertEquals("application/json", req.headers.get("content-type"));
        }
        agent.respond("POST", PATH, 200, "");
        assertEquals(0, CliRun.run(agent, "keyring", "-install=" + NEW, "-relay-factor=5").code);
        assertEquals(PATH + "?relay-factor=5", agent.last().target());
    }

    @Test
    void nodeFailureIsPrintedAsConsulDoesAndExitsOne() {
        agent.respond("POST", PATH, 500, nodeFailure());
        CliRun r = CliRun.run(agent, "keyring", "-install", NEW);
        assertEquals(1, r.code);
        assertEquals("==> Installing new gossip encryption key...\n", r.out);
        assertEquals("error: Unexpected response code: 500 (2 errors occurred:\n"
                + "\t* dc1 (LAN) error: 1/3 nodes reported failure\n"
                + "\t* node-2: No installed keys could decrypt the message)\n", r.err);
        agent.respond("GET", PATH, 500, nodeFailure());
        CliRun list = CliRun.run(agent, "keyring", "-list");
        assertEquals(1, list.code);
        assertEquals("==> Gathering installed encryption keys...\n", list.out);
        assertTrue(list.err.startsWith("error: Unexpected response code: 500 (2 errors occurred:\n"), list.err);
        agent.respond("DELETE", PATH, 500, GoText.multierror(List.of("WAN error: Removing the primary key is not allowed")));
        CliRun remove = CliRun.run(agent, "keyring", "-remove", NEW);
        assertEquals(1, remove.code);
        assertEquals("error: Unexpected response code: 500 (1 error occurred:\n"
                + "\t* WAN error: Removing the primary key is not allowed)\n", remove.err);
    }

    @Test
    void exactlyOneAction() {
        CliRun none = CliRun.run(agent, "keyring", "-install=", "-relay-factor=1");
        assertEquals(1, none.code);
        assertEquals("", none.out);
        assertTrue(none.err.startsWith("Usage: consul keyring [options]\n"), none.err);
        assertTrue(none.err.contains("\n  -list-primary\n"), none.err);
        CliRun two = CliRun.run(agent, "keyring", "-list", "-use", NEW);
        assertEquals(1, two.code);
        assertEquals("Only a single action is allowed\n", two.err);
        assertEquals("Only a single action is allowed\n", CliRun.run(agent, "keyring", "-list", "-list-primary").err);
        assertTrue(agent.requests().isEmpty());
    }

    @Test
    void relayFactorIsValidatedLikeConsul() {
        for (String bad : new String[] {"6", "-1", "0x10"}) {
            CliRun r = CliRun.run(agent, "keyring", "-list", "-relay-factor=" + bad);
            assertEquals(1, r.code, r.toString());
            assertEquals("Error parsing relay factor: Relay factor must be in range: [0, 5]\n", r.err);
        }
        CliRun text = CliRun.run(agent, "keyring", "-list", "-relay-factor=two");
        assertEquals(1, text.code);
        assertTrue(text.err.startsWith("invalid value \"two\" for flag -relay-factor: parse error\n"
                + "Usage: consul keyring [options]\n"), text.err);
        CliRun huge = CliRun.run(agent, "keyring", "-list", "-relay-factor=9223372036854775808");
        assertTrue(huge.err.startsWith("invalid value \"9223372036854775808\" for flag -relay-factor: "
                + "value out of range\n"), huge.err);
        assertEquals("Error parsing relay factor: Relay factor must be in range: [0, 5]\n",
                CliRun.run(agent, "keyring", "-list", "-relay-factor=-9223372036854775808").err);
        assertTrue(agent.requests().isEmpty());
    }

    @Test
    void localOnlyIsForListOnly() {
        for (String[] args : new String[][] {{"keyring", "-local-only", "-install", NEW},
                {"keyring", "-local-only", "-list-primary"}}) {
            CliRun r = CliRun.run(agent, args);
            assertEquals(1, r.code);
            assertEquals("Error validating local-only: local-only can only be set for list requests\n", r.err);
        }
        assertTrue(agent.requests().isEmpty());
    }

    @Test
    void undecodableListReply() {
        agent.respond("GET", PATH, 200, "{\"WAN\":true}");
        CliRun r = CliRun.run(agent, "keyring", "-list");
        assertEquals(1, r.code);
        assertEquals("error: json: cannot unmarshal object into Go value of type []*api.KeyringResponse\n", r.err);
        agent.respond("GET", PATH, 200, "[{\"Datacenter\":\"dc1\",\"NumNodes\":\"3\"}]");
        assertEquals("error: json: cannot unmarshal string into Go struct field KeyringResponse.NumNodes of type int\n",
                CliRun.run(agent, "keyring", "-list").err);
        agent.respond("GET", PATH, 200, "[{\"keys\":{\"k\":1.5}}]");
        assertEquals("error: json: cannot unmarshal number 1.5 into Go struct field KeyringResponse.Keys of type int\n",
                CliRun.run(agent, "keyring", "-list").err);
    }
}
