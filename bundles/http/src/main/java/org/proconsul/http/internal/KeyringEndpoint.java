package org.proconsul.http.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.proconsul.api.membership.KeyringPool;

/** {@code /v1/operator/keyring}: list (GET), install (POST), use (PUT) and remove (DELETE) across the pools. */
final class KeyringEndpoint {
    static final String PATH = "/v1/operator/keyring";
    private static final long MAX_BODY = 4096;

    private final ApiContext ctx;

    KeyringEndpoint(ApiContext ctx) {
        this.ctx = ctx;
    }

    void handle(Exchange ex) {
        int relayFactor = relayFactor(ex);
        switch (ex.method()) {
            case "GET" -> run(ex, KeyringPool.Operation.LIST, null, relayFactor);
            case "POST" -> withKey(ex, KeyringPool.Operation.INSTALL, relayFactor);
            case "PUT" -> withKey(ex, KeyringPool.Operation.USE, relayFactor);
            case "DELETE" -> withKey(ex, KeyringPool.Operation.REMOVE, relayFactor);
            default -> throw Router.methodNotAllowed(ex, "GET", "POST", "PUT", "DELETE");
        }
    }

    private static int relayFactor(Exchange ex) {
        String relay = ex.param("relay-factor");
        if (relay == null || relay.isEmpty()) {
            return 0;
        }
        int r;
        try {
            r = Integer.parseInt(relay);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Error parsing relay factor: " + relay);
        }
        if (r < 0 || r > 5) {
            throw HttpError.badRequest("Relay factor must be in range: [0, 5]");
        }
        return r;
    }

    private void withKey(Exchange ex, KeyringPool.Operation op, int relayFactor) {
        BodyReader.read(ex.request(), MAX_BODY, seen -> new HttpError(413, "Request body too large"))
                .whenComplete((body, failure) -> {
                    if (failure != null) {
                        ex.sendFailure(failure);
                        return;
                    }
                    ex.bodyConsumed();
                    try {
                        JsonNode root = Json.MAPPER.readTree(body);
                        JsonNode key = root == null ? null : Json.field(root, "Key");
                        if (key == null || !key.isTextual()) {
                            throw HttpError.badRequest("Request decode failed: missing Key");
                        }
                        run(ex, op, key.asText(), relayFactor);
                    } catch (IOException e) {
                        ex.sendError(HttpError.badRequest("Request decode failed: " + e.getMessage().lines().findFirst().orElse("")));
                    } catch (HttpError e) {
                        ex.sendError(e);
                    } catch (RuntimeException e) {
                        ex.sendFailure(e);
                    }
                });
    }

    private void run(Exchange ex, KeyringPool.Operation op, String key, int relayFactor) {
        boolean localOnly = ex.has("local-only") && !"false".equals(ex.param("local-only"));
        List<KeyringPool> pools;
        try {
            pools = ctx.membership().keyring(op, key, localOnly, relayFactor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(500, "keyring operation interrupted");
        }
        StringBuilder errors = new StringBuilder();
        for (KeyringPool p : pools) {
            if (!p.errors().isEmpty()) {
                errors.append(errors.length() == 0 ? "" : "\n").append(p.datacenter())
                        .append(p.wan() ? " (WAN)" : " (LAN)").append(" error: ").append(p.errors().size())
                        .append(p.errors().size() == 1 ? " error occurred" : " errors occurred");
                p.errors().forEach((node, msg) -> errors.append('\n').append(node).append(": ").append(msg));
            }
        }
        if (errors.length() > 0) {
            throw new HttpError(500, errors.toString());
        }
        if (op != KeyringPool.Operation.LIST) {
            ex.sendEmpty(200);
            return;
        }
        ex.sendJson(g -> {
            g.writeStartArray();
            for (KeyringPool p : pools) {
                g.writeStartObject();
                g.writeBooleanField("WAN", p.wan());
                g.writeStringField("Datacenter", p.datacenter());
                g.writeStringField("Segment", "");
                writeCounts(g, "Keys", p.keys());
                writeCounts(g, "PrimaryKeys", p.primaryKeys());
                g.writeNumberField("NumNodes", p.numNodes());
                g.writeEndObject();
            }
            g.writeEndArray();
        });
    }

    private static void writeCounts(com.fasterxml.jackson.core.JsonGenerator g, String name, Map<String, Integer> counts)
            throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(counts).entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
