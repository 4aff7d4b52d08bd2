package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.proconsul.cli.http.ConsulApiException;

class OperatorRaftListPeersTest {

    @Test
    void printsConsulsPeerTable() throws Exception {
        String body = "{\"Servers\":[{\"ID\":\"f039b222-2579-45c2-95a6-8bdfce3f9e6b\",\"Node\":\"s1\","
                + "\"Address\":\"127.0.0.31:8300\",\"Leader\":true,\"ProtocolVersion\":\"3\",\"Voter\":true,\"LastIndex\":9},"
                + "{\"ID\":\"0a3b\",\"Node\":\"(unknown)\",\"Address\":\"127.0.0.32:8300\",\"Leader\":false,"
                + "\"ProtocolVersion\":\"3\",\"Voter\":false,\"LastIndex\":0}],\"Index\":1}";
        assertEquals("Node       ID                                    Address          State     Voter  RaftProtocol\n"
                + "s1         f039b222-2579-45c2-95a6-8bdfce3f9e6b  127.0.0.31:8300  leader    true   3\n"
                + "(unknown)  0a3b                                  127.0.0.32:8300  follower  false  3",
                OperatorRaftListPeersCommand.table(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anAnswerThatIsNotJsonIsAnError() {
        assertThrows(ConsulApiException.class,
                () -> OperatorRaftListPeersCommand.table("<html>".getBytes(StandardCharsets.UTF_8)));
    }
}
