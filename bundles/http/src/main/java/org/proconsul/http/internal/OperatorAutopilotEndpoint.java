package org.proconsul.http.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.proconsul.api.autopilot.AutopilotConfigEntry;
import org.proconsul.api.autopilot.AutopilotReport;
import org.proconsul.api.raft.ReadConsistency;
import org.proconsul.api.autopilot.AutopilotConfiguration;
import org.proconsul.api.autopilot.ConfigWriteResult;
import org.proconsul.api.raft.ReadPermit;
import org.proconsul.api.time.GoDuration;

/**
 * {@code /v1/operator/autopilot/configuration}: autopilot's replicated settings. GET answers from the
 * state store behind the usual read barrier ({@code ?stale} allowed); PUT decodes the body over Consul's
 * defaults (a missing field is the default, not the stored value) and replicates it, with {@code ?cas=}
 * as a check-and-set on the stored ModifyIndex.
 */
final class OperatorAutopilotEndpoint {
    static final String PREFIX = "/v1/operator/autopilot/";
    static final String CONFIGURATION = PREFIX + "configuration";
    static final String HEALTH = PREFIX + "health";
    static final String STATE = PREFIX + "state";
    private static final long MAX_BODY = 64 * 1024;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final ApiContext ctx;
    private final ServerForwarder leaderForwarder;

    OperatorAutopilotEndpoint(ApiContext ctx, ServerForwarder leaderForwarder) {
        this.ctx = ctx;
        this.leaderForwarder = leaderForwarder;
    }

    /**
     * Autopilot runs on the leader: a follower passes the request on unless {@code ?stale} lets it answer
     * from its own (empty) view, as Consul's followers answer stale reads from theirs.
     */
    private boolean answeredByLeader(Exchange ex) {
        QueryOptions options = ctx.queryOptions(ex);
        return options.consistency() != ReadConsistency.STALE
                && leaderForwarder.passedToLeader(ex, ctx.consensus().view());
    }

