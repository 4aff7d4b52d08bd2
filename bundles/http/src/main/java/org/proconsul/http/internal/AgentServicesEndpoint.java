package org.proconsul.http.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import org.proconsul.api.agent.AgentServices;
import org.proconsul.api.agent.CheckDefinition;
import org.proconsul.api.agent.ServiceDefinition;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.check.CheckRefusedException;
import org.proconsul.api.check.InvalidCheckException;

/**
 * The local agent's services and checks: {@code /v1/agent/service/register|deregister/ID},
 * {@code /v1/agent/services}, {@code /v1/agent/service/ID}, {@code /v1/agent/checks},
 * {@code /v1/agent/check/register|deregister/ID|pass/ID|warn/ID|fail/ID|update/ID}. They answer from the
 * agent itself, leader or not; the agent syncs them to the catalog.
 */
final class AgentServicesEndpoint {
    static final String SERVICES = "/v1/agent/services";
    static final String CHECKS = "/v1/agent/checks";
    static final String SERVICE_REGISTER = "/v1/agent/service/register";
    static final String SERVICE_DEREGISTER = "/v1/agent/service/deregister/";
    static final String SERVICE = "/v1/agent/service/";
    static final String CHECK_REGISTER = "/v1/agent/check/register";
    static final String CHECK_DEREGISTER = "/v1/agent/check/deregister/";
    static final String CHECK_PASS = "/v1/agent/check/pass/";
    static final String CHECK_WARN = "/v1/agent/check/warn/";
    static final String CHECK_FAIL = "/v1/agent/check/fail/";
    static final String CHECK_UPDATE = "/v1/agent/check/update/";
    static final String NODE_MAINTENANCE = "/v1/agent/maintenance";
    static final String RELOAD = "/v1/agent/reload";
    static final String SERVICE_MAINTENANCE = "/v1/agent/service/maintenance/";
    private static final int MAX_BODY = 1 << 20;

    private final ApiContext ctx;

    AgentServicesEndpoint(ApiContext ctx) {
        this.ctx = ctx;
    }

    private AgentServices agent() {
        AgentServices a = ctx.agentServices();
        if (a == null) {
            throw new HttpError(500, "agent: the local agent's services are not running");
        }
        return a;
    }

    void services(Exchange ex) {
        requireMethod(ex, "GET");
        Filter filter = Filter.of(ex);
        Map<String, CatalogService> services = agent().services();
        ex.sendJson(g -> {
            g.writeStartObject();
            for (CatalogService s : services.values()) {
                if (filter.keeps(s, AgentServicesEndpoint::writeService)) {
                    g.writeFieldName(s.id());
                    writeService(g, s);
                }
            }
            g.writeEndObject();
        });
    }

    /**
     * {@code /v1/agent/service/ID}, with Consul's hash-based blocking: the answer carries
     * {@code X-Consul-ContentHash}; {@code ?hash=H} waits (up to {@code wait}) until the service differs from H.
     */
    void service(Exchange ex) {
        requireMethod(ex, "GET");
        String id = ex.path().substring(SERVICE.length());
        String known = ex.param("hash");
        if (known == null || known.isEmpty()) {
            answerService(ex, id);
            return;
        }
        QueryOptions options = ctx.queryOptions(ex);
        ctx.blocking().untilHashChanges(options.waitTime(), () -> contentHash(agent().service(id).orElse(null)), known,
                () -> {
                    try {
                        answerService(ex, id);
                    } catch (HttpError e) {
                        ex.sendError(e);
                    } catch (RuntimeException e) {
                        ex.sendFailure(e);
                    }
                });
    }

    private void answerService(Exchange ex, String id) {
        CatalogService s = agent().service(id).orElseThrow(() -> new HttpError(404, "unknown service ID: " + id));
        ex.header("X-Consul-ContentHash", contentHash(s));
        ex.sendJson(g -> writeService(g, s));
    }

