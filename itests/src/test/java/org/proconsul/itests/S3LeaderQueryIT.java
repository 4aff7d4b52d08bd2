package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 as the operations notes type it: {@code curl IP:8500/v1/status/leader} prints the leader's RPC
 * address as a JSON string, and {@code /v1/status/peers} lists the Raft peers (a server on 127.0.0.143).
 */
class S3LeaderQueryIT {
    private static final String IP = "127.0.0.143";

    @TempDir
    Path tmp;

    private static String curl(String path) throws Exception {
        Process p = new ProcessBuilder("curl", "-s", "http://" + IP + ":8500" + path).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        return out.strip();
    }

    @Test
    void S3_statusLeaderPrintsTheLeadersRpcAddressAndPeersListsTheServers() throws Exception {
        try (AgentProcess agent = DevAgents.start(tmp, IP)) {
            assertEquals("\"" + IP + ":8300\"", curl("/v1/status/leader"));
            assertEquals("[\"" + IP + ":8300\"]", curl("/v1/status/peers").replaceAll("\\s", ""));
        }
    }
}
