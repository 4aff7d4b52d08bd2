package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.proconsul.cli.GoJson;

class InfoCommandTest {
    @Test
    void sectionsAndKeysComeSortedAsConsulPrintsThem() throws Exception {
        String self = "{\"Config\":{},\"Stats\":{\"raft\":{\"term\":\"3\",\"state\":\"Follower\"},"
                + "\"build\":{\"version\":\"1.19.2\",\"prerelease\":\"\"}}}";
        assertEquals("build:\n\tprerelease = \n\tversion = 1.19.2\nraft:\n\tstate = Follower\n\tterm = 3",
                InfoCommand.format(GoJson.parseObject(self.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
}
