package org.proconsul.http.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import org.proconsul.api.session.Session;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.WatchTarget;
import org.proconsul.api.time.GoDuration;

/**
 * {@code /v1/session/create|destroy/ID|renew/ID|info/ID|node/NODE|list}. Creates take Consul's defaults (this
 * agent's node, {@code serfHealth}, 15s lock delay, release) and limits (lock delay at most 60s, TTL between
 * {@code session_ttl_min} and 24h); renewals are the leader's, so a follower passes them on; reads block on
 * the sessions table.
 */
final class SessionEndpoint {
    static final String CREATE = "/v1/session/create";
    static final String DESTROY = "/v1/session/destroy/";
    static final String RENEW = "/v1/session/renew/";
    static final String INFO = "/v1/session/info/";
    static final String NODE = "/v1/session/node/";
    static final String LIST = "/v1/session/list";
    static final Duration DEFAULT_LOCK_DELAY = Duration.ofSeconds(15);
    static final Duration MAX_LOCK_DELAY = Duration.ofSeconds(60);
    static final Duration MAX_TTL = Duration.ofHours(24);
    /** Consul reads a bare LockDelay number below this as seconds, above it as nanoseconds. */
    private static final long LOCK_DELAY_SECONDS_BELOW = 1000;
    private static final String SERF_CHECK = "serfHealth";
    private static final int MAX_BODY = 64 * 1024;

    private final ApiContext ctx;
    private final ServerForwarder leaderForwarder;

    SessionEndpoint(ApiContext ctx, ServerForwarder leaderForwarder) {
        this.ctx = ctx;
        this.leaderForwarder = leaderForwarder;
    }

    void create(Exchange ex) {
        requireMethod(ex, "PUT");
        ctx.checkDatacenter(ex.param("dc"));
        BodyReader.read(ex.request(), MAX_BODY, seen -> new HttpError(413, "Request body too large"))
                .whenComplete((body, failure) -> {
                    if (failure != null) {
                        ex.sendFailure(failure);
                        return;
                    }
                    ex.bodyConsumed();
                    try {
                        String via = ex.request().getHeaders().get(ServerForwarder.AGENT_NODE);
                        Session session = parse(body, via == null || via.isEmpty()
                                ? ctx.agent().config().nodeName() : via);
                        ApiContext.complete(ex, ctx.sessions().create(session), id -> ex.sendJson(g -> {
                            g.writeStartObject();
                            g.writeStringField("ID", id);
                            g.writeEndObject();
                        }));
                    } catch (HttpError e) {
                        ex.sendError(e);
                    } catch (RuntimeException e) {
                        ex.sendFailure(e);
                    }
                });
    }

