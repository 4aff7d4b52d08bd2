package org.proconsul.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Routes {@code /v1} requests to endpoints. Paths are percent-decoded here (so {@code a%2Fb} is the
 * key {@code a/b}, as Go decodes it); an unknown path is a 404 with an empty body; every failure an
 * endpoint throws becomes Consul's status and one-line text.
 */
final class Router extends Handler.Abstract.NonBlocking {
    private final Map<String, Consumer<Exchange>> exact;
    private final Map<String, String[]> allowed;
    private final KvEndpoint kv;
    private final AgentEndpoint agentEndpoint;
    private final boolean prettyAlways;
    private final ServerForwarder forwarder;
    private final CatalogEndpoint catalog;
    private final HealthEndpoint health;
    private final AgentServicesEndpoint agentServices;
    private final SessionEndpoint sessions;

    /** {@code forwarder} is null on servers; on client agents it takes every request only servers can answer. */
    Router(ApiContext ctx, ServerForwarder forwarder, ServerForwarder leaderForwarder) {
        this.forwarder = forwarder;
        this.kv = new KvEndpoint(ctx, leaderForwarder);
        TxnEndpoint txn = new TxnEndpoint(ctx);
        StatusEndpoint status = new StatusEndpoint(ctx);
        AgentEndpoint agent = new AgentEndpoint(ctx);
        KeyringEndpoint keyring = new KeyringEndpoint(ctx);
        OperatorRaftEndpoint operatorRaft = new OperatorRaftEndpoint(ctx, leaderForwarder);
        OperatorAutopilotEndpoint operatorAutopilot = new OperatorAutopilotEndpoint(ctx, leaderForwarder);
        SnapshotEndpoint snapshot = new SnapshotEndpoint(ctx);
        CatalogEndpoint catalog = new CatalogEndpoint(ctx);
        this.health = new HealthEndpoint(ctx);
        this.catalog = catalog;
        this.agentServices = new AgentServicesEndpoint(ctx);
        this.sessions = new SessionEndpoint(ctx, leaderForwarder);
        this.agentEndpoint = agent;
        this.exact = Map.ofEntries(Map.entry(TxnEndpoint.PATH, txn::handle),
                Map.entry(StatusEndpoint.LEADER, status::leader), Map.entry(StatusEndpoint.PEERS, status::peers),
                Map.entry(AgentEndpoint.SELF, agent::self), Map.entry(AgentEndpoint.MEMBERS, agent::members),
                Map.entry(AgentEndpoint.LEAVE, agent::leave), Map.entry(KeyringEndpoint.PATH, keyring::handle),
                Map.entry(OperatorRaftEndpoint.CONFIGURATION, operatorRaft::configuration),
                Map.entry(OperatorRaftEndpoint.TRANSFER_LEADER, operatorRaft::transferLeader),
                Map.entry(OperatorRaftEndpoint.PEER, operatorRaft::removePeer),
                Map.entry(OperatorAutopilotEndpoint.CONFIGURATION, operatorAutopilot::configuration),
                Map.entry(OperatorAutopilotEndpoint.HEALTH, operatorAutopilot::health),
                Map.entry(OperatorAutopilotEndpoint.STATE, operatorAutopilot::state),
                Map.entry(SnapshotEndpoint.PATH, snapshot::handle),
                Map.entry(CatalogEndpoint.REGISTER, catalog::register),
                Map.entry(CatalogEndpoint.DEREGISTER, catalog::deregister),
                Map.entry(CatalogEndpoint.DATACENTERS, catalog::datacenters),
                Map.entry(CatalogEndpoint.NODES, catalog::nodes), Map.entry(CatalogEndpoint.SERVICES, catalog::services),
                Map.entry(AgentServicesEndpoint.SERVICES, agentServices::services),
                Map.entry(AgentServicesEndpoint.CHECKS, agentServices::checks),
                Map.entry(AgentServicesEndpoint.SERVICE_REGISTER, agentServices::registerService),
                Map.entry(AgentServicesEndpoint.CHECK_REGISTER, agentServices::registerCheck),
                Map.entry(SessionEndpoint.CREATE, sessions::create), Map.entry(SessionEndpoint.LIST, sessions::list),
                Map.entry(AgentServicesEndpoint.NODE_MAINTENANCE, agentServices::nodeMaintenance),
                Map.entry(AgentServicesEndpoint.RELOAD, agentServices::reload));
        String[] get = {"GET"};
        this.allowed = Map.ofEntries(Map.entry(TxnEndpoint.PATH, new String[] {"PUT"}),
                Map.entry(StatusEndpoint.LEADER, get), Map.entry(StatusEndpoint.PEERS, get),
                Map.entry(AgentEndpoint.SELF, get), Map.entry(AgentEndpoint.MEMBERS, get),
                Map.entry(AgentEndpoint.LEAVE, new String[] {"PUT"}),
                Map.entry(KeyringEndpoint.PATH, new String[] {"GET", "POST", "PUT", "DELETE"}),
                Map.entry(OperatorRaftEndpoint.CONFIGURATION, get),
                Map.entry(OperatorRaftEndpoint.TRANSFER_LEADER, new String[] {"POST"}),
                Map.entry(OperatorRaftEndpoint.PEER, new String[] {"DELETE"}),
                Map.entry(OperatorAutopilotEndpoint.CONFIGURATION, new String[] {"GET", "PUT"}),
                Map.entry(OperatorAutopilotEndpoint.HEALTH, get), Map.entry(OperatorAutopilotEndpoint.STATE, get),
                Map.entry(SnapshotEndpoint.PATH, new String[] {"GET", "PUT"}),
                Map.entry(CatalogEndpoint.REGISTER, new String[] {"PUT"}),
                Map.entry(CatalogEndpoint.DEREGISTER, new String[] {"PUT"}),
                Map.entry(CatalogEndpoint.DATACENTERS, get), Map.entry(CatalogEndpoint.NODES, get),
                Map.entry(CatalogEndpoint.SERVICES, get), Map.entry(AgentServicesEndpoint.SERVICES, get),
                Map.entry(AgentServicesEndpoint.CHECKS, get),
                Map.entry(AgentServicesEndpoint.SERVICE_REGISTER, new String[] {"PUT"}),
                Map.entry(AgentServicesEndpoint.CHECK_REGISTER, new String[] {"PUT"}),
                Map.entry(SessionEndpoint.CREATE, new String[] {"PUT"}), Map.entry(SessionEndpoint.LIST, get),
                Map.entry(AgentServicesEndpoint.NODE_MAINTENANCE, new String[] {"PUT"}),
                Map.entry(AgentServicesEndpoint.RELOAD, new String[] {"PUT"}));
        this.prettyAlways = ctx.limits().prettyAlways();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path;
        Fields query;
        try {
            path = decodePath(request.getHttpURI().getPath());
            query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (HttpError e) {
            Response.writeError(request, response, callback, e.status(), e.getMessage());
            return true;
        } catch (RuntimeException e) {
            Response.writeError(request, response, callback, 400, "invalid query: " + e.getMessage());
            return true;
        }
        Exchange ex = new Exchange(request, response, callback, path, query, prettyAlways);
        try {
            route(ex);
        } catch (HttpError e) {
            ex.sendError(e);
        } catch (RuntimeException | AssertionError e) {
            ex.sendFailure(e);
        }
        return true;
    }

    private void route(Exchange ex) {
        String path = ex.path();
        Consumer<Exchange> endpoint = exact.get(path);
        String[] methods = allowed.get(path);
        if (path.startsWith(KvEndpoint.PREFIX)) {
            endpoint = kv::handle;
            methods = new String[] {"GET", "PUT", "DELETE"};
        } else if (path.startsWith(AgentEndpoint.JOIN) && path.length() > AgentEndpoint.JOIN.length()) {
            endpoint = agentEndpoint::join;
            methods = new String[] {"PUT"};
        } else if (path.startsWith(AgentEndpoint.FORCE_LEAVE) && path.length() > AgentEndpoint.FORCE_LEAVE.length()) {
            endpoint = agentEndpoint::forceLeave;
            methods = new String[] {"PUT"};
        } else if (endpoint == null && (endpoint = agentWrite(path)) != null) {
            methods = new String[] {"PUT"};
        } else if (endpoint == null) {
            endpoint = namedRead(path);
            methods = endpoint == null ? null : new String[] {"GET"};
        }
        if (endpoint == null) {
            ex.sendEmpty(404);
            return;
        }
        if (ex.method().equals("OPTIONS")) {
            ex.header("Allow", allowHeader(methods));
            ex.sendEmpty(200);
            return;
        }
        if (forwarder != null && ServerForwarder.needsServer(path)) {
            forwarder.forward(ex);
            return;
        }
        endpoint.accept(ex);
    }

    /** The agent's writes whose path ends in a service or check id. */
    private Consumer<Exchange> agentWrite(String path) {
        if (named(path, AgentServicesEndpoint.SERVICE_DEREGISTER)) {
            return agentServices::deregisterService;
        } else if (named(path, AgentServicesEndpoint.CHECK_DEREGISTER)) {
            return agentServices::deregisterCheck;
        } else if (named(path, AgentServicesEndpoint.CHECK_PASS)) {
            return ex -> agentServices.ttl(ex, AgentServicesEndpoint.CHECK_PASS, "passing");
        } else if (named(path, AgentServicesEndpoint.CHECK_WARN)) {
            return ex -> agentServices.ttl(ex, AgentServicesEndpoint.CHECK_WARN, "warning");
        } else if (named(path, AgentServicesEndpoint.CHECK_FAIL)) {
            return ex -> agentServices.ttl(ex, AgentServicesEndpoint.CHECK_FAIL, "critical");
        } else if (named(path, AgentServicesEndpoint.CHECK_UPDATE)) {
            return agentServices::update;
        } else if (named(path, AgentServicesEndpoint.SERVICE_MAINTENANCE)) {
            return agentServices::serviceMaintenance;
        } else if (named(path, SessionEndpoint.DESTROY)) {
            return sessions::destroy;
        } else if (named(path, SessionEndpoint.RENEW)) {
            return sessions::renew;
        }
        return null;
    }

    /** The reads whose path ends in a name: {@code /v1/catalog/service/NAME}, {@code /v1/health/node/NAME}, … */
    private Consumer<Exchange> namedRead(String path) {
        if (named(path, CatalogEndpoint.SERVICE)) {
            return catalog::service;
        } else if (named(path, CatalogEndpoint.NODE_SERVICES)) {
            return catalog::nodeServices;
        } else if (named(path, CatalogEndpoint.NODE)) {
            return catalog::node;
        } else if (named(path, HealthEndpoint.NODE)) {
            return health::node;
        } else if (named(path, HealthEndpoint.CHECKS)) {
            return health::serviceChecks;
        } else if (named(path, HealthEndpoint.SERVICE)) {
            return health::service;
        } else if (named(path, HealthEndpoint.STATE)) {
            return health::state;
        } else if (named(path, AgentServicesEndpoint.SERVICE)) {
            return agentServices::service;
        } else if (named(path, SessionEndpoint.INFO)) {
            return sessions::info;
        } else if (named(path, SessionEndpoint.NODE)) {
            return sessions::node;
        }
        return null;
    }

    private static boolean named(String path, String prefix) {
        return path.startsWith(prefix) && path.length() > prefix.length();
    }

    /** Consul's 405: {@code method X not allowed} with the Allow header. */
    static HttpError methodNotAllowed(Exchange ex, String... methods) {
        ex.header("Allow", allowHeader(methods));
        return new HttpError(405, "method " + ex.method() + " not allowed");
    }

    private static String allowHeader(String[] methods) {
        TreeSet<String> all = new TreeSet<>(java.util.List.of(methods));
        all.add("OPTIONS");
        return String.join(",", all);
    }

    /** Percent-decodes a raw path as UTF-8; a malformed escape is Go's 400 text. */
    static String decodePath(String raw) {
        if (raw == null || raw.indexOf('%') < 0) {
            return raw == null ? "/" : raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    String bad = raw.substring(i, Math.min(raw.length(), i + 3));
                    throw HttpError.badRequest("invalid URL escape \"" + bad + "\"");
                }
                out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw HttpError.badRequest("invalid UTF-8 in URL path");
        }
    }
}
