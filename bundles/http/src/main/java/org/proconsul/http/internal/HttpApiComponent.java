package org.proconsul.http.internal;

import org.proconsul.api.time.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.ServerConnector;
import org.proconsul.api.rpc.RpcClient;
import org.proconsul.api.rpc.RpcHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.proconsul.api.agent.ComponentReady;
import org.proconsul.api.agent.LocalAgent;
import org.proconsul.api.kv.KvService;
import org.proconsul.api.membership.Membership;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Consul's HTTP API on Jetty. It waits for its configuration (addresses and port come from the
 * agent's flags), so it never binds a default port on its own. A listener that cannot bind fails the
 * activation, which the launcher reports as a component that did not come up.
 */
@Component(service = {}, configurationPid = "org.proconsul.http",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = HttpApiComponent.Config.class)
public final class HttpApiComponent {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiComponent.class);

    @ObjectClassDefinition(name = "Proconsul HTTP API",
            description = "Consul's HTTP API listener. Every change restarts the listener.")
    public @interface Config {
        @AttributeDefinition(description = "Space-separated addresses to listen on (Consul's client_addr / addresses.http).")
        String addresses() default "127.0.0.1";

        @AttributeDefinition(description = "Port (Consul's ports.http); -1 disables the HTTP API.")
        int port() default 8500;

        @AttributeDefinition(description = "Largest KV value in bytes (limits.kv_max_value_size).")
        long kvMaxValueSize() default 524288;

        @AttributeDefinition(description = "Largest /v1/txn body in bytes (limits.txn_max_req_len).")
        long txnMaxReqLen() default 524288;

        @AttributeDefinition(description = "Most operations in one /v1/txn request.")
        int txnMaxOps() default 128;

        @AttributeDefinition(description = "Wait of a blocking query without ?wait (default_query_time), Go duration.")
        String defaultQueryTime() default "5m";

        @AttributeDefinition(description = "Longest wait of a blocking query (max_query_time), Go duration.")
        String maxQueryTime() default "10m";

        @AttributeDefinition(description = "Connections one client IP may hold open (limits.http_max_conns_per_client); 0 = no limit.")
        int httpMaxConnsPerClient() default 200;

        @AttributeDefinition(description = "Indent every JSON reply, as a -dev agent does.")
        boolean prettyAlways() default false;
    }

    // Servers only: a client agent has no Raft, state store or KV service, and a server's may come up
    // after its listener. Dynamic, so neither case restarts the listener.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Consensus consensus;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StateStore store;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile KvService kv;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.proconsul.api.autopilot.AutopilotConfigService autopilotConfig;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.proconsul.api.autopilot.AutopilotStatus autopilotStatus;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.proconsul.api.agent.ClusterLeave clusterLeave;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.proconsul.api.snapshot.SnapshotService snapshots;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.proconsul.api.catalog.CatalogWriter catalogWriter;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.proconsul.api.agent.AgentServices agentServices;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.proconsul.api.session.SessionService sessions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile org.proconsul.api.session.SessionTimers sessionTimers;
    // client agents forward server-only requests over it; servers answer forwarded ones
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RpcClient rpc;
    private ServiceRegistration<RpcHandler> forwardTarget;

    private final Server server;
    private final ScheduledThreadPoolExecutor timer;
    private final ServiceRegistration<ComponentReady> ready;

    @Activate
    public HttpApiComponent(Config config, BundleContext context, @Reference LocalAgent agent,
            @Reference Membership membership) throws Exception {
        Duration defaultWait = duration("defaultQueryTime", config.defaultQueryTime());
        Duration maxWait = duration("maxQueryTime", config.maxQueryTime());
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("http");
        this.server = new Server(threads);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "http-blocking-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        BlockingQueries blocking = new BlockingQueries(() -> store, threads, timer);
        ApiContext.Limits limits = new ApiContext.Limits(config.kvMaxValueSize(), config.txnMaxReqLen(),
                config.txnMaxOps(), defaultWait, maxWait, config.prettyAlways());
        // after /v1/agent/leave the agent stops, as Consul's does: stopping the system bundle ends the process
        Runnable stopAgent = () -> new Thread(() -> {
            try {
                context.getBundle(0).stop();
            } catch (Exception e) {
                LOG.error("http: cannot stop the agent after leave: {}", e.getMessage());
            }
        }, "agent-leave-shutdown").start();
        ApiContext ctx = new ApiContext(agent, () -> new ApiContext.ServerServices(consensus, store, kv, autopilotConfig,
                autopilotStatus, clusterLeave, snapshots, catalogWriter, sessions, sessionTimers), membership,
                blocking, limits, stopAgent, () -> agentServices);

        server.setErrorHandler(new PlainTextErrorHandler());
        ServerForwarder forwarder = new ServerForwarder(() -> rpc, membership, agent.config().datacenter(),
                agent.config().nodeName(),
                Math.max(config.kvMaxValueSize(), config.txnMaxReqLen()) + 65536, maxWait);
        server.setHandler(new Router(ctx, agent.config().server() ? null : forwarder, forwarder));
        HttpConfiguration http = httpConfiguration();
        if (config.port() >= 0) {
            for (ServerConnector connector : connectors(config, http, maxWait)) {
                server.addConnector(connector);
            }
        }
        LocalConnector local = null;
        if (agent.config().server()) {
            local = new LocalConnector(server, new HttpConnectionFactory(http));
            local.setIdleTimeout(idleMillis(maxWait));
            server.addConnector(local);
        }
        try {
            server.start();
        } catch (Exception e) {
            timer.shutdownNow();
            server.stop();
            String why = e.getCause() != null ? e.getMessage() + ": " + e.getCause().getMessage() : e.getMessage();
            LOG.error("http: cannot listen addresses={} port={}: {}", config.addresses(), config.port(), why);
            throw new IllegalStateException("http: cannot listen on " + config.addresses() + " port " + config.port()
                    + ": " + why);
        }
        LOG.info("http: listening addresses={} port={}", config.addresses(), config.port());
        if (local != null) {
            java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
            props.put(RpcHandler.SERVICE_PROPERTY, ForwardedRequest.SERVICE);
            forwardTarget = context.registerService(RpcHandler.class, new LocalForwardTarget(local), props);
        }
        this.ready = ComponentReady.register(context, "http");
    }

    private static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // Java clients send keys with %2F; Go decodes them, so the path must not be refused as ambiguous.
        http.setUriCompliance(UriCompliance.UNSAFE);
        return http;
    }

    /** A connection parked on a blocking query must outlive the longest wait plus its jitter. */
    private static long idleMillis(Duration maxWait) {
        return maxWait.toMillis() + maxWait.toMillis() / 16 + 30_000;
    }

    private List<ServerConnector> connectors(Config config, HttpConfiguration http, Duration maxWait) {
        long idleMs = idleMillis(maxWait);
        PerClientConnectionLimit limit = new PerClientConnectionLimit(config.httpMaxConnsPerClient());
        List<ServerConnector> out = new ArrayList<>();
        for (String address : config.addresses().trim().split("\\s+")) {
            ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
            connector.setHost(address);
            connector.setPort(config.port());
            connector.setIdleTimeout(idleMs);
            connector.setReuseAddress(true);
            connector.addEventListener(limit);
            out.add(connector);
        }
        return out;
    }

    private static Duration duration(String key, String value) {
        Duration d = GoDuration.parseOrNull(value);
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("http: invalid duration for " + key + ": " + value);
        }
        return d;
    }

    @Deactivate
    void deactivate() throws Exception {
        ready.unregister();
        if (forwardTarget != null) {
            forwardTarget.unregister();
        }
        timer.shutdownNow();
        server.stop();
        timer.awaitTermination(1, TimeUnit.SECONDS);
        LOG.info("http: stopped");
    }
}
