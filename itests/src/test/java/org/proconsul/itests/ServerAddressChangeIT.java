package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server restarted with its data on another address (127.0.0.83 → 127.0.0.84): the leader drops the
 * old Raft entry of that node id and adds it again at the new address, so the peer list follows and the
 * server takes part again; nothing acknowledged is lost.
 */
class ServerAddressChangeIT {
    private static final String[] IPS = {"127.0.0.81", "127.0.0.82", "127.0.0.83"};
    private static final String MOVED = "127.0.0.84";

    @TempDir
    Path tmp;

    private AgentProcess start(String ip, int i) throws Exception {
        return AgentProcess.start(tmp, ip + ":8500", List.of("-server", "-bootstrap-expect=3", "-node", "m" + i,
                "-bind", ip, "-client", ip, "-data-dir", tmp.resolve("m" + i).toString(), "-retry-join", IPS[0],
                "-retry-join", IPS[1], "-retry-interval", "1s"));
    }

    @Test
    void theRaftPeerListFollowsAServerToItsNewAddress() throws Exception {
        AgentProcess[] servers = new AgentProcess[3];
        AgentProcess moved = null;
        try {
            for (int i = 0; i < 3; i++) {
                servers[i] = start(IPS[i], i);
            }
            for (AgentProcess s : servers) {
                s.awaitLeader(Duration.ofSeconds(90));
            }
            assertEquals("true", Http.put("http://" + IPS[0] + ":8500/v1/kv/moved/before", "kept").body());
            assertEquals(0, servers[2].stop());
            moved = start(MOVED, 2);
            moved.awaitLeader(Duration.ofSeconds(90));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            String peers = "";
            while (System.nanoTime() < deadline) {
                peers = Http.get("http://" + IPS[0] + ":8500/v1/status/peers").body();
                if (peers.contains("\"" + MOVED + ":8300\"") && !peers.contains("\"" + IPS[2] + ":8300\"")) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals(3, peers.split(",").length, peers);
            assertFalse(peers.contains(IPS[2] + ":8300"), peers);
            assertEquals(true, peers.contains(MOVED + ":8300"), peers);
            assertEquals("kept", Http.get("http://" + MOVED + ":8500/v1/kv/moved/before?raw").body());
            assertEquals("true", Http.put("http://" + MOVED + ":8500/v1/kv/moved/after", "new").body());
            assertEquals(0, moved.stop());
            assertEquals(0, servers[0].stop());
            assertEquals(0, servers[1].stop());
        } finally {
            AgentProcess.closeAll(servers);
            if (moved != null) {
                moved.close();
            }
        }
    }
}
