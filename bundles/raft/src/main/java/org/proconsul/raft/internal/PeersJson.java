package org.proconsul.raft.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.proconsul.raft.core.Configuration;
import org.proconsul.raft.core.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consul's outage recovery file, {@code <data_dir>/raft/peers.json}: {@code [{"id", "address",
 * "non_voter"}]}. It counts only next to {@code peers.info}, which a server's first start writes: a
 * peers.json found before that is a leftover of another layout and is deleted unread, as Consul does. A
 * file that does not parse or names an impossible configuration stops the start and stays where it is.
 */
final class PeersJson {
    private static final Logger LOG = LoggerFactory.getLogger(PeersJson.class);
    static final String FILE = "peers.json";
    static final String INFO = "peers.info";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String INFO_TEXT = """
            This directory holds this server's Raft state. To recover a cluster that lost its quorum, stop every
            surviving server and write a file named peers.json here on each of them, listing the servers that
            will form the cluster:

            [
              {"id": "<contents of DATA_DIR/node-id>", "address": "<bind address>:8300", "non_voter": false}
            ]

            At its next start a server applies that list as its Raft configuration, keeps its data, and deletes
            the file. A file that cannot be read stops the start and is left in place to be corrected.
            """;

    /** Why a start must stop; the message is the operator's line. */
    static final class RecoveryFailed extends RuntimeException {
        RecoveryFailed(String message) {
            super(message);
        }
    }

    private PeersJson() {
    }

    /** The configuration to recover to, or empty when there is nothing to recover ({@code raftDir} empty: dev). */
    static Optional<Configuration> find(Path raftDir) {
        Path file = raftDir.resolve(FILE);
        Path info = raftDir.resolve(INFO);
        try {
            Files.createDirectories(raftDir);
            if (!Files.exists(info)) {
                Files.writeString(info, INFO_TEXT, StandardCharsets.UTF_8);
                if (Files.deleteIfExists(file)) {
                    LOG.info("raft: deleted peers.json file (see peers.info for details) dir={}", raftDir);
                }
                return Optional.empty();
            }
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            LOG.info("raft: found peers.json file, recovering Raft configuration... file={}", file);
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new RecoveryFailed("recovery failed to parse peers.json: " + e.getMessage());
        }
    }

    /** Deletes the file once the recovered configuration is in the log. */
    static void delete(Path raftDir) {
        try {
            Files.delete(raftDir.resolve(FILE));
            LOG.info("raft: deleted peers.json file after successful recovery dir={}", raftDir);
        } catch (IOException e) {
            throw new UncheckedIOException("recovery failed to delete peers.json, please delete manually (see"
                    + " peers.info for details): " + e.getMessage(), e);
        }
    }

    /** Parses and checks the file's text; a problem is a {@link RecoveryFailed} saying which entry is wrong. */
    static Configuration parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw failed(syntaxError(e));
        }
        if (root == null || root.isMissingNode()) {
            throw failed("EOF");
        }
        if (!root.isArray()) {
            throw failed("json: cannot unmarshal " + goType(root) + " into Go value of type []raft.configEntry");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode entry : root) {
            if (!entry.isObject()) {
                throw failed("json: cannot unmarshal " + goType(entry) + " into Go value of type raft.configEntry");
            }
            entries.add(new Entry(text(entry, "id", "raft.ServerID"), text(entry, "address", "raft.ServerAddress"),
                    !bool(entry, "non_voter")));
        }
        String configuration = "{[" + String.join(" ", entries.stream().map(Entry::goText).toList()) + "]}";
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        List<Server> servers = new ArrayList<>();
        for (Entry e : entries) {
            if (e.id().isEmpty()) {
                throw failed("empty ID in configuration: " + configuration);
            }
            if (e.address().isEmpty()) {
                throw failed("empty address in configuration: " + configuration);
            }
            if (!ids.add(e.id())) {
                throw failed("found duplicate ID in configuration: " + e.id());
            }
            if (!addresses.add(e.address())) {
                throw failed("found duplicate address in configuration: " + e.address());
            }
            servers.add(new Server(e.id(), e.address(), e.voter()));
        }
        if (servers.stream().noneMatch(Server::voter)) {
            throw failed("need at least one voter in configuration: " + configuration);
        }
        return new Configuration(servers);
    }

    /** One entry as written; {@link #goText} is how Go prints it in its error texts. */
    private record Entry(String id, String address, boolean voter) {
        String goText() {
            return "{" + (voter ? "Voter" : "Nonvoter") + " " + id + " " + address + "}";
        }
    }

    private static String text(JsonNode entry, String field, String goType) {
        JsonNode v = caseless(entry, field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw failed("json: cannot unmarshal " + goType(v) + " into Go struct field configEntry." + field
                    + " of type " + goType);
        }
        return v.asText();
    }

    private static boolean bool(JsonNode entry, String field) {
        JsonNode v = caseless(entry, field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw failed("json: cannot unmarshal " + goType(v) + " into Go struct field configEntry." + field
                    + " of type bool");
        }
        return v.asBoolean();
    }

    /** Go matches object keys to struct fields without regard to case; the last match wins. */
    private static JsonNode caseless(JsonNode entry, String field) {
        JsonNode found = null;
        for (Map.Entry<String, JsonNode> e : entry.properties()) {
            if (e.getKey().equalsIgnoreCase(field)) {
                found = e.getValue();
            }
        }
        return found;
    }

    private static String goType(JsonNode v) {
        if (v.isObject()) {
            return "object";
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isNumber()) {
            return "number";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        return "string";
    }

    /** Go's decoder names an early end; anything else is the parser's own first line. */
    private static String syntaxError(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        return message.contains("end-of-input") ? "unexpected EOF"
                : "invalid JSON: " + message.lines().findFirst().orElse(message);
    }

    private static RecoveryFailed failed(String why) {
        return new RecoveryFailed("recovery failed to parse peers.json: " + why);
    }
}
