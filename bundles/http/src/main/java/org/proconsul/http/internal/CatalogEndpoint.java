package org.proconsul.http.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import org.proconsul.api.catalog.CatalogNode;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.CatalogWriter;
import org.proconsul.api.catalog.Deregistration;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.catalog.Registration;
import org.proconsul.api.catalog.ServiceEntry;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.WatchTarget;

/**
 * {@code /v1/catalog/*}: register and deregister (through Raft), and the reads of nodes and services, each
 * a blocking query on the tables its index comes from.
 */
final class CatalogEndpoint {
    static final String PREFIX = "/v1/catalog/";
    static final String REGISTER = "/v1/catalog/register";
    static final String DEREGISTER = "/v1/catalog/deregister";
    static final String DATACENTERS = "/v1/catalog/datacenters";
    static final String NODES = "/v1/catalog/nodes";
    static final String SERVICES = "/v1/catalog/services";
    static final String SERVICE = "/v1/catalog/service/";
    static final String NODE_SERVICES = "/v1/catalog/node-services/";
    static final String NODE = "/v1/catalog/node/";
    private static final int MAX_BODY = 1 << 20;

    private final ApiContext ctx;

    CatalogEndpoint(ApiContext ctx) {
        this.ctx = ctx;
    }

    void register(Exchange ex) {
        requireMethod(ex, "PUT");
        ctx.checkDatacenter(ex.param("dc"));
        JsonFields.readObject(ex, MAX_BODY, root -> {
            Registration r = registration(root);
            write(ex, ctx.catalogWriter().register(r));
        });
    }

    void deregister(Exchange ex) {
        requireMethod(ex, "PUT");
        ctx.checkDatacenter(ex.param("dc"));
        JsonFields.readObject(ex, MAX_BODY, root -> {
            String node = JsonFields.text(root, "Node");
            if (node.isEmpty()) {
                throw new HttpError(500, "Must provide node");
            }
            write(ex, ctx.catalogWriter().deregister(new Deregistration(node, JsonFields.text(root, "ServiceID"),
                    JsonFields.text(root, "CheckID"))));
        });
    }

    void datacenters(Exchange ex) {
        requireMethod(ex, "GET");
        ex.sendJson(g -> {
            g.writeStartArray();
            g.writeString(ctx.agent().config().datacenter());
            g.writeEndArray();
        });
    }

    void nodes(Exchange ex) {
        requireMethod(ex, "GET");
        Map<String, String> meta = nodeMeta(ex);
        Filter filter = Filter.of(ex);
        QueryOptions options = ctx.queryOptions(ex);
        ctx.read(ex, options, new WatchTarget.Table(StateStore.NODES), () -> ctx.store().catalogNodes(),
                result -> ex.sendJson(g -> {
                    g.writeStartArray();
                    for (CatalogNode n : result.value()) {
                        if (hasMeta(n, meta)) {
                            filter.write(g, n, (out, node) -> writeNode(out, node, "Meta"));
                        }
                    }
                    g.writeEndArray();
                }));
    }

    void services(Exchange ex) {
        requireMethod(ex, "GET");
        QueryOptions options = ctx.queryOptions(ex);
        ctx.read(ex, options, new WatchTarget.Table(StateStore.SERVICES), () -> ctx.store().catalogServices(),
                result -> ex.sendJson(g -> {
                    g.writeStartObject();
                    for (Map.Entry<String, List<String>> e : result.value().entrySet()) {
                        g.writeArrayFieldStart(e.getKey());
                        for (String tag : e.getValue()) {
                            g.writeString(tag);
                        }
                        g.writeEndArray();
                    }
                    g.writeEndObject();
                }));
    }

    /** {@code /v1/catalog/service/NAME[?tag=…]}: one row per instance, node fields and service fields flat. */
    void service(Exchange ex) {
        requireMethod(ex, "GET");
        String name = ex.path().substring(SERVICE.length());
        List<String> tags = ex.query().getValues("tag");
        Map<String, String> meta = nodeMeta(ex);
        Filter filter = Filter.of(ex);
        QueryOptions options = ctx.queryOptions(ex);
        ctx.read(ex, options, serviceTables(), () -> ctx.store().serviceInstances(name), result -> ex.sendJson(g -> {
            g.writeStartArray();
            for (ServiceEntry e : result.value()) {
                if (hasTags(e.service(), tags) && hasMeta(e.node(), meta)) {
                    filter.write(g, e, this::writeServiceRow);
                }
            }
            g.writeEndArray();
        }));
    }

    private void writeServiceRow(JsonGenerator g, ServiceEntry e) throws IOException {
        CatalogNode n = e.node();
        CatalogService s = e.service();
        g.writeStartObject();
        g.writeStringField("ID", n.id());
        g.writeStringField("Node", n.name());
        g.writeStringField("Address", n.address());
        g.writeStringField("Datacenter", datacenter(n));
        stringMap(g, "TaggedAddresses", n.taggedAddresses());
        stringMap(g, "NodeMeta", n.meta());
        g.writeStringField("ServiceKind", "");
        g.writeStringField("ServiceID", s.id());
        g.writeStringField("ServiceName", s.name());
        strings(g, "ServiceTags", s.tags());
        g.writeStringField("ServiceAddress", s.address());
        weights(g, "ServiceWeights", s);
        stringMap(g, "ServiceMeta", s.meta());
        g.writeNumberField("ServicePort", s.port());
        g.writeBooleanField("ServiceEnableTagOverride", s.enableTagOverride());
        g.writeNumberField("CreateIndex", s.createIndex());
        g.writeNumberField("ModifyIndex", s.modifyIndex());
        g.writeEndObject();
    }

