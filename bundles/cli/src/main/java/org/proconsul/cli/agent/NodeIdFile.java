package org.proconsul.cli.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;


/**
 * The node id as Consul keeps it: a configured id wins; else the one in {@code <data_dir>/node-id};
 * else a new random UUID, written there once. An agent without a data dir gets a new id every start.
 */
final class NodeIdFile {
    private static final Pattern UUID_FORMAT = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private NodeIdFile() {
    }

    static String resolve(String configured, Path dataDir) throws IOException, AgentStartException {
        if (configured != null && !configured.isBlank()) {
            String id = configured.trim().toLowerCase(Locale.ROOT);
            check(id, "node_id");
            return id;
        }
        if (dataDir == null) {
            return UUID.randomUUID().toString();
        }
        Path file = dataDir.resolve("node-id");
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT);
            check(id, file.toString());
            return id;
        }
        String id = UUID.randomUUID().toString();
        Files.createDirectories(dataDir);
        Files.writeString(file, id, StandardCharsets.UTF_8);
        return id;
    }

    private static void check(String id, String source) throws AgentStartException {
        if (!UUID_FORMAT.matcher(id).matches()) {
            throw new AgentStartException("node ID from " + source + " is not a valid UUID: " + id);
        }
    }

}
