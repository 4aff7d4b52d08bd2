package org.proconsul.http.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.kv.KvTxnOp;
import org.proconsul.api.kv.KvVerb;
import org.proconsul.api.kv.TxnError;
import org.proconsul.api.kv.TxnOutcome;

/**
 * {@code PUT /v1/txn}: KV operations applied atomically. Read-only transactions skip Raft and honour
 * the consistency mode; a failed operation rolls everything back and answers 409 with every error.
 */
final class TxnEndpoint {
    static final String PATH = "/v1/txn";

    private final ApiContext ctx;

    TxnEndpoint(ApiContext ctx) {
        this.ctx = ctx;
    }

    void handle(Exchange ex) {
        if (!ex.method().equals("PUT")) {
            throw Router.methodNotAllowed(ex, "PUT");
        }
        ctx.checkDatacenter(ex.param("dc"));
        QueryOptions options = ctx.queryOptions(ex);
        long maxLen = Math.max(ctx.limits().txnMaxReqLen(), ctx.limits().kvMaxValueSize());
        BodyReader.read(ex.request(), maxLen, seen -> new HttpError(413,
                "Request body too large, max size: " + maxLen + " bytes")).whenComplete((body, failure) -> {
                    if (failure != null) {
                        ex.sendFailure(failure);
                        return;
                    }
                    ex.bodyConsumed();
                    try {
                        run(ex, options, parse(body));
                    } catch (HttpError e) {
                        ex.sendError(e);
                    }
                });
    }

    private void run(Exchange ex, QueryOptions options, Parsed parsed) {
        if (!parsed.unknownVerbs().isEmpty()) {
            // Consul's state machine rejects an unknown verb inside the transaction: a 409 like any failed op.
            sendOutcome(ex, new TxnOutcome.RolledBack(parsed.unknownVerbs()));
            return;
        }
        if (parsed.ops().stream().allMatch(op -> op.verb().readOnly())) {
            // read-only transactions skip Raft; like Consul they carry the read metadata but no index
            org.proconsul.api.raft.RaftView view = ctx.consensus().view();
            ex.header("X-Consul-KnownLeader", Boolean.toString(view.knownLeader()));
            ex.header("X-Consul-LastContact", Long.toString(view.lastContactMs()));
        }
        ApiContext.complete(ex, ctx.kv().txn(parsed.ops(), options.consistency()), outcome -> sendOutcome(ex, outcome));
    }

    private void sendOutcome(Exchange ex, TxnOutcome outcome) {
        if (outcome instanceof TxnOutcome.Refused refused) {
            throw ApiContext.toHttp(refused.error());
        } else if (outcome instanceof TxnOutcome.RolledBack rolledBack) {
            ex.sendJson(409, g -> {
                g.writeStartObject();
                g.writeNullField("Results");
                g.writeArrayFieldStart("Errors");
                for (TxnError error : rolledBack.errors()) {
                    g.writeStartObject();
                    g.writeNumberField("OpIndex", error.opIndex());
                    g.writeStringField("What", error.what());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        } else {
            TxnOutcome.Committed committed = (TxnOutcome.Committed) outcome;
            ex.sendJson(g -> writeCommitted(g, committed.results()));
        }
    }

    private static void writeCommitted(JsonGenerator g, List<KvEntry> results) throws IOException {
        g.writeStartObject();
        if (results.isEmpty()) {
            g.writeNullField("Results");
        } else {
            g.writeArrayFieldStart("Results");
            for (KvEntry e : results) {
                g.writeStartObject();
                g.writeFieldName("KV");
                KvEndpoint.writeEntry(g, e, true);
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeNullField("Errors");
        g.writeEndObject();
    }

    private record Parsed(List<KvTxnOp> ops, List<TxnError> unknownVerbs) {
    }

    private Parsed parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw HttpError.badRequest("Failed to parse body: " + Json.syntaxError(e));
        } catch (IOException e) {
            throw HttpError.badRequest("Failed to parse body: " + e.getMessage());
        }
        if (root == null || root.isNull()) {
            return new Parsed(List.of(), List.of());
        }
        if (!root.isArray()) {
            throw HttpError.badRequest("Failed to parse body: json: cannot unmarshal "
                    + jsonKind(root) + " into Go value of type api.TxnOps");
        }
        if (root.size() > ctx.limits().txnMaxOps()) {
            throw new HttpError(413, "Transaction contains too many operations (" + root.size() + " > "
                    + ctx.limits().txnMaxOps() + ")");
        }
        List<KvTxnOp> ops = new ArrayList<>();
        List<TxnError> unknown = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode op = root.get(i);
            if (!op.isObject()) {
                throw HttpError.badRequest("Failed to parse body: json: cannot unmarshal " + jsonKind(op)
                        + " into Go value of type api.TxnOp");
            }
            JsonNode kv = Json.field(op, "KV");
            if (kv == null || kv.isNull()) {
                throw HttpError.badRequest("Failed to parse body: operation " + i
                        + " has no KV member (only KV operations are supported)");
            }
            String verbName = text(kv, "Verb");
            String key = text(kv, "Key");
            byte[] value = value(kv);
            if (value.length > ctx.limits().kvMaxValueSize()) {
                throw new HttpError(413, "Value for key \"" + key + "\" is too large (" + value.length + " > "
                        + ctx.limits().kvMaxValueSize() + " bytes)");
            }
            KvVerb verb = KvVerb.fromWire(verbName);
            if (verb == null) {
                unknown.add(new TxnError(i, "unknown KV verb \"" + verbName + "\""));
                continue;
            }
            String session = text(kv, "Session");
            ops.add(new KvTxnOp(verb, key, value, uint(kv, "Flags"), uint(kv, "Index"),
                    session.isEmpty() ? null : session));
        }
        return new Parsed(ops, unknown);
    }

    private static String text(JsonNode kv, String name) {
        JsonNode n = Json.field(kv, name);
        if (n == null || n.isNull()) {
            return "";
        }
        if (!n.isTextual()) {
            throw HttpError.badRequest("Failed to parse body: json: cannot unmarshal " + jsonKind(n)
                    + " into Go struct field KVTxnOp." + name + " of type string");
        }
        return n.asText();
    }

    private static long uint(JsonNode kv, String name) {
        JsonNode n = Json.field(kv, name);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.isIntegralNumber() || n.asText().startsWith("-") || !n.canConvertToExactIntegral()) {
            throw HttpError.badRequest("Failed to parse body: json: cannot unmarshal " + jsonKind(n)
                    + " into Go struct field KVTxnOp." + name + " of type uint64");
        }
        return n.bigIntegerValue().longValue();
    }

    private static byte[] value(JsonNode kv) {
        JsonNode n = Json.field(kv, "Value");
        if (n == null || n.isNull()) {
            return new byte[0];
        }
        if (!n.isTextual()) {
            throw HttpError.badRequest("Failed to parse body: unexpected value type: " + goType(n));
        }
        try {
            return Base64.getDecoder().decode(n.asText());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Failed to parse body: failed to decode value: illegal base64 data");
        }
    }

    private static String jsonKind(JsonNode n) {
        if (n.isTextual()) {
            return "string";
        } else if (n.isNumber()) {
            return "number";
        } else if (n.isBoolean()) {
            return "bool";
        } else if (n.isArray()) {
            return "array";
        }
        return "object";
    }

    private static String goType(JsonNode n) {
        return n.isNumber() ? "float64" : n.isBoolean() ? "bool" : n.isArray() ? "[]interface {}"
                : "map[string]interface {}".toLowerCase(Locale.ROOT);
    }
}