    /**
     * {@code /v1/catalog/node-services/NAME}: the node and a list of its services ({@code filter} applies to
     * the services); {@code null} for an unknown node.
     */
    void nodeServices(Exchange ex) {
        requireMethod(ex, "GET");
        String name = ex.path().substring(NODE_SERVICES.length());
        Filter filter = Filter.of(ex);
        QueryOptions options = ctx.queryOptions(ex);
        ctx.read(ex, options, new WatchTarget.Tables(List.of(StateStore.NODES, StateStore.SERVICES)),
                () -> ctx.store().catalogNode(name), result -> ex.sendJson(g -> {
                    if (result.value().isEmpty()) {
                        g.writeNull();
                        return;
                    }
                    g.writeStartObject();
                    g.writeFieldName("Node");
                    writeNode(g, result.value().get().getKey(), "Meta");
                    g.writeArrayFieldStart("Services");
                    for (CatalogService s : result.value().get().getValue()) {
                        filter.write(g, s, CatalogEndpoint::writeService);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }));
    }

    /** {@code /v1/catalog/node/NAME}: the node and its services by id; {@code null} for an unknown node. */
    void node(Exchange ex) {
        requireMethod(ex, "GET");
        String name = ex.path().substring(NODE.length());
        QueryOptions options = ctx.queryOptions(ex);
        ctx.read(ex, options, new WatchTarget.Tables(List.of(StateStore.NODES, StateStore.SERVICES)),
                () -> ctx.store().catalogNode(name), result -> ex.sendJson(g -> {
                    if (result.value().isEmpty()) {
                        g.writeNull();
                        return;
                    }
                    g.writeStartObject();
                    g.writeFieldName("Node");
                    writeNode(g, result.value().get().getKey(), "Meta");
                    g.writeObjectFieldStart("Services");
                    for (CatalogService s : result.value().get().getValue()) {
                        g.writeFieldName(s.id());
                        writeService(g, s);
                    }
                    g.writeEndObject();
                    g.writeEndObject();
                }));
    }

    static WatchTarget serviceTables() {
        return new WatchTarget.Tables(List.of(StateStore.NODES, StateStore.SERVICES, StateStore.CHECKS));
    }

    /** {@code ?node-meta=key:value}, repeatable: every pair must be in the node's meta (key alone: empty value). */
    static Map<String, String> nodeMeta(Exchange ex) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        List<String> values = ex.query().getValues("node-meta");
        if (values != null) {
            for (String v : values) {
                int colon = v.indexOf(':');
                out.put(colon < 0 ? v : v.substring(0, colon), colon < 0 ? "" : v.substring(colon + 1));
            }
        }
        return out;
    }

