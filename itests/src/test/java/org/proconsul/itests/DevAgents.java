package org.proconsul.itests;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Dev agents on their own loopback address with Consul's default ports. */
final class DevAgents {
    private DevAgents() {
    }

    static AgentProcess start(Path logDir, String ip, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-dev", "-bind", ip, "-client", ip, "-node", "dev-" + ip));
        args.addAll(List.of(extra));
        return AgentProcess.start(logDir, ip + ":8500", args).awaitLeader(Duration.ofSeconds(60));
    }
}
