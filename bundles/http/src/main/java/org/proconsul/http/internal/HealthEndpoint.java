package org.proconsul.http.internal;

import java.util.List;

import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.catalog.ServiceEntry;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.WatchTarget;

/**
 * {@code /v1/health/*}: checks by node, by service and by state, and a service's instances with their node
 * and checks ({@code ?passing} keeps only instances whose every check passes; {@code ?tag} may repeat).
 */
final class HealthEndpoint {
    static final String NODE = "/v1/health/node/";
    static final String CHECKS = "/v1/health/checks/";
    static final String SERVICE = "/v1/health/service/";
    static final String STATE = "/v1/health/state/";
    private static final List<String> STATES = List.of("any", HealthCheck.PASSING, HealthCheck.WARNING,
            HealthCheck.CRITICAL);

    private final ApiContext ctx;

    HealthEndpoint(ApiContext ctx) {
        this.ctx = ctx;
    }

    void node(Exchange ex) {
        String node = name(ex, NODE);
        checks(ex, () -> ctx.store().nodeChecks(node));
    }

    void serviceChecks(Exchange ex) {
        String service = name(ex, CHECKS);
        checks(ex, () -> ctx.store().serviceChecks(service));
    }

    void state(Exchange ex) {
        String state = name(ex, STATE);
        if (!STATES.contains(state)) {
            throw HttpError.badRequest("Invalid check state \"" + state + "\"");
        }
        checks(ex, () -> ctx.store().checksInState(state));
    }

    void service(Exchange ex) {
        String service = name(ex, SERVICE);
        boolean passing = ex.has("passing") && !"false".equals(ex.param("passing")) && !"0".equals(ex.param("passing"));
        List<String> tags = ex.query().getValues("tag");
        java.util.Map<String, String> nodeMeta = CatalogEndpoint.nodeMeta(ex);
        Filter filter = Filter.of(ex);
        QueryOptions options = ctx.queryOptions(ex);
        ctx.read(ex, options, CatalogEndpoint.serviceTables(), () -> ctx.store().serviceInstances(service),
                result -> ex.sendJson(g -> {
                    g.writeStartArray();
                    for (ServiceEntry e : result.value()) {
                        if (!CatalogEndpoint.hasTags(e.service(), tags) || !CatalogEndpoint.hasMeta(e.node(), nodeMeta)
                                || (passing && !e.aggregatedStatus().equals(HealthCheck.PASSING))) {
                            continue;
                        }
                        filter.write(g, e, HealthEndpoint::writeEntry);
                    }
                    g.writeEndArray();
                }));
    }

    private static void writeEntry(com.fasterxml.jackson.core.JsonGenerator g, ServiceEntry e) throws java.io.IOException {
        g.writeStartObject();
        g.writeFieldName("Node");
        CatalogEndpoint.writeNode(g, e.node(), "Meta");
        g.writeFieldName("Service");
        CatalogEndpoint.writeService(g, e.service());
        g.writeArrayFieldStart("Checks");
        for (HealthCheck c : e.checks()) {
            CatalogEndpoint.writeCheck(g, c);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void checks(Exchange ex, java.util.function.Supplier<org.proconsul.api.state.QueryResult<List<HealthCheck>>> query) {
        Filter filter = Filter.of(ex);
        QueryOptions options = ctx.queryOptions(ex);
        ctx.read(ex, options, new WatchTarget.Table(StateStore.CHECKS), query, result -> ex.sendJson(g -> {
            g.writeStartArray();
            for (HealthCheck c : result.value()) {
                filter.write(g, c, CatalogEndpoint::writeCheck);
            }
            g.writeEndArray();
        }));
    }

    private static String name(Exchange ex, String prefix) {
        if (!ex.method().equals("GET")) {
            throw Router.methodNotAllowed(ex, "GET");
        }
        return ex.path().substring(prefix.length());
    }
}