    static boolean hasMeta(CatalogNode n, Map<String, String> meta) {
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (!e.getValue().equals(n.meta().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    static boolean hasTags(CatalogService s, List<String> tags) {
        if (tags == null) {
            return true;
        }
        for (String t : tags) {
            if (!s.tags().contains(t)) {
                return false;
            }
        }
        return true;
    }

    private void write(Exchange ex, java.util.concurrent.CompletableFuture<CatalogWriter.CatalogWriteResult> future) {
        ApiContext.complete(ex, future, result -> {
            if (result.refused() != null) {
                throw ApiContext.toHttp(result.refused().error());
            }
            if (result.error() != null) {
                throw new HttpError(500, result.error());
            }
            ex.sendBoolean(true);
        });
    }

    /** Consul's RegisterRequest, keys matched without case; the checks of Check and Checks together. */
    static Registration registration(JsonNode root) {
        String node = JsonFields.text(root, "Node");
        String address = JsonFields.text(root, "Address");
        if (node.isEmpty() || address.isEmpty()) {
            throw new HttpError(500, "Must provide node and address");
        }
        CatalogNode n = new CatalogNode(JsonFields.text(root, "ID"), node, address,
                JsonFields.text(root, "Datacenter"), JsonFields.map(root, "TaggedAddresses"),
                JsonFields.map(root, "NodeMeta"), 0, 0);
        CatalogService service = null;
        JsonNode s = Json.field(root, "Service");
        if (s != null && !s.isNull()) {
            JsonFields.requireObject(s, "Service");
            String name = JsonFields.text(s, "Service");
            if (name.isEmpty()) {
                throw new HttpError(500, "Must provide service name (Service.Service) with a service registration");
            }
            service = service(s, name);
        }
        List<HealthCheck> checks = new ArrayList<>();
        JsonNode one = Json.field(root, "Check");
        if (one != null && !one.isNull()) {
            checks.add(check(one, node));
        }
        JsonNode many = Json.field(root, "Checks");
        if (many != null && !many.isNull()) {
            if (!many.isArray()) {
                throw HttpError.badRequest("Request decode failed: Checks must be an array");
            }
            for (JsonNode c : many) {
                checks.add(check(c, node));
            }
        }
        return new Registration(n, service, checks, JsonFields.bool(root, "SkipNodeUpdate"));
    }

    /** A service definition's fields as the catalog and the agent both take them (name already checked). */
    static CatalogService service(JsonNode s, String name) {
        JsonNode weights = Json.field(s, "Weights");
        if (weights != null && !weights.isNull()) {
            JsonFields.requireObject(weights, "Weights");
        }
        boolean noWeights = weights == null || weights.isNull();
        return new CatalogService(JsonFields.text(s, "ID"), name, JsonFields.strings(s, "Tags"),
                JsonFields.text(s, "Address"), JsonFields.map(s, "Meta"), (int) JsonFields.number(s, "Port"),
                noWeights ? 1 : (int) JsonFields.number(weights, "Passing", 1),
                noWeights ? 1 : (int) JsonFields.number(weights, "Warning", 1),
                JsonFields.bool(s, "EnableTagOverride"), 0, 0);
    }

    private static HealthCheck check(JsonNode c, String node) {
        JsonFields.requireObject(c, "Check");
        String id = JsonFields.text(c, "CheckID");
        String name = JsonFields.text(c, "Name");
        if (id.isEmpty()) {
            id = name;
        }
        if (id.isEmpty()) {
            throw new HttpError(500, "Must provide a check ID or name");
        }
        String status = JsonFields.text(c, "Status");
        if (!status.isEmpty() && !List.of(HealthCheck.PASSING, HealthCheck.WARNING, HealthCheck.CRITICAL,
                "maintenance").contains(status)) {
            throw new HttpError(500, "Invalid check status: \"" + status + "\"");
        }
        if (status.equals("maintenance")) {
            status = HealthCheck.CRITICAL;
        }
        return new HealthCheck(node, id, name, status, JsonFields.text(c, "Notes"), JsonFields.text(c, "Output"),
                JsonFields.text(c, "ServiceID"), "", List.of(), JsonFields.text(c, "Type"), 0, 0);
    }

    // ---- JSON helpers shared by the catalog and health endpoints -----------------------------------

    static void writeNode(JsonGenerator g, CatalogNode n, String metaField) throws IOException {
        g.writeStartObject();
        g.writeStringField("ID", n.id());
        g.writeStringField("Node", n.name());
        g.writeStringField("Address", n.address());
        g.writeStringField("Datacenter", n.datacenter());
        stringMap(g, "TaggedAddresses", n.taggedAddresses());
        stringMap(g, metaField, n.meta());
        g.writeNumberField("CreateIndex", n.createIndex());
        g.writeNumberField("ModifyIndex", n.modifyIndex());
        g.writeEndObject();
    }

    static void writeService(JsonGenerator g, CatalogService s) throws IOException {
        g.writeStartObject();
        g.writeStringField("ID", s.id());
        g.writeStringField("Service", s.name());
        strings(g, "Tags", s.tags());
        g.writeStringField("Address", s.address());
        stringMap(g, "Meta", s.meta());
        g.writeNumberField("Port", s.port());
        weights(g, "Weights", s);
        g.writeBooleanField("EnableTagOverride", s.enableTagOverride());
        g.writeNumberField("CreateIndex", s.createIndex());
        g.writeNumberField("ModifyIndex", s.modifyIndex());
        g.writeEndObject();
    }

    static void writeCheck(JsonGenerator g, HealthCheck c) throws IOException {
        g.writeStartObject();
        g.writeStringField("Node", c.node());
        g.writeStringField("CheckID", c.checkId());
        g.writeStringField("Name", c.name());
        g.writeStringField("Status", c.status());
        g.writeStringField("Notes", c.notes());
        g.writeStringField("Output", c.output());
        g.writeStringField("ServiceID", c.serviceId());
        g.writeStringField("ServiceName", c.serviceName());
        strings(g, "ServiceTags", c.serviceTags());
        g.writeStringField("Type", c.type());
        g.writeNumberField("ExposedPort", 0);
        g.writeObjectFieldStart("Definition");
        g.writeEndObject();
        g.writeNumberField("CreateIndex", c.createIndex());
        g.writeNumberField("ModifyIndex", c.modifyIndex());
        g.writeEndObject();
    }

    private String datacenter(CatalogNode n) {
        return n.datacenter().isEmpty() ? ctx.agent().config().datacenter() : n.datacenter();
    }

    private static void weights(JsonGenerator g, String field, CatalogService s) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeNumberField("Passing", s.weightPassing());
        g.writeNumberField("Warning", s.weightWarning());
        g.writeEndObject();
    }

    private static void stringMap(JsonGenerator g, String field, Map<String, String> map) throws IOException {
        g.writeObjectFieldStart(field);
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(map).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void requireMethod(Exchange ex, String method) {
        if (!ex.method().equals(method)) {
            throw Router.methodNotAllowed(ex, method);
        }
    }
}