    /** A short hash of what the endpoint shows of a service (16 hex digits, as Consul's are). */
    static String contentHash(CatalogService s) {
        if (s == null) {
            return "";
        }
        byte[] json = Json.render(false, g -> writeService(g, s));
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(json);
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    void checks(Exchange ex) {
        requireMethod(ex, "GET");
        Filter filter = Filter.of(ex);
        Map<String, HealthCheck> checks = agent().checks();
        ex.sendJson(g -> {
            g.writeStartObject();
            for (HealthCheck c : checks.values()) {
                if (filter.keeps(c, CatalogEndpoint::writeCheck)) {
                    g.writeFieldName(c.checkId());
                    CatalogEndpoint.writeCheck(g, c);
                }
            }
            g.writeEndObject();
        });
    }

    void registerService(Exchange ex) {
        requireMethod(ex, "PUT");
        JsonFields.readObject(ex, MAX_BODY, root -> {
            String name = JsonFields.text(root, "Name");
            if (name.isEmpty()) {
                throw HttpError.badRequest("Missing service name");
            }
            CatalogService service = CatalogEndpoint.service(root, name);
            List<CheckDefinition> checks = new ArrayList<>();
            List<JsonNode> definitions = new ArrayList<>();
            JsonNode one = Json.field(root, "Check");
            if (one != null && !one.isNull()) {
                definitions.add(one);
            }
            JsonNode many = Json.field(root, "Checks");
            if (many != null && !many.isNull()) {
                if (!many.isArray()) {
                    throw HttpError.badRequest("Request decode failed: Checks must be an array");
                }
                many.forEach(definitions::add);
            }
            for (int i = 0; i < definitions.size(); i++) {
                String fallbackId = "service:" + service.id() + (definitions.size() > 1 ? ":" + (i + 1) : "");
                checks.add(CheckDefinitions.read(definitions.get(i), service.id(), fallbackId,
                        "Service '" + service.name() + "' check"));
            }
            try {
                agent().registerService(new ServiceDefinition(service, checks));
            } catch (InvalidCheckException e) {
                throw HttpError.badRequest("Invalid check: " + e.getMessage());
            } catch (CheckRefusedException e) {
                throw new HttpError(500, e.getMessage());
            }
            ex.sendEmpty(200);
        });
    }

    void deregisterService(Exchange ex) {
        requireMethod(ex, "PUT");
        String id = ex.path().substring(SERVICE_DEREGISTER.length());
        if (!agent().deregisterService(id)) {
            throw new HttpError(404, "Unknown service ID \"" + id
                    + "\". Ensure that the service ID is passed, not the service name.");
        }
        ex.sendEmpty(200);
    }

    void registerCheck(Exchange ex) {
        requireMethod(ex, "PUT");
        JsonFields.readObject(ex, MAX_BODY, root -> {
            String name = JsonFields.text(root, "Name");
            if (name.isEmpty()) {
                throw HttpError.badRequest("Missing check name");
            }
            CheckDefinition check = CheckDefinitions.read(root, null, name, name);
            try {
                agent().registerCheck(check);
            } catch (AgentServices.RefusedException e) {
                throw new HttpError(e.notFound() ? 404 : 400, e.getMessage());
            } catch (InvalidCheckException e) {
                throw HttpError.badRequest("Invalid check: " + e.getMessage());
            } catch (CheckRefusedException e) {
                throw new HttpError(500, e.getMessage());
            }
            ex.sendEmpty(200);
        });
    }

    void deregisterCheck(Exchange ex) {
        requireMethod(ex, "PUT");
        String id = ex.path().substring(CHECK_DEREGISTER.length());
        if (!agent().deregisterCheck(id)) {
            throw unknownCheck(id);
        }
        ex.sendEmpty(200);
    }

    /** {@code pass|warn|fail/ID?note=}: the note becomes the output. */
    void ttl(Exchange ex, String prefix, String status) {
        requireMethod(ex, "PUT");
        String id = ex.path().substring(prefix.length());
        String note = ex.param("note");
        answerUpdate(id, agent().updateCheck(id, status, note == null ? "" : note));
        ex.sendEmpty(200);
    }

    /** {@code update/ID} with {@code {"Status", "Output"}}. */
    void update(Exchange ex) {
        requireMethod(ex, "PUT");
        String id = ex.path().substring(CHECK_UPDATE.length());
        JsonFields.readObject(ex, MAX_BODY, root -> {
            String status = JsonFields.text(root, "Status");
            if (!List.of(HealthCheck.PASSING, HealthCheck.WARNING, HealthCheck.CRITICAL).contains(status)) {
                throw HttpError.badRequest("Invalid check status: '" + status + "'");
            }
            answerUpdate(id, agent().updateCheck(id, status, JsonFields.text(root, "Output")));
            ex.sendEmpty(200);
        });
    }

    /** {@code /v1/agent/reload}: answers once the configuration was read again and its definitions are in place. */
    void reload(Exchange ex) {
        requireMethod(ex, "PUT");
        agent().reloadConfig().whenComplete((done, failure) -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof AgentServices.RefusedException refused) {
                ex.sendError(new HttpError(500, refused.getMessage()));
            } else if (cause != null) {
                ex.sendFailure(cause);
            } else {
                ex.sendEmpty(200);
            }
        });
    }

    /** {@code /v1/agent/maintenance?enable=true|false&reason=}. */
    void nodeMaintenance(Exchange ex) {
        requireMethod(ex, "PUT");
        agent().nodeMaintenance(enable(ex), ex.param("reason"));
        ex.sendEmpty(200);
    }

    /** {@code /v1/agent/service/maintenance/ID?enable=true|false&reason=}. */
    void serviceMaintenance(Exchange ex) {
        requireMethod(ex, "PUT");
        String id = ex.path().substring(SERVICE_MAINTENANCE.length());
        boolean enable = enable(ex);
        if (!agent().serviceMaintenance(id, enable, ex.param("reason"))) {
            throw new HttpError(404, "No service registered with ID \"" + id + "\"");
        }
        ex.sendEmpty(200);
    }

    /** Go's strconv.ParseBool of {@code ?enable}, with Consul's texts. */
    private static boolean enable(Exchange ex) {
        String v = ex.param("enable");
        if (v == null || v.isEmpty()) {
            throw HttpError.badRequest("Missing value for enable");
        }
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw HttpError.badRequest("Invalid value for enable: \"" + v + "\"");
        };
    }

    private static void answerUpdate(String id, AgentServices.CheckUpdate outcome) {
        switch (outcome) {
            case UPDATED -> {
            }
            case UNKNOWN_CHECK -> throw unknownCheck(id);
            case NOT_TTL -> throw new HttpError(500, "CheckID \"" + id + "\" does not have associated TTL");
        }
    }

    private static HttpError unknownCheck(String id) {
        return new HttpError(404, "Unknown check ID \"" + id + "\". Ensure that the check ID is passed, not the check name.");
    }

    private static void writeService(JsonGenerator g, CatalogService s) throws java.io.IOException {
        CatalogEndpoint.writeService(g, s);
    }

    private static void requireMethod(Exchange ex, String method) {
        if (!ex.method().equals(method)) {
            throw Router.methodNotAllowed(ex, method);
        }
    }
}
