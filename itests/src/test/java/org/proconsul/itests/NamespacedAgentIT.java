package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S2's building block: an agent on its own test host (a network namespace with a 10.201.0.0/16
 * address), reached from the test over the namespaces' bridge; everything is removed afterwards.
 */
class NamespacedAgentIT {

    @TempDir
    Path tmp;

    @Test
    void S2_aServerInItsOwnNamespaceAnswersOnItsOwnAddress() throws Exception {
        Assumptions.assumeTrue(NetNamespaces.available(), "network namespaces need root and iproute2");
        try (NetNamespaces net = NetNamespaces.create()) {
            String ns = net.addHost("root", "10.201.2.1");
            List<String> args = List.of("-server", "--bootstrap-expect=1", "-node=root", "-bind", "10.201.2.1",
                    "-client", "10.201.2.1", "-data-dir=" + tmp.resolve("root"), "-log-file=" + tmp.resolve("root"));
            try (AgentProcess agent = AgentProcess.start(tmp, "10.201.2.1:8500", NetNamespaces.exec(ns), args,
                    Map.of())) {
                agent.awaitLeader(Duration.ofSeconds(90));
                assertEquals("\"10.201.2.1:8300\"", Http.get(agent.url("/v1/status/leader")).body());
                assertEquals(0, agent.stop());
            }
        }
    }
}
