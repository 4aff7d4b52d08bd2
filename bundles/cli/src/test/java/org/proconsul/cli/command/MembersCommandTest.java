package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.proconsul.cli.CliRun;
import org.proconsul.cli.FakeAgent;

class MembersCommandTest {
    private static final String MEMBERS = "["
            + member("client-b", "10.0.0.12", 1, "node", "1.19.2:abc", "")
            + "," + member("root", "10.0.0.1", 1, "consul", "1.19.2:abc", "")
            + "," + member("client-a", "10.0.0.11", 4, "node", "1.19.2:abc", "")
            + "," + member("srv-2", "10.0.0.2", 3, "consul", "1.19.2", "")
            + "]";

    @RegisterExtension
    final FakeAgent agent = FakeAgent.perTest();

    private static String member(String name, String addr, int status, String role, String build, String segment) {
        return "{\"Name\":\"" + name + "\",\"Addr\":\"" + addr + "\",\"Port\":8301,\"Tags\":{\"role\":\"" + role
                + "\",\"dc\":\"dc1\",\"segment\":\"" + segment + "\",\"vsn\":\"2\",\"vsn_min\":\"2\",\"vsn_max\":\"3\","
                + "\"build\":\"" + build + "\"},\"Status\":" + status + ",\"ProtocolMin\":1,\"ProtocolMax\":5,"
                + "\"ProtocolCur\":2,\"DelegateMin\":2,\"DelegateMax\":5,\"DelegateCur\":4}";
    }

    @BeforeEach
    void cannedMembers() {
        agent.respond("GET", "/v1/agent/members", 200, MEMBERS);
    }

    @Test
    void standardTableServersFirstThenByName() {
        CliRun r = CliRun.run(agent, "members");
        assertEquals(0, r.code, r.toString());
        assertEquals(""
                + "Node      Address         Status  Type    Build   Protocol  DC   Segment\n"
                + "root      10.0.0.1:8301   alive   server  1.19.2  2         dc1  <all>\n"
                + "srv-2     10.0.0.2:8301   left    server  1.19.2  2         dc1  <all>\n"
                + "client-a  10.0.0.11:8301  failed  client  1.19.2  2         dc1  <default>\n"
                + "client-b  10.0.0.12:8301  alive   client  1.19.2  2         dc1  <default>\n", r.out);
        assertEquals("/v1/agent/members?segment=_all", agent.last().target());
    }

    @Test
    void detailedListsSortedTags() {
        CliRun r = CliRun.run(agent, "members", "-detailed", "-status=alive");
        assertEquals(""
                + "Node      Address         Status  Tags\n"
                + "root      10.0.0.1:8301   alive   build=1.19.2:abc,dc=dc1,role=consul,segment=<all>,vsn=2,vsn_max=3,vsn_min=2\n"
                + "client-b  10.0.0.12:8301  alive   build=1.19.2:abc,dc=dc1,role=node,segment=<default>,vsn=2,vsn_max=3,vsn_min=2\n",
                r.out);
    }

    @Test
    void statusFilterWithoutMatchExitsTwoSilently() {
        CliRun r = CliRun.run(agent, "members", "-status=leaving");
        assertEquals(2, r.code);
        assertEquals("", r.out);
        assertEquals("", r.err);
        CliRun bad = CliRun.run(agent, "members", "-status=(");
        assertEquals(1, bad.code);
        assertEquals(true, bad.err.startsWith("Failed to compile status regexp: "), bad.err);
    }

    @Test
    void wanAndFilterParameters() {
        CliRun.run(agent, "members", "-wan", "-filter=Name == root");
        assertEquals("/v1/agent/members?filter=Name+%3D%3D+root&segment=_all&wan=1", agent.last().target());
    }

    @Test
    void unknownRoleAndOddAddresses() {
        agent.respond("GET", "/v1/agent/members", 200, "[{\"Name\":\"x\",\"Addr\":\"::1\",\"Port\":8301,"
                + "\"Tags\":{},\"Status\":0},{\"Name\":\"y\",\"Addr\":\"bogus\",\"Port\":1,\"Tags\":{\"role\":\"node\"},"
                + "\"Status\":2}]");
        CliRun r = CliRun.run(agent, "members");
        assertEquals(""
                + "Node  Address     Status   Type     Build  Protocol  DC  Segment\n"
                + "x     [::1]:8301  none     unknown                       \n"
                + "y     :1          leaving  client   < 0.3                <default>\n", r.out);
    }

    @Test
    void errorText() {
        agent.respond("GET", "/v1/agent/members", 500, "boom");
        CliRun r = CliRun.run(agent, "members");
        assertEquals(1, r.code);
        assertEquals("Error retrieving members: Unexpected response code: 500 (boom)\n", r.err);
    }
}
