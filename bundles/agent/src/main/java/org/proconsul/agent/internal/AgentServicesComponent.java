package org.proconsul.agent.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.proconsul.api.agent.AgentConfig;
import org.proconsul.api.agent.AgentServices;
import org.proconsul.api.agent.CheckDefinition;
import org.proconsul.api.agent.LocalAgent;
import org.proconsul.api.agent.ServiceDefinition;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckType;
import org.proconsul.api.check.InvalidCheckException;
import org.proconsul.api.catalog.CatalogNode;
import org.proconsul.api.catalog.CatalogService;
import org.proconsul.api.catalog.CatalogWire;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.catalog.NodeState;
import org.proconsul.api.catalog.NodeSync;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.MemberStatus;
import org.proconsul.api.membership.Membership;
import org.proconsul.api.rpc.RpcClient;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.time.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local agent's services and checks. Every check is run by the {@link CheckType} service of its type
 * ({@code check.type}); types come and go while the agent runs: definitions of a type that left report
 * critical until it returns. A check starts critical unless its definition gives a status; a run's result
 * counts only once {@code success_before_passing}/{@code failures_before_critical} allow it. TTL checks
 * take their status from updates and turn critical with {@code TTL expired} when none came in time; a service whose check stays critical
 * longer than its {@code DeregisterCriticalServiceAfter} is deregistered. Anti-entropy sends the node's
 * whole state to a server on every change and on a timer (a change of check output alone waits
 * {@code check_update_interval}); the server writes only the differences and removes what the agent does
 * not have, which also repairs a catalog changed behind the agent's back.
 */
@Component(service = AgentServices.class, immediate = true)
public final class AgentServicesComponent implements AgentServices {
    private static final Logger LOG = LoggerFactory.getLogger(AgentServicesComponent.class);
    static final String TTL_EXPIRED = "TTL expired";
    static final int OUTPUT_MAX = 4096;
    private static final long TICK_MS = 250;
    private static final long FULL_SYNC_MS = 60_000;
    /** Consul runs no check more often than once a second. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** How long past its timeout a run may go before the agent stops waiting for it. */
    private static final Duration RUN_GRACE = Duration.ofSeconds(1);
    /** Consul raises a shorter DeregisterCriticalServiceAfter to one minute. */
    static final Duration MIN_DEREGISTER_AFTER = Duration.ofMinutes(1);

    /**
     * A check as the agent keeps it: definition (its type chosen), how its type runs it ({@code plan}, null
     * while the type is missing), current status and output, and when they last moved.
     */
    private static final class CheckState {
        final CheckDefinition definition;
        final StatusThresholds thresholds;
        CheckPlan plan;
        String status;
        String output = "";
        long ttlDeadline;
        long criticalSince;
        long outputSyncedAt;
        String syncedStatus;
        String syncedOutput;
        ScheduledFuture<?> nextRun;
        boolean running;

        CheckState(CheckDefinition definition, CheckPlan plan, long now) {
            this.definition = definition;
            this.plan = plan;
            this.thresholds = new StatusThresholds(definition.successBeforePassing(),
                    definition.failuresBeforeWarning(), definition.failuresBeforeCritical());
            this.status = definition.status().isEmpty() ? HealthCheck.CRITICAL : definition.status();
            this.ttlDeadline = definition.ttl() == null ? Long.MAX_VALUE : now + definition.ttl().toMillis();
            this.criticalSince = HealthCheck.CRITICAL.equals(status) ? now : -1;
        }

        boolean pushed() {
            return plan != null && !plan.scheduled();
        }
    }

    private final AgentConfig config;
    private final Map<String, CatalogService> services = new TreeMap<>();
    private final Map<String, CheckState> checks = new TreeMap<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService runs;
    private final long outputHoldMs;
    private final CheckContext context = new AgentCheckContext();
    /** Installed check types by name; the last registered of a name runs its checks. */
    private final Map<String, List<CheckType>> types = new TreeMap<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile StateStore store;
    // a server's own anti-entropy; a client agent has none and reaches a server's over RPC
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NodeSync nodeSync;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RpcClient rpc;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Membership membership;
    private boolean dirty = true;
    private boolean configLoaded;
    /** When the definitions file was last read, to notice a reload (SIGHUP) rewriting it. */
    private long definitionsRead = -1;
    /** Ids registered from config files: a reload replaces these and leaves API registrations alone. */
    private final java.util.Set<String> configServices = new java.util.HashSet<>();
    private final java.util.Set<String> configChecks = new java.util.HashSet<>();
    /** The launcher's reload handshake files, in the instance's etc beside the definitions file. */
    static final String RELOAD_REQUEST = "proconsul-reload.request";
    static final String RELOAD_RESULT = "proconsul-reload.result";
    private static final long RELOAD_TIMEOUT_MS = 30_000;
    private long lastFullSync;
    private boolean syncing;

