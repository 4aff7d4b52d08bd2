package org.proconsul.http.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;

import org.eclipse.jetty.util.Fields;
import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.kv.KvPut;
import org.proconsul.api.kv.KvWriteResult;
import org.proconsul.api.state.QueryResult;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.WatchTarget;

/** {@code /v1/kv/<key>}: GET (get, recurse, keys, raw), PUT (set, cas, flags, acquire, release), DELETE. */
final class KvEndpoint {
    static final String PREFIX = "/v1/kv/";

    private final ApiContext ctx;
    private final ServerForwarder leaderForwarder;

    KvEndpoint(ApiContext ctx, ServerForwarder leaderForwarder) {
        this.leaderForwarder = leaderForwarder;
        this.ctx = ctx;
    }

    void handle(Exchange ex) {
        String key = ex.path().substring(PREFIX.length());
        switch (ex.method()) {
            case "GET":
                if (ex.has("keys")) {
                    keys(ex, key);
                } else {
                    get(ex, key);
                }
                break;
            case "PUT":
                put(ex, key);
                break;
            case "DELETE":
                delete(ex, key);
                break;
            default:
                throw Router.methodNotAllowed(ex, "GET", "PUT", "DELETE");
        }
    }

    private void get(Exchange ex, String key) {
        QueryOptions options = ctx.queryOptions(ex);
        if (ex.has("recurse")) {
            ctx.read(ex, options, new WatchTarget.Prefix(StateStore.KV, key), () -> ctx.store().kvList(key), result -> {
                if (result.value().isEmpty()) {
                    ex.sendEmpty(404);
                } else {
                    ex.sendJson(g -> writeEntries(g, result.value()));
                }
            });
            return;
        }
        if (key.isEmpty()) {
            throw HttpError.badRequest("Missing key name");
        }
        ctx.read(ex, options, new WatchTarget.Key(StateStore.KV, key), () -> ctx.store().kvGet(key),
                (QueryResult<Optional<KvEntry>> result) -> {
                    if (result.value().isEmpty()) {
                        ex.sendEmpty(404);
                    } else if (ex.has("raw")) {
                        ex.header("X-Content-Type-Options", "nosniff");
                        ex.header("Content-Security-Policy", "sandbox");
                        ex.send(200, "text/plain", result.value().get().value());
                    } else {
                        ex.sendJson(g -> writeEntries(g, List.of(result.value().get())));
                    }
                });
    }

    private void keys(Exchange ex, String prefix) {
        QueryOptions options = ctx.queryOptions(ex);
        // Consul still honours its historic misspelling; the correct spelling wins when both are given.
        String separator = ex.has("separator") ? ex.param("separator")
                : ex.has("seperator") ? ex.param("seperator") : "";
        ctx.read(ex, options, new WatchTarget.Prefix(StateStore.KV, prefix),
                () -> ctx.store().kvKeys(prefix, separator == null ? "" : separator), result -> {
                    if (result.value().isEmpty() && !prefix.isEmpty()) {
                        ex.sendEmpty(404);
                        return;
                    }
                    ex.sendJson(g -> {
                        g.writeStartArray();
                        for (String k : result.value()) {
                            g.writeString(k);
                        }
                        g.writeEndArray();
                    });
                });
    }

    private void put(Exchange ex, String key) {
        ctx.checkDatacenter(ex.param("dc"));
        if (key.isEmpty()) {
            throw HttpError.badRequest("Missing key name");
        }
        conflictingFlags(ex, "cas", "acquire", "release");
        long flags = ex.has("flags") ? parseUint(ex.param("flags")) : 0;
        Long cas = ex.has("cas") ? parseUint(ex.param("cas")) : null;
        String acquire = ex.has("acquire") ? nullToEmpty(ex.param("acquire")) : null;
        String release = ex.has("release") ? nullToEmpty(ex.param("release")) : null;
        if ((acquire != null && acquire.isEmpty()) || (release != null && release.isEmpty())) {
            throw new HttpError(500, "missing session");
        }
        // the lock delay lives in each server's memory; Consul checks the leader's, so acquires go there
        if (acquire != null && leaderForwarder.passedToLeader(ex, ctx.consensus().view())) {
            return;
        }
        long limit = ctx.limits().kvMaxValueSize();
        BodyReader.read(ex.request(), limit, seen -> new HttpError(413, "Request body(" + seen
                + " bytes) too large, max size: " + limit
                + " bytes. See https://developer.hashicorp.com/docs/agent/config/config-files#kv_max_value_size."))
                .whenComplete((body, failure) -> {
                    if (failure != null) {
                        ex.sendFailure(failure);
                        return;
                    }
                    ex.bodyConsumed();
                    KvPut put = new KvPut(key, body, flags, cas, acquire, release);
                    ApiContext.complete(ex, ctx.kv().put(put), result -> {
                        KvWriteResult.Done done = done(result);
                        // A plain set always answers true, as Consul does; cas and locks report the outcome.
                        ex.sendBoolean(cas == null && acquire == null && release == null || done.success());
                    });
                });
    }

