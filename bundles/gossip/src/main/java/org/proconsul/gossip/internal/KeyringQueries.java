package org.proconsul.gossip.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.proconsul.api.membership.KeyringPool;

/**
 * Keyring operations spread as gossip queries, as serf does it: the asking agent sends the query to the
 * whole pool (itself included); each member applies it to its own keyring, rewrites its keyring file,
 * and answers {@code ok}, an error, or (for a list) its keys, primary first.
 */
final class KeyringQueries implements GossipPool.QueryHandler {
    static final String PREFIX = "keyring-";

    private final Keyring keyring;
    private final KeyringFile file;

    KeyringQueries(Keyring keyring, KeyringFile file) {
        this.keyring = keyring;
        this.file = file;
    }

    @Override
    public byte[] answer(String name, byte[] payload) {
        if (!name.startsWith(PREFIX)) {
            return null;
        }
        String verb = name.substring(PREFIX.length());
        if (verb.equals("list")) {
            return String.join("\n", keyring.encoded()).getBytes(StandardCharsets.UTF_8);
        }
        try {
            byte[] key = Keyring.decodeKey(new String(payload, StandardCharsets.UTF_8));
            switch (verb) {
                case "install" -> keyring.install(key);
                case "use" -> keyring.use(key);
                case "remove" -> keyring.remove(key);
                default -> {
                    return ("error: unknown keyring operation " + verb).getBytes(StandardCharsets.UTF_8);
                }
            }
            if (file != null) {
                file.save(keyring);
            }
            return "ok".getBytes(StandardCharsets.UTF_8);
        } catch (Keyring.KeyringException | IOException e) {
            return ("error: " + e.getMessage()).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Runs one operation across a pool and sums up what the members answered. */
    static KeyringPool run(GossipPool pool, boolean wan, String datacenter, KeyringPool.Operation op, String key,
            int relayFactor) throws InterruptedException {
        String name = PREFIX + op.name().toLowerCase(java.util.Locale.ROOT);
        byte[] payload = key == null ? new byte[0] : key.getBytes(StandardCharsets.UTF_8);
        int numNodes = pool.aliveMembers();
        GossipPool.QueryResult result;
        try {
            result = pool.query(name, payload, Duration.ZERO, relayFactor).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new KeyringPool(wan, datacenter, Map.of(), Map.of(), numNodes,
                    Map.of("query", "keyring query failed: " + e.getMessage()));
        }
        Map<String, Integer> keys = new TreeMap<>();
        Map<String, Integer> primary = new TreeMap<>();
        Map<String, String> errors = new HashMap<>();
        for (GossipPool.QueryReply reply : result.responses()) {
            String text = new String(reply.payload(), StandardCharsets.UTF_8);
            if (op == KeyringPool.Operation.LIST) {
                List<String> held = text.isEmpty() ? List.of() : List.of(text.split("\n"));
                for (int i = 0; i < held.size(); i++) {
                    keys.merge(held.get(i), 1, Integer::sum);
                    if (i == 0) {
                        primary.merge(held.get(i), 1, Integer::sum);
                    }
                }
            } else if (!text.equals("ok")) {
                errors.put(reply.node(), text.startsWith("error: ") ? text.substring(7) : text);
            }
        }
        int missing = numNodes - result.responses().size();
        if (missing > 0) {
            errors.put("(" + missing + " members)", "no response before the query timed out");
        }
        return new KeyringPool(wan, datacenter, keys, primary, numNodes, errors);
    }

}