    @Activate
    public AgentServicesComponent(@Reference LocalAgent agent) {
        this.config = agent.config();
        this.outputHoldMs = GoDuration.parseLenient(config.setting("checkUpdateInterval", "5m")).toMillis();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "agent-checks");
            t.setDaemon(true);
            return t;
        });
        // runs may block (a script, a connect): they get threads of their own, never the timer's
        this.runs = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "agent-check-run");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    // ---- AgentServices ----------------------------------------------------------------------------

    @Override
    public synchronized void registerService(ServiceDefinition definition) {
        CatalogService s = definition.service();
        for (CheckDefinition c : definition.checks()) {
            if (!c.serviceId().equals(s.id())) {
                throw new RefusedException("check " + c.id() + " belongs to service " + c.serviceId(), false);
            }
        }
        // every check is planned before anything changes: one bad check refuses the whole service
        long now = System.currentTimeMillis();
        List<CheckState> planned = new ArrayList<>();
        for (CheckDefinition c : definition.checks()) {
            planned.add(plan(c, now));
        }
        services.put(s.id(), s);
        // a re-registration replaces the service's checks
        List<String> replaced = new ArrayList<>();
        checks.forEach((id, c) -> {
            if (c.definition.serviceId().equals(s.id())) {
                replaced.add(id);
            }
        });
        for (String id : replaced) {
            if (planned.stream().noneMatch(p -> p.definition.id().equals(id))) {
                dropCheck(id);
            }
        }
        planned.forEach(this::install);
        LOG.info("agent: registered service service={} checks={}", s.id(), definition.checks().size());
        dirty = true;
    }

    @Override
    public synchronized boolean deregisterService(String id) {
        if (services.remove(id) == null) {
            return false;
        }
        List<String> owned = new ArrayList<>();
        checks.forEach((checkId, c) -> {
            if (c.definition.serviceId().equals(id)) {
                owned.add(checkId);
            }
        });
        owned.forEach(this::dropCheck);
        LOG.info("agent: deregistered service service={}", id);
        dirty = true;
        return true;
    }

    @Override
    public synchronized Map<String, CatalogService> services() {
        return new LinkedHashMap<>(services);
    }

    @Override
    public synchronized Optional<CatalogService> service(String id) {
        return Optional.ofNullable(services.get(id));
    }

    @Override
    public synchronized void registerCheck(CheckDefinition check) {
        if (!check.serviceId().isEmpty() && !services.containsKey(check.serviceId())) {
            throw new RefusedException("ServiceID \"" + check.serviceId() + "\" does not exist", true);
        }
        CheckState state = plan(check, System.currentTimeMillis());
        install(state);
        LOG.info("agent: registered check check={} type={} service={}", check.id(), state.definition.type(),
                check.serviceId());
        dirty = true;
    }

    @Override
    public synchronized boolean deregisterCheck(String id) {
        if (!dropCheck(id)) {
            return false;
        }
        dirty = true;
        return true;
    }

    /** The definition's type chosen and asked to plan it; refused when no installed type can run it. */
    private CheckState plan(CheckDefinition definition, long now) {
        String typeName = CheckSelector.select(definition);
        if (typeName.isEmpty()) {
            throw new InvalidCheckException(CheckSelector.NO_TYPE); // Consul reads a typeless check as a TTL one
        }
        CheckDefinition typed = definition.withType(typeName);
        CheckType type = activeType(typeName);
        if (type == null) {
            if (definition.fromConfigFile()) {
                // the operator's own definition waits for its type (a feature not installed yet), critical
                CheckState pending = new CheckState(typed, null, now);
                pending.status = HealthCheck.CRITICAL;
                pending.output = missingType(typeName);
                pending.criticalSince = now;
                pending.ttlDeadline = Long.MAX_VALUE;
                return pending;
            }
            throw new InvalidCheckException("check type \"" + typeName + "\" is not available on this agent");
        }
        return new CheckState(typed, bounded(typed, type.plan(typed.spec(), context)), now);
    }

    /** Consul's floor on intervals, applied to every type alike. */
    private static CheckPlan bounded(CheckDefinition definition, CheckPlan plan) {
        if (plan.scheduled() && plan.every().compareTo(MIN_INTERVAL) < 0) {
            LOG.warn("agent: check has interval below minimum, using {} check={} interval={}",
                    GoDuration.format(MIN_INTERVAL), definition.id(), GoDuration.format(plan.every()));
            return new CheckPlan(MIN_INTERVAL, plan.timeout());
        }
        return plan;
    }

    private void install(CheckState state) {
        CheckState earlier = checks.get(state.definition.id());
        if (earlier != null) {
            // Consul carries a re-registered check's status and output over
            state.status = earlier.status;
            state.output = earlier.output;
            state.criticalSince = earlier.criticalSince;
            dropCheck(state.definition.id());
        }
        checks.put(state.definition.id(), state);
        if (state.plan != null && state.plan.scheduled()) {
            // as Consul staggers first runs over the interval, so checks registered together spread out
            schedule(state, ThreadLocalRandom.current().nextLong(Math.max(1, state.plan.every().toMillis())));
        }
    }

    private boolean dropCheck(String id) {
        CheckState c = checks.remove(id);
        if (c == null) {
            return false;
        }
        if (c.nextRun != null) {
            c.nextRun.cancel(false);
        }
        return true;
    }

    @Override
    public synchronized Map<String, HealthCheck> checks() {
        Map<String, HealthCheck> out = new LinkedHashMap<>();
        for (CheckState c : checks.values()) {
            out.put(c.definition.id(), toHealthCheck(c));
        }
        return out;
    }

    // ---- maintenance ----------------------------------------------------------------------------------

    static final String MAINTENANCE_TYPE = "maintenance";
    static final String NODE_MAINTENANCE = "_node_maintenance";
    static final String SERVICE_MAINTENANCE_PREFIX = "_service_maintenance:";
    static final String DEFAULT_NODE_REASON = "Maintenance mode is enabled for this node, but no reason was provided."
            + " This is a default message.";
    static final String DEFAULT_SERVICE_REASON = "Maintenance mode is enabled for this service, but no reason was"
            + " provided. This is a default message.";

    @Override
    public synchronized void nodeMaintenance(boolean enable, String reason) {
        maintenance(NODE_MAINTENANCE, "Node Maintenance Mode", "", enable,
                reason == null || reason.isEmpty() ? DEFAULT_NODE_REASON : reason);
    }

    @Override
    public synchronized boolean serviceMaintenance(String serviceId, boolean enable, String reason) {
        if (!services.containsKey(serviceId)) {
            return false;
        }
        maintenance(SERVICE_MAINTENANCE_PREFIX + serviceId, "Service Maintenance Mode", serviceId, enable,
                reason == null || reason.isEmpty() ? DEFAULT_SERVICE_REASON : reason);
        return true;
    }

    /** A maintenance check is the agent's own: critical while it exists, run by no type, updated by no one. */
    private void maintenance(String checkId, String name, String serviceId, boolean enable, String reason) {
        if (!enable) {
            if (dropCheck(checkId)) {
                LOG.info("agent: maintenance mode disabled check={}", checkId);
                dirty = true;
            }
            return;
        }
        if (checks.containsKey(checkId)) {
            return;
        }
        long now = System.currentTimeMillis();
        CheckDefinition definition = new CheckDefinition(checkId, name, serviceId, reason, HealthCheck.CRITICAL,
                MAINTENANCE_TYPE, null, null, null, null, 0, 0, 0, false, Map.of());
        checks.put(checkId, new CheckState(definition, CheckPlan.pushed(), now));
        LOG.info("agent: maintenance mode enabled check={} reason={}", checkId, reason);
        dirty = true;
    }

    @Override
    public synchronized CheckUpdate updateCheck(String id, String status, String output) {
        CheckState c = checks.get(id);
        if (c == null) {
            return CheckUpdate.UNKNOWN_CHECK;
        }
        if (!c.pushed() || MAINTENANCE_TYPE.equals(c.definition.type())) {
            return CheckUpdate.NOT_TTL;
        }
        long now = System.currentTimeMillis();
        if (c.definition.ttl() != null) {
            c.ttlDeadline = now + c.definition.ttl().toMillis();
        }
        setStatus(c, status, truncate(output), now);
        return CheckUpdate.UPDATED;
    }

    /** Consul keeps the first 4 KiB of a pushed output and says how much there was. */
    static String truncate(String output) {
        if (output == null || output.length() <= OUTPUT_MAX) {
            return output;
        }
        return output.substring(0, OUTPUT_MAX) + " ... (captured " + OUTPUT_MAX + " of " + output.length() + " bytes)";
    }

    private void setStatus(CheckState c, String status, String output, long now) {
        boolean statusChanged = !c.status.equals(status);
        if (statusChanged) {
            LOG.info("agent: check status check={} status={}", c.definition.id(), status);
            c.criticalSince = HealthCheck.CRITICAL.equals(status) ? now : -1;
        }
        c.status = status;
        c.output = output == null ? "" : output;
        dirty |= statusChanged;
    }

    private HealthCheck toHealthCheck(CheckState c) {
        CatalogService s = services.get(c.definition.serviceId());
        return new HealthCheck(config.nodeName(), c.definition.id(), c.definition.name(), c.status, c.definition.notes(),
                c.output, c.definition.serviceId(), s == null ? "" : s.name(), s == null ? List.of() : s.tags(),
                c.definition.type(), 0, 0);
    }

    // ---- check types and runs -------------------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindCheckType(CheckType type, Map<String, Object> properties) {
        String name = typeName(properties);
        if (name.isEmpty()) {
            LOG.warn("agent: ignoring a check type without a check.type property: {}", type.getClass().getName());
            return;
        }
        types.computeIfAbsent(name, k -> new ArrayList<>()).add(type);
        LOG.info("agent: check type available type={}", name);
        long now = System.currentTimeMillis();
        for (CheckState c : List.copyOf(checks.values())) {
            if (c.definition.type().equals(name)) {
                // a fresh plan from the type now serving: it may be a newer version of the bundle
                if (c.nextRun != null) {
                    c.nextRun.cancel(false);
                }
                try {
                    c.plan = bounded(c.definition, type.plan(c.definition.spec(), context));
                } catch (InvalidCheckException e) {
                    c.plan = null;
                    setStatus(c, HealthCheck.CRITICAL, "Invalid check: " + e.getMessage(), now);
                    continue;
                }
                if (c.plan.scheduled()) {
                    schedule(c, 0);
                } else {
                    c.ttlDeadline = c.definition.ttl() == null ? Long.MAX_VALUE : now + c.definition.ttl().toMillis();
                }
            }
        }
    }

    synchronized void unbindCheckType(CheckType type, Map<String, Object> properties) {
        String name = typeName(properties);
        List<CheckType> named = types.get(name);
        if (named == null || !named.remove(type)) {
            return;
        }
        if (!named.isEmpty()) {
            bindCheckType(named.remove(named.size() - 1), properties); // the one left takes the checks over
            return;
        }
        types.remove(name);
        LOG.warn("agent: check type removed type={}", name);
        long now = System.currentTimeMillis();
        for (CheckState c : checks.values()) {
            if (c.definition.type().equals(name)) {
                if (c.nextRun != null) {
                    c.nextRun.cancel(false);
                }
                c.plan = null;
                c.ttlDeadline = Long.MAX_VALUE;
                setStatus(c, HealthCheck.CRITICAL, missingType(name), now);
            }
        }
    }

    static String missingType(String name) {
        return "Check type \"" + name + "\" is missing: no bundle on this agent provides it (check.type=" + name + ")";
    }

    private static String typeName(Map<String, Object> properties) {
        Object v = properties.get(CheckType.TYPE);
        return v == null ? "" : v.toString();
    }

    private CheckType activeType(String name) {
        List<CheckType> named = types.get(name);
        return named == null || named.isEmpty() ? null : named.get(named.size() - 1);
    }

    private void schedule(CheckState c, long delayMs) {
        try {
            c.nextRun = timer.schedule(() -> startRun(c), delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the agent is stopping
        }
    }

    private void startRun(CheckState c) {
        CheckType type;
        synchronized (this) {
            if (checks.get(c.definition.id()) != c || c.plan == null || c.running) {
                return;
            }
            type = activeType(c.definition.type());
            if (type == null) {
                return;
            }
            c.running = true;
        }
        CheckPlan plan = c.plan;
        try {
            runs.execute(() -> {
                CompletableFuture<CheckResult> result;
                try {
                    CompletionStage<CheckResult> stage = type.run(c.definition.spec(), plan, context);
                    result = stage.toCompletableFuture().copy();
                } catch (RuntimeException | LinkageError e) {
                    result = CompletableFuture.completedFuture(CheckResult.critical(
                            "check type " + c.definition.type() + " failed: " + e));
                }
                result.orTimeout(plan.timeout().plus(RUN_GRACE).toMillis(), TimeUnit.MILLISECONDS)
                        .whenComplete((r, failure) -> finishRun(c, plan, r, failure));
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (this) {
                c.running = false;
            }
        }
    }

    private synchronized void finishRun(CheckState c, CheckPlan plan, CheckResult result, Throwable failure) {
        c.running = false;
        if (checks.get(c.definition.id()) != c || c.plan != plan) {
            return; // deregistered, replaced, or its type changed while it ran
        }
        if (failure != null) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            result = cause instanceof java.util.concurrent.TimeoutException
                    ? CheckResult.critical("Timed out (" + GoDuration.format(plan.timeout()) + ") running check")
                    : CheckResult.critical("check type " + c.definition.type() + " failed: " + cause);
        }
        long now = System.currentTimeMillis();
        String admitted = c.thresholds.admit(result.status());
        if (admitted != null) {
            setStatus(c, admitted, result.output(), now);
        } else {
            LOG.debug("agent: check result held by its threshold check={} status={}", c.definition.id(),
                    result.status());
        }
        schedule(c, plan.every().toMillis());
    }

    /** What a running check may ask of the agent. */
    private final class AgentCheckContext implements CheckContext {
        @Override
        public String nodeName() {
            return config.nodeName();
        }

        @Override
        public boolean scriptChecks() {
            return Boolean.parseBoolean(config.setting("enableScriptChecks", "false"));
        }

        @Override
        public boolean localScriptChecks() {
            return Boolean.parseBoolean(config.setting("enableLocalScriptChecks", "false"));
        }

        @Override
        public java.util.Set<String> localServices() {
            synchronized (AgentServicesComponent.this) {
                return java.util.Set.copyOf(services.keySet());
            }
        }

        @Override
        public Map<String, HealthCheck> localChecks() {
            return checks();
        }

        @Override
        public CompletionStage<List<HealthCheck>> catalogNodeChecks(String node) {
            StateStore local = store;
            if (local != null) {
                return CompletableFuture.completedFuture(local.nodeChecks(node).value());
            }
            return remoteNodeChecks(node);
        }
    }

    private java.nio.file.Path definitionsFile() {
        String file = config.setting("definitionsFile", "");
        return file.isEmpty() ? null : java.nio.file.Path.of(file);
    }

    private boolean definitionsChanged() {
        java.nio.file.Path file = definitionsFile();
        try {
            return file != null && java.nio.file.Files.getLastModifiedTime(file).toMillis() != definitionsRead;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Registers the services and checks of the agent's config files (the launcher's definitions file), in
     * place of those registered from them before; one that cannot be registered is logged and skipped,
     * never stopping the others.
     */
    private synchronized void loadConfigDefinitions() {
        java.nio.file.Path file = definitionsFile();
        if (file == null || !java.nio.file.Files.exists(file)) {
            return;
        }
        ConfigDefinitions.Loaded loaded;
        try {
            definitionsRead = java.nio.file.Files.getLastModifiedTime(file).toMillis();
            loaded = ConfigDefinitions.load(file);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.error("agent: cannot read the config files' services and checks file={}: {}", file, e.toString());
            return;
        }
        loaded.problems().forEach(p -> LOG.error("agent: config definition refused: {}", p));
        java.util.Set<String> services = new java.util.HashSet<>();
        loaded.services().forEach(d -> services.add(d.service().id()));
        java.util.Set<String> standalone = new java.util.HashSet<>();
        loaded.checks().forEach(c -> standalone.add(c.id()));
        for (String gone : List.copyOf(configServices)) {
            if (!services.contains(gone)) {
                deregisterService(gone);
            }
        }
        for (String gone : List.copyOf(configChecks)) {
            if (!standalone.contains(gone)) {
                deregisterCheck(gone);
            }
        }
        configServices.clear();
        configChecks.clear();
        for (ServiceDefinition s : loaded.services()) {
            try {
                registerService(s);
                configServices.add(s.service().id());
            } catch (RuntimeException e) {
                LOG.error("agent: failed to register service service={}: {}", s.service().id(), e.getMessage());
            }
        }
        for (CheckDefinition c : loaded.checks()) {
            try {
                registerCheck(c);
                configChecks.add(c.id());
            } catch (RuntimeException e) {
                LOG.error("agent: failed to register check check={}: {}", c.id(), e.getMessage());
            }
        }
        LOG.info("agent: config definitions loaded services={} checks={}", configServices.size(), configChecks.size());
    }

    @Override
    public CompletableFuture<Void> reloadConfig() {
        java.nio.file.Path file = definitionsFile();
        if (file == null) {
            return CompletableFuture.failedFuture(new RefusedException(
                    "this agent was not started by the consul command; there is no configuration to reload", false));
        }
        java.nio.file.Path etc = file.getParent();
        String nonce = java.util.UUID.randomUUID().toString();
        try {
            java.nio.file.Path temp = etc.resolve(RELOAD_REQUEST + ".tmp");
            java.nio.file.Files.writeString(temp, nonce, java.nio.charset.StandardCharsets.UTF_8);
            java.nio.file.Files.move(temp, etc.resolve(RELOAD_REQUEST), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (java.io.IOException e) {
            return CompletableFuture.failedFuture(new RefusedException("cannot ask for a reload: " + e.getMessage(), false));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        long deadline = System.currentTimeMillis() + RELOAD_TIMEOUT_MS;
        Runnable look = new Runnable() {
            @Override
            public void run() {
                try {
                    java.nio.file.Path result = etc.resolve(RELOAD_RESULT);
                    if (java.nio.file.Files.exists(result)) {
                        List<String> lines = java.nio.file.Files.readAllLines(result);
                        if (!lines.isEmpty() && lines.get(0).equals(nonce)) {
                            String outcome = String.join("\n", lines.subList(1, lines.size()));
                            if (outcome.equals("ok")) {
                                loadConfigDefinitions();
                                done.complete(null);
                            } else {
                                done.completeExceptionally(new RefusedException(
                                        outcome.startsWith("error: ") ? outcome.substring(7) : outcome, false));
                            }
                            return;
                        }
                    }
                    if (System.currentTimeMillis() > deadline) {
                        done.completeExceptionally(new RefusedException("reload timed out", false));
                        return;
                    }
                    timer.schedule(this, 50, TimeUnit.MILLISECONDS);
                } catch (java.io.IOException | RuntimeException e) {
                    done.completeExceptionally(e);
                }
            }
        };
        timer.schedule(look, 50, TimeUnit.MILLISECONDS);
        return done;
    }

    // ---- timers and anti-entropy --------------------------------------------------------------------

    private void tick() {
        try {
            if (!configLoaded || definitionsChanged()) {
                configLoaded = true;
                loadConfigDefinitions();
            }
            long now = System.currentTimeMillis();
            expireAndReap(now);
            Membership pool = membership;
            boolean full = now - lastFullSync >= fullSyncInterval(FULL_SYNC_MS, pool == null ? 1
                    : pool.members(false).size());
            boolean due;
            synchronized (this) {
                due = (dirty || full) && !syncing;
            }
            if (due) {
                sync(now, full);
            }
        } catch (RuntimeException e) {
            LOG.warn("agent: check or sync turn failed: {}", e.toString());
        }
    }

    /** Consul's threshold of cluster size above which the full sync slows down. */
    static final int FULL_SYNC_SCALE_THRESHOLD = 128;

    /**
     * The full-sync interval for a cluster of {@code members}: the base up to 128 members, then one more
     * base interval for each doubling, as Consul scales it, so a large cluster's servers are not flooded.
     */
    static long fullSyncInterval(long baseMs, int members) {
        if (members <= FULL_SYNC_SCALE_THRESHOLD) {
            return baseMs;
        }
        double doublings = Math.log(members) / Math.log(2) - Math.log(FULL_SYNC_SCALE_THRESHOLD) / Math.log(2);
        return (long) (Math.ceil(doublings) + 1) * baseMs;
    }

    synchronized void expireAndReap(long now) {
        List<String> reap = new ArrayList<>();
        for (CheckState c : checks.values()) {
            if (now >= c.ttlDeadline && !HealthCheck.CRITICAL.equals(c.status)) {
                LOG.warn("agent: check TTL expired check={}", c.definition.id());
                setStatus(c, HealthCheck.CRITICAL, c.output.isEmpty() ? TTL_EXPIRED
                        : TTL_EXPIRED + " (last output before timeout follows): " + c.output, now);
            }
            Duration dcsa = c.definition.deregisterCriticalServiceAfter();
            if (dcsa != null && c.criticalSince >= 0 && !c.definition.serviceId().isEmpty()
                    && now - c.criticalSince >= Math.max(dcsa.toMillis(), MIN_DEREGISTER_AFTER.toMillis())) {
                reap.add(c.definition.serviceId());
            }
        }
        for (String service : reap) {
            if (services.containsKey(service)) {
                LOG.warn("agent: check critical for longer than its DeregisterCriticalServiceAfter, deregistering"
                        + " service={}", service);
                deregisterService(service);
            }
        }
    }

    /**
     * Sends this node's whole local state to a server's anti-entropy ({@link NodeSync}: the local one on a
     * server, one reached over server RPC on a client agent), which writes only the differences. A check
     * whose output alone changed is sent with the output last synced until {@code check_update_interval}
     * has passed, so chatty outputs do not become Raft writes.
     */
    private void sync(long now, boolean full) {
        NodeState state;
        synchronized (this) {
            dirty = false;
            syncing = true;
            List<HealthCheck> out = new ArrayList<>();
            for (CheckState c : checks.values()) {
                HealthCheck local = toHealthCheck(c);
                boolean statusMoved = !local.status().equals(c.syncedStatus);
                if (statusMoved || now - c.outputSyncedAt >= outputHoldMs || c.syncedOutput == null) {
                    c.syncedStatus = local.status();
                    c.syncedOutput = local.output();
                    c.outputSyncedAt = now;
                }
                out.add(new HealthCheck(local.node(), local.checkId(), local.name(), local.status(), local.notes(),
                        c.syncedOutput, local.serviceId(), local.serviceName(), local.serviceTags(), local.type(), 0, 0));
            }
            CatalogNode self = new CatalogNode(config.nodeId(), config.nodeName(), config.advertiseAddr(),
                    config.datacenter(), Map.of(), config.nodeMeta(), 0, 0);
            state = new NodeState(self, List.copyOf(services.values()), out);
        }
        if (full) {
            lastFullSync = now;
        }
        CompletableFuture<Integer> done;
        NodeSync local = nodeSync;
        try {
            done = local != null ? local.sync(state) : remoteSync(state);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e); // a store going away mid-sync: retried like a refusal
        }
        done.whenComplete((writes, failure) -> {
            synchronized (this) {
                syncing = false;
                if (failure != null) {
                    dirty = true; // no server or no leader right now: the next turn tries again
                }
            }
            if (failure != null) {
                LOG.debug("agent: sync failed: {}", failure.toString());
            } else if (writes > 0) {
                LOG.debug("agent: synced node={} writes={}", config.nodeName(), writes);
            }
        });
    }

    /** A client agent's sync: the node state to an alive server of its datacenter, over server RPC. */
    private CompletableFuture<Integer> remoteSync(NodeState state) {
        return callServer(NodeSync.RPC_SERVICE, CatalogWire.nodeState(state))
                .thenApply(reply -> java.nio.ByteBuffer.wrap(reply).getInt());
    }

    /** A client agent's read of another node's checks, from an alive server. */
    private CompletableFuture<List<HealthCheck>> remoteNodeChecks(String node) {
        return callServer(NodeSync.NODE_CHECKS_RPC_SERVICE, node.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .thenApply(CatalogWire::checks);
    }

    private CompletableFuture<byte[]> callServer(String service, byte[] request) {
        RpcClient client = rpc;
        Membership pool = membership;
        if (client == null || pool == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no server RPC yet"));
        }
        List<String> servers = new ArrayList<>();
        for (Member m : pool.members(false)) {
            if (m.status() == MemberStatus.ALIVE && "consul".equals(m.tags().get("role"))
                    && config.datacenter().equals(m.tags().get("dc")) && m.tags().get("port") != null) {
                servers.add(m.address() + ":" + m.tags().get("port"));
            }
        }
        if (servers.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("No known Consul servers"));
        }
        String server = servers.get(ThreadLocalRandom.current().nextInt(servers.size()));
        return client.call(server, service, request, Duration.ofSeconds(10));
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
        runs.shutdownNow();
    }
}