    /** A create body with Consul's defaults and limits; an empty body is every default. */
    private Session parse(byte[] body, String agentNode) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw HttpError.badRequest("Request decode failed: " + Json.syntaxError(e));
        } catch (java.io.IOException e) {
            throw HttpError.badRequest("Request decode failed: " + e.getMessage());
        }
        if (root != null && !root.isNull()) {
            JsonFields.requireObject(root, "Session");
        } else {
            root = null;
        }
        String name = root == null ? "" : JsonFields.text(root, "Name");
        String node = root == null ? "" : JsonFields.text(root, "Node");
        if (node.isEmpty()) {
            node = agentNode; // the agent the request came in through, as Consul's agent fills it
        }
        String behavior = root == null ? "" : JsonFields.text(root, "Behavior");
        if (behavior.isEmpty()) {
            behavior = Session.RELEASE;
        }
        if (!behavior.equals(Session.RELEASE) && !behavior.equals(Session.DELETE)) {
            throw new HttpError(500, "Invalid Behavior setting '" + behavior + "'");
        }
        Duration lockDelay = root == null ? DEFAULT_LOCK_DELAY : lockDelay(Json.field(root, "LockDelay"));
        if (lockDelay.compareTo(MAX_LOCK_DELAY) > 0) {
            lockDelay = MAX_LOCK_DELAY;
        }
        Duration ttl = root == null ? null : ttl(Json.field(root, "TTL"));
        // Consul starts from Checks = [serfHealth]; a Checks field replaces it, NodeChecks add to it
        List<String> checks = root == null || Json.field(root, "Checks") == null ? List.of(SERF_CHECK)
                : JsonFields.strings(root, "Checks");
        Set<String> nodeChecks = new LinkedHashSet<>(checks);
        if (root != null) {
            nodeChecks.addAll(JsonFields.strings(root, "NodeChecks"));
        }
        List<String> serviceChecks = root == null ? List.of() : serviceChecks(Json.field(root, "ServiceChecks"));
        return new Session(UUID.randomUUID().toString(), name, node, lockDelay, behavior, ttl,
                new ArrayList<>(nodeChecks), serviceChecks, 0, 0);
    }

    private static Duration lockDelay(JsonNode v) {
        if (v == null || v.isNull()) {
            return DEFAULT_LOCK_DELAY;
        }
        if (v.isIntegralNumber()) {
            long n = v.asLong();
            return n < LOCK_DELAY_SECONDS_BELOW ? Duration.ofSeconds(n) : Duration.ofNanos(n);
        }
        if (!v.isTextual()) {
            throw HttpError.badRequest("Request decode failed: LockDelay: invalid duration");
        }
        try {
            return GoDuration.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Request decode failed: time: invalid duration \"" + v.asText() + "\"");
        }
    }

    private Duration ttl(JsonNode v) {
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return null;
        }
        if (!v.isTextual()) {
            throw HttpError.badRequest("Request decode failed: json: cannot unmarshal " + Json.goKind(v)
                    + " into Go struct field of type string (TTL)");
        }
        Duration ttl;
        try {
            ttl = GoDuration.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("Request decode failed: time: invalid duration \"" + v.asText() + "\"");
        }
        if (ttl.isZero()) {
            return null;
        }
        Duration min = GoDuration.parseLenient(ctx.agent().config().setting("sessionTtlMin", "10s"));
        if (ttl.compareTo(min) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new HttpError(500, "Invalid Session TTL '" + ttl.toNanos() + "', must be between ["
                    + GoDuration.format(min) + "=" + GoDuration.format(MAX_TTL) + "]");
        }
        return ttl;
    }

    private static List<String> serviceChecks(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw HttpError.badRequest("Request decode failed: json: cannot unmarshal " + Json.goKind(v)
                    + " into Go struct field of type []structs.ServiceCheck (ServiceChecks)");
        }
        for (JsonNode c : v) {
            JsonFields.requireObject(c, "ServiceChecks");
            String id = JsonFields.text(c, "ID");
            if (!id.isEmpty()) {
                out.add(id);
            }
        }
        return out;
    }

    void destroy(Exchange ex) {
        requireMethod(ex, "PUT");
        ctx.checkDatacenter(ex.param("dc"));
        String id = ex.path().substring(DESTROY.length());
        ApiContext.complete(ex, ctx.sessions().destroy(id), done -> ex.sendBoolean(true));
    }

    void renew(Exchange ex) {
        requireMethod(ex, "PUT");
        ctx.checkDatacenter(ex.param("dc"));
        if (leaderForwarder.passedToLeader(ex, ctx.consensus().view())) {
            return;
        }
        String id = ex.path().substring(RENEW.length());
        ApiContext.complete(ex, ctx.sessionTimers().renew(id), session -> {
            if (session.isEmpty()) {
                throw new HttpError(404, "Session id '" + id + "' not found");
            }
            ex.sendJson(g -> {
                g.writeStartArray();
                write(g, session.get());
                g.writeEndArray();
            });
        });
    }

    void info(Exchange ex) {
        String id = ex.path().substring(INFO.length());
        list(ex, () -> {
            var one = ctx.store().session(id);
            return new org.proconsul.api.state.QueryResult<>(one.value().map(List::of).orElse(List.of()), one.index());
        });
    }

    void node(Exchange ex) {
        String node = ex.path().substring(NODE.length());
        list(ex, () -> ctx.store().nodeSessions(node));
    }

    void list(Exchange ex) {
        list(ex, () -> ctx.store().sessions());
    }

    private void list(Exchange ex, java.util.function.Supplier<org.proconsul.api.state.QueryResult<List<Session>>> query) {
        requireMethod(ex, "GET");
        ctx.checkDatacenter(ex.param("dc"));
        QueryOptions options = ctx.queryOptions(ex);
        ctx.read(ex, options, new WatchTarget.Table(StateStore.SESSIONS), query, result -> ex.sendJson(g -> {
            g.writeStartArray();
            for (Session s : result.value()) {
                write(g, s);
            }
            g.writeEndArray();
        }));
    }

    static void write(JsonGenerator g, Session s) throws java.io.IOException {
        g.writeStartObject();
        g.writeStringField("ID", s.id());
        g.writeStringField("Name", s.name());
        g.writeStringField("Node", s.node());
        g.writeNumberField("LockDelay", s.lockDelay().toNanos());
        g.writeStringField("Behavior", s.behavior());
        g.writeStringField("TTL", s.ttl() == null ? "" : GoDuration.format(s.ttl()));
        g.writeArrayFieldStart("NodeChecks");
        for (String c : s.nodeChecks()) {
            g.writeString(c);
        }
        g.writeEndArray();
        if (s.serviceChecks().isEmpty()) {
            g.writeNullField("ServiceChecks");
        } else {
            g.writeArrayFieldStart("ServiceChecks");
            for (String c : s.serviceChecks()) {
                g.writeStartObject();
                g.writeStringField("ID", c);
                g.writeStringField("Namespace", "");
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeNumberField("CreateIndex", s.createIndex());
        g.writeNumberField("ModifyIndex", s.modifyIndex());
        g.writeEndObject();
    }

    private static void requireMethod(Exchange ex, String method) {
        if (!ex.method().equals(method)) {
            throw Router.methodNotAllowed(ex, method);
        }
    }
}