    /** {@code /v1/operator/autopilot/health}: 200 when every server is healthy, else 429 with the same body. */
    void health(Exchange ex) {
        if (!ex.method().equals("GET")) {
            throw Router.methodNotAllowed(ex, "GET");
        }
        if (answeredByLeader(ex)) {
            return;
        }
        AutopilotReport r = ctx.autopilotReport();
        ex.sendJson(r.healthy() ? 200 : 429, g -> {
            g.writeStartObject();
            g.writeBooleanField("Healthy", r.healthy());
            g.writeNumberField("FailureTolerance", r.failureTolerance());
            if (r.servers().isEmpty()) {
                g.writeNullField("Servers");
            } else {
                g.writeArrayFieldStart("Servers");
                for (AutopilotReport.Server s : r.servers()) {
                    g.writeStartObject();
                    g.writeStringField("ID", s.id());
                    g.writeStringField("Name", s.name());
                    g.writeStringField("Address", s.address());
                    g.writeStringField("SerfStatus", s.nodeStatus().equals("unknown") ? "none" : s.nodeStatus());
                    g.writeStringField("Version", s.version());
                    g.writeBooleanField("Leader", s.status().equals("leader"));
                    g.writeStringField("LastContact", lastContact(s));
                    g.writeNumberField("LastTerm", s.lastTerm());
                    g.writeNumberField("LastIndex", s.lastIndex());
                    g.writeBooleanField("Healthy", s.healthy());
                    g.writeBooleanField("Voter", !s.status().equals("non-voter"));
                    g.writeStringField("StableSince", SECONDS.format(s.stableSince().plusMillis(500)));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    /** {@code /v1/operator/autopilot/state}: Consul's AutopilotState, servers keyed by id. */
    void state(Exchange ex) {
        if (!ex.method().equals("GET")) {
            throw Router.methodNotAllowed(ex, "GET");
        }
        if (answeredByLeader(ex)) {
            return;
        }
        AutopilotReport r = ctx.autopilotReport();
        ex.sendJson(g -> {
            g.writeStartObject();
            g.writeBooleanField("Healthy", r.healthy());
            g.writeNumberField("FailureTolerance", r.failureTolerance());
            g.writeNumberField("OptimisticFailureTolerance", r.failureTolerance());
            g.writeObjectFieldStart("Servers");
            for (AutopilotReport.Server s : r.servers()) {
                g.writeObjectFieldStart(s.id());
                g.writeStringField("ID", s.id());
                g.writeStringField("Name", s.name());
                g.writeStringField("Address", s.address());
                g.writeStringField("NodeStatus", s.nodeStatus());
                g.writeStringField("Version", s.version());
                g.writeStringField("LastContact", lastContact(s));
                g.writeNumberField("LastTerm", s.lastTerm());
                g.writeNumberField("LastIndex", s.lastIndex());
                g.writeBooleanField("Healthy", s.healthy());
                g.writeStringField("StableSince", DateTimeFormatter.ISO_INSTANT.format(s.stableSince()));
                g.writeBooleanField("ReadReplica", false);
                g.writeStringField("Status", s.status());
                if (s.meta().isEmpty()) {
                    g.writeNullField("Meta");
                } else {
                    g.writeObjectFieldStart("Meta");
                    for (Map.Entry<String, String> m : new java.util.TreeMap<>(s.meta()).entrySet()) {
                        g.writeStringField(m.getKey(), m.getValue());
                    }
                    g.writeEndObject();
                }
                g.writeStringField("NodeType", "voter");
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeStringField("Leader", r.leaderId());
            g.writeArrayFieldStart("Voters");
            for (String id : r.voters()) {
                g.writeString(id);
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** Go's duration text; a server never heard of reports Consul's -1 (one negative nanosecond). */
    private static String lastContact(AutopilotReport.Server s) {
        return s.lastContactMs() < 0 ? "-1ns" : GoDuration.format(Duration.ofMillis(s.lastContactMs()));
    }

    void configuration(Exchange ex) {
        switch (ex.method()) {
            case "GET" -> get(ex);
            case "PUT" -> put(ex);
            default -> throw Router.methodNotAllowed(ex, "GET", "PUT");
        }
    }

    private void get(Exchange ex) {
        QueryOptions options = ctx.queryOptions(ex);
        ctx.barrier(options).whenComplete((permit, failure) -> {
            if (failure != null) {
                ex.sendFailure(failure);
            } else if (permit instanceof ReadPermit.Refused refused) {
                ex.sendError(ApiContext.toHttp(refused.error()));
            } else {
                java.util.Optional<AutopilotConfigEntry> entry = ctx.store().autopilotConfiguration().value();
                if (entry.isEmpty()) {
                    ex.sendError(new HttpError(500, "autopilot config not initialized yet"));
                } else {
                    ex.sendJson(g -> render(g, entry.get()));
                }
            }
        });
    }

    private static void render(com.fasterxml.jackson.core.JsonGenerator g, AutopilotConfigEntry entry)
            throws IOException {
        AutopilotConfiguration c = entry.config();
        g.writeStartObject();
        g.writeBooleanField("CleanupDeadServers", c.cleanupDeadServers());
        g.writeStringField("LastContactThreshold", GoDuration.format(c.lastContactThreshold()));
        g.writeNumberField("MaxTrailingLogs", c.maxTrailingLogs());
        g.writeNumberField("MinQuorum", c.minQuorum());
        g.writeStringField("ServerStabilizationTime", GoDuration.format(c.serverStabilizationTime()));
        g.writeStringField("RedundancyZoneTag", c.redundancyZoneTag());
        g.writeBooleanField("DisableUpgradeMigration", c.disableUpgradeMigration());
        g.writeStringField("UpgradeVersionTag", c.upgradeVersionTag());
        g.writeNumberField("CreateIndex", entry.createIndex());
        g.writeNumberField("ModifyIndex", entry.modifyIndex());
        g.writeEndObject();
    }

    private void put(Exchange ex) {
        ctx.checkDatacenter(ex.param("dc"));
        OptionalLong cas = cas(ex);
        BodyReader.read(ex.request(), MAX_BODY, seen -> new HttpError(413, "Request body too large"))
                .whenComplete((body, failure) -> {
                    if (failure != null) {
                        ex.sendFailure(failure);
                        return;
                    }
                    ex.bodyConsumed();
                    try {
                        AutopilotConfiguration config = parse(body);
                        ApiContext.complete(ex, ctx.autopilotConfig().set(config, cas), result -> {
                            if (result instanceof ConfigWriteResult.Refused refused) {
                                throw ApiContext.toHttp(refused.error());
                            }
                            ex.sendBoolean(((ConfigWriteResult.Done) result).success());
                        });
                    } catch (HttpError e) {
                        ex.sendError(e);
                    }
                });
    }

    /** Consul parses {@code ?cas} as an unsigned 64-bit number whenever the key is present. */
    private static OptionalLong cas(Exchange ex) {
        String value = ex.param("cas");
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseUnsignedLong(value));
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("Error parsing cas value: strconv.ParseUint: parsing \"" + value
                    + "\": invalid syntax");
        }
    }

    /** The body over Consul's defaults, with Go's decoding rules: unknown fields refused, names matched without case. */
    static AutopilotConfiguration parse(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw invalid(Json.syntaxError(e));
        } catch (IOException e) {
            throw invalid(e.getMessage());
        }
        if (root == null) {
            throw invalid("EOF");
        }
        if (root.isNull()) {
            return AutopilotConfiguration.DEFAULTS;
        }
        if (!root.isObject()) {
            throw invalid("json: cannot unmarshal " + kind(root) + " into Go value of type api.AutopilotConfiguration");
        }
        AutopilotConfiguration d = AutopilotConfiguration.DEFAULTS;
        boolean cleanup = d.cleanupDeadServers();
        Duration lastContact = d.lastContactThreshold();
        long trailing = d.maxTrailingLogs();
        long minQuorum = d.minQuorum();
        Duration stabilization = d.serverStabilizationTime();
        String zoneTag = d.redundancyZoneTag();
        boolean disableUpgrade = d.disableUpgradeMigration();
        String versionTag = d.upgradeVersionTag();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode v = field.getValue();
            switch (field.getKey().toLowerCase(Locale.ROOT)) {
                case "cleanupdeadservers" -> cleanup = bool(v, "CleanupDeadServers", cleanup);
                case "lastcontactthreshold" -> lastContact = duration(v, "LastContactThreshold");
                case "maxtrailinglogs" -> trailing = unsigned(v, "MaxTrailingLogs", "uint64", trailing);
                case "minquorum" -> minQuorum = unsigned(v, "MinQuorum", "uint", minQuorum);
                case "serverstabilizationtime" -> stabilization = duration(v, "ServerStabilizationTime");
                case "redundancyzonetag" -> zoneTag = string(v, "RedundancyZoneTag", zoneTag);
                case "disableupgrademigration" -> disableUpgrade = bool(v, "DisableUpgradeMigration", disableUpgrade);
                case "upgradeversiontag" -> versionTag = string(v, "UpgradeVersionTag", versionTag);
                case "createindex" -> unsigned(v, "CreateIndex", "uint64", 0); // accepted, ignored: ?cas decides
                case "modifyindex" -> unsigned(v, "ModifyIndex", "uint64", 0);
                default -> throw invalid("json: unknown field \"" + field.getKey() + "\"");
            }
        }
        AutopilotConfiguration config = new AutopilotConfiguration(cleanup, lastContact, trailing, minQuorum,
                stabilization, zoneTag, disableUpgrade, versionTag);
        String reason = config.invalidReason();
        if (reason != null) {
            throw invalid(reason);
        }
        return config;
    }

    private static boolean bool(JsonNode v, String field, boolean unchanged) {
        if (v.isNull()) {
            return unchanged;
        }
        if (!v.isBoolean()) {
            throw mismatch(v, field, "bool");
        }
        return v.booleanValue();
    }

    private static String string(JsonNode v, String field, String unchanged) {
        if (v.isNull()) {
            return unchanged;
        }
        if (!v.isTextual()) {
            throw mismatch(v, field, "string");
        }
        return v.textValue();
    }

    private static long unsigned(JsonNode v, String field, String goType, long unchanged) {
        if (v.isNull()) {
            return unchanged;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw invalid("json: cannot unmarshal " + (v.isNumber() ? "number " + v.asText() : kind(v))
                    + " into Go struct field AutopilotConfiguration." + field + " of type " + goType);
        }
        return v.longValue();
    }

    /** A Go duration string, or a number of nanoseconds; null is a zero duration, as in Consul. */
    private static Duration duration(JsonNode v, String field) {
        if (v.isNull()) {
            return Duration.ZERO;
        }
        if (v.isTextual()) {
            try {
                return GoDuration.parse(v.textValue());
            } catch (GoDuration.InvalidDurationException e) {
                throw invalid(e.getMessage());
            }
        }
        if (v.isNumber()) {
            return Duration.ofNanos((long) v.doubleValue());
        }
        throw invalid("strconv.ParseFloat: parsing \"" + v + "\": invalid syntax");
    }

    private static HttpError mismatch(JsonNode v, String field, String goType) {
        return invalid("json: cannot unmarshal " + kind(v) + " into Go struct field AutopilotConfiguration." + field
                + " of type " + goType);
    }

    private static String kind(JsonNode n) {
        return n.isTextual() ? "string" : n.isNumber() ? "number" : n.isBoolean() ? "bool" : n.isArray() ? "array"
                : "object";
    }

    private static HttpError invalid(String why) {
        return HttpError.badRequest("Error parsing autopilot config: " + why);
    }
}