    private void delete(Exchange ex, String key) {
        ctx.checkDatacenter(ex.param("dc"));
        conflictingFlags(ex, "recurse", "cas");
        boolean recurse = ex.has("recurse");
        if (!recurse && key.isEmpty()) {
            throw HttpError.badRequest("Missing key name");
        }
        Long cas = ex.has("cas") ? parseUint(ex.param("cas")) : null;
        ApiContext.complete(ex, ctx.kv().delete(key, recurse, cas), result -> {
            KvWriteResult.Done done = done(result);
            ex.sendBoolean(cas == null || done.success());
        });
    }

    private static KvWriteResult.Done done(KvWriteResult result) {
        if (result instanceof KvWriteResult.Refused refused) {
            throw ApiContext.toHttp(refused.error());
        } else if (result instanceof KvWriteResult.Invalid invalid) {
            throw new HttpError(500, invalid.message());
        }
        return (KvWriteResult.Done) result;
    }

    /** Go's strconv.ParseUint error, which Consul returns as a 500 for a malformed flags or cas value. */
    static long parseUint(String value) {
        String v = nullToEmpty(value);
        try {
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            boolean digits = !v.isEmpty() && v.chars().allMatch(Character::isDigit);
            throw new HttpError(500, "strconv.ParseUint: parsing " + goQuote(v) + ": "
                    + (digits ? "value out of range" : "invalid syntax"));
        }
    }

    /** Consul answers 400 {@code Conflicting flags: <query>} when two exclusive flags are given. */
    private static void conflictingFlags(Exchange ex, String... flags) {
        int found = 0;
        for (String flag : flags) {
            if (ex.has(flag)) {
                found++;
            }
        }
        if (found > 1) {
            throw HttpError.badRequest("Conflicting flags: " + encodeSorted(ex.query()));
        }
    }

    /** The query string re-encoded with keys sorted, as Go's url.Values.Encode does. */
    static String encodeSorted(Fields query) {
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        for (Fields.Field f : query) {
            sorted.computeIfAbsent(f.getName(), k -> new ArrayList<>()).addAll(f.getValues());
        }
        StringBuilder out = new StringBuilder();
        sorted.forEach((name, values) -> {
            for (String v : values) {
                if (out.length() > 0) {
                    out.append('&');
                }
                out.append(formEncode(name)).append('=').append(formEncode(v == null ? "" : v));
            }
        });
        return out.toString();
    }

    private static String formEncode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    static void writeEntries(JsonGenerator g, List<KvEntry> entries) throws IOException {
        g.writeStartArray();
        for (KvEntry e : entries) {
            writeEntry(g, e, true);
        }
        g.writeEndArray();
    }

    /** One entry in Consul's field order; an empty value is {@code null}, an unheld key has no Session. */
    static void writeEntry(JsonGenerator g, KvEntry e, boolean withValue) throws IOException {
        g.writeStartObject();
        g.writeNumberField("LockIndex", e.lockIndex());
        g.writeStringField("Key", e.key());
        g.writeFieldName("Flags");
        g.writeNumber(Long.toUnsignedString(e.flags()));
        g.writeFieldName("Value");
        if (withValue && e.value().length > 0) {
            g.writeString(Base64.getEncoder().encodeToString(e.value()));
        } else {
            g.writeNull();
        }
        if (e.session() != null) {
            g.writeStringField("Session", e.session());
        }
        g.writeNumberField("CreateIndex", e.createIndex());
        g.writeNumberField("ModifyIndex", e.modifyIndex());
        g.writeEndObject();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String goQuote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
