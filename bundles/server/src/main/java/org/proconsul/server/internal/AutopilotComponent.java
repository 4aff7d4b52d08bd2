package org.proconsul.server.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.proconsul.api.autopilot.AutopilotConfigService;
import org.proconsul.api.autopilot.AutopilotConfiguration;
import org.proconsul.api.autopilot.AutopilotReport;
import org.proconsul.api.autopilot.AutopilotStatus;
import org.proconsul.api.autopilot.ConfigWriteResult;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.Membership;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.raft.MembershipResult;
import org.proconsul.api.raft.RaftPeer;
import org.proconsul.api.raft.RaftView;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.time.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Autopilot, a leader duty. Every 2 s the leader rates each server of the Raft configuration (gossip's
 * view plus the leader's replication figures, {@link AutopilotRules}); every 10 s, and right after a
 * change, it promotes stable non-voters and removes dead servers, one Raft change at a time. It also
 * stores the agent configuration's {@code autopilot} block as the replicated settings when none exist
 * (a check-and-set on "nothing stored", so a restart or another leader never overwrites set-config).
 */
@Component(service = AutopilotStatus.class, immediate = true, configurationPid = "org.proconsul.server",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AutopilotComponent.Config.class)
public final class AutopilotComponent implements AutopilotStatus {
    private static final Logger LOG = LoggerFactory.getLogger(AutopilotComponent.class);
    private static final long UPDATE_MS = 2_000;
    private static final int RECONCILE_EVERY = 5;
    private static final long SEED_CHECK_MS = 200;

    @ObjectClassDefinition(name = "Proconsul server: autopilot",
            description = "The agent configuration's autopilot block; stored only while the datacenter has no autopilot settings.")
    public @interface Config {
        boolean autopilot_cleanupDeadServers() default true;

        @AttributeDefinition(description = "Go duration")
        String autopilot_lastContactThreshold() default "200ms";

        long autopilot_maxTrailingLogs() default 250;

        long autopilot_minQuorum() default 0;

        @AttributeDefinition(description = "Go duration")
        String autopilot_serverStabilizationTime() default "10s";

        String autopilot_redundancyZoneTag() default "";

        boolean autopilot_disableUpgradeMigration() default false;

        String autopilot_upgradeVersionTag() default "";
    }

    private final Consensus consensus;
    private final StateStore store;
    private final AutopilotConfigService configService;
    private final Membership membership;
    private final AutopilotConfiguration seed;
    private final ScheduledExecutorService timer;

    // touched by the timer thread only
    private AutopilotState state = AutopilotState.EMPTY;
    private long leaderSince = -1;
    private long leaderTerm;
    private int turns;
    private boolean changeInFlight;
    private volatile AutopilotReport report = AutopilotReport.EMPTY;
    private volatile boolean seeding;

    @Activate
    public AutopilotComponent(Config config, @Reference Consensus consensus, @Reference StateStore store,
            @Reference AutopilotConfigService configService, @Reference Membership membership) {
        this.consensus = consensus;
        this.store = store;
        this.configService = configService;
        this.membership = membership;
        this.seed = seed(config);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "autopilot");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::turn, UPDATE_MS, UPDATE_MS, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::seedIfNeeded, SEED_CHECK_MS, SEED_CHECK_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * A new leader stores the settings within a fraction of a second, as Consul's does while establishing
     * leadership, so that {@code get-config} right after an election finds them.
     */
    private void seedIfNeeded() {
        try {
            if (seeding || !"Leader".equals(consensus.view().state())
                    || store.autopilotConfiguration().value().isPresent()) {
                return;
            }
            seeding = true;
            configService.seed(seed).whenComplete((result, failure) -> {
                seeding = false;
                if (result instanceof ConfigWriteResult.Done done && done.success()) {
                    LOG.info("autopilot: stored the configured settings index={}", done.index());
                } else {
                    LOG.debug("autopilot: settings not stored this time result={}", failure != null ? failure : result);
                }
            });
        } catch (RuntimeException e) {
            seeding = false;
            LOG.warn("autopilot: storing the configured settings failed: {}", e.toString());
        }
    }

    static AutopilotConfiguration seed(Config c) {
        AutopilotConfiguration seed = new AutopilotConfiguration(c.autopilot_cleanupDeadServers(),
                GoDuration.parse(c.autopilot_lastContactThreshold()), c.autopilot_maxTrailingLogs(),
                c.autopilot_minQuorum(), GoDuration.parse(c.autopilot_serverStabilizationTime()),
                c.autopilot_redundancyZoneTag(), c.autopilot_disableUpgradeMigration(),
                c.autopilot_upgradeVersionTag());
        String invalid = seed.invalidReason();
        if (invalid != null) {
            throw new IllegalArgumentException("autopilot: " + invalid);
        }
        return seed;
    }

    @Override
    public AutopilotReport report() {
        return report;
    }

    private void turn() {
        try {
            RaftView view = consensus.view();
            if (!"Leader".equals(view.state())) {
                if (leaderSince >= 0) {
                    LOG.debug("autopilot: paused, not the leader any more term={}", view.term());
                }
                leaderSince = -1;
                state = AutopilotState.EMPTY;
                report = AutopilotReport.EMPTY;
                return;
            }
            long now = System.currentTimeMillis();
            if (leaderSince < 0 || view.term() != leaderTerm) {
                leaderSince = now;
                leaderTerm = view.term();
                state = AutopilotState.EMPTY;
                turns = 0;
            }
            AutopilotConfiguration config = settings();
            Map<String, Member> gossip = serversInGossip();
            List<ServerFacts> facts = facts(view, gossip);
            long leaderLastIndex = view.lastLogIndex();
            long leaderLastTerm = facts.stream().filter(ServerFacts::leader).mapToLong(ServerFacts::lastTerm)
                    .findFirst().orElse(0);
            AutopilotState next = AutopilotRules.next(state, facts, leaderLastTerm, leaderLastIndex, config, now);
            logFlips(state, next);
            state = next;
            report = toReport(next, gossip);
            if (turns++ % RECONCILE_EVERY == 0 || !AutopilotRules.promotions(next, config, now, leaderSince).isEmpty()) {
                reconcile(config, facts, gossip.keySet(), now);
            }
        } catch (RuntimeException e) {
            LOG.warn("autopilot: turn failed: {}", e.toString());
        }
    }

    /** The replicated settings; until the first are stored ({@link #seedIfNeeded}), the agent's own. */
    private AutopilotConfiguration settings() {
        return store.autopilotConfiguration().value().map(e -> e.config()).orElse(seed);
    }

    private void reconcile(AutopilotConfiguration config, List<ServerFacts> facts, Set<String> known, long now) {
        if (changeInFlight) {
            return;
        }
        List<String> promote = AutopilotRules.promotions(state, config, now, leaderSince);
        if (!promote.isEmpty()) {
            apply(promote.get(0), true);
            return;
        }
        List<String> remove = AutopilotRules.removals(facts, known, config);
        if (!remove.isEmpty()) {
            apply(remove.get(0), false);
        }
    }

    /** One Raft change at a time; the next turn picks up the rest. */
    private void apply(String id, boolean promote) {
        ServerHealth h = state.servers().get(id);
        String name = h == null ? "" : h.facts().name();
        LOG.info("autopilot: {} server id={} node={} status={}", promote ? "promoting" : "removing dead", id, name,
                h == null ? "unknown" : h.facts().nodeStatus().text());
        changeInFlight = true;
        (promote ? consensus.promote(id) : consensus.removeServer(id)).whenComplete((result, failure) -> {
            timer.execute(() -> {
                changeInFlight = false;
                if (failure != null || result instanceof MembershipResult.Refused) {
                    LOG.warn("autopilot: could not {} server id={} node={}: {}", promote ? "promote" : "remove", id,
                            name, failure != null ? failure.toString() : ((MembershipResult.Refused) result).reason());
                } else {
                    turns = 0; // reconcile again on the next turn
                }
            });
        });
    }

    private Map<String, Member> serversInGossip() {
        Map<String, Member> byId = new HashMap<>();
        for (Member m : membership.members(false)) {
            String id = m.tags().get("id");
            if (id != null && "consul".equals(m.tags().get("role"))) {
                byId.put(id, m);
            }
        }
        return byId;
    }

    private static List<ServerFacts> facts(RaftView view, Map<String, Member> gossip) {
        List<ServerFacts> facts = new ArrayList<>();
        for (RaftPeer p : view.peers()) {
            Member m = gossip.get(p.id());
            ServerFacts.NodeStatus status = m == null ? ServerFacts.NodeStatus.LEFT : switch (m.status()) {
                case ALIVE, LEAVING -> ServerFacts.NodeStatus.ALIVE;
                case FAILED -> ServerFacts.NodeStatus.FAILED;
                case LEFT -> ServerFacts.NodeStatus.LEFT;
                default -> ServerFacts.NodeStatus.UNKNOWN;
            };
            facts.add(new ServerFacts(p.id(), m == null ? "" : m.name(), p.address(), p.voter(),
                    p.id().equals(view.leaderId()), status, p.lastContactMs(), p.lastTerm(), p.lastIndex()));
        }
        return facts;
    }

    private static void logFlips(AutopilotState before, AutopilotState after) {
        for (ServerHealth h : after.servers().values()) {
            ServerHealth old = before.servers().get(h.facts().id());
            if (old != null && old.healthy() != h.healthy()) {
                ServerFacts f = h.facts();
                LOG.info("autopilot: server {} id={} node={} status={} lastContactMs={} lastTerm={} lastIndex={}",
                        h.healthy() ? "healthy" : "unhealthy", f.id(), f.name(), f.nodeStatus().text(),
                        f.lastContactMillis(), f.lastTerm(), f.lastIndex());
            }
        }
    }

    private static AutopilotReport toReport(AutopilotState s, Map<String, Member> gossip) {
        List<AutopilotReport.Server> servers = new ArrayList<>();
        for (ServerHealth h : s.servers().values()) {
            ServerFacts f = h.facts();
            Member m = gossip.get(f.id());
            String build = m == null ? "" : m.tags().getOrDefault("build", "");
            String version = build.contains(":") ? build.substring(0, build.indexOf(':')) : build;
            servers.add(new AutopilotReport.Server(f.id(), f.name(), f.address(), f.nodeStatus().text(), version,
                    f.lastContactMillis(), f.lastTerm(), f.lastIndex(), h.healthy(),
                    Instant.ofEpochMilli(h.stableSinceMillis()), h.status(), Map.of()));
        }
        return new AutopilotReport(s.healthy(), s.failureTolerance(), s.leaderId(), s.voters(), servers);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
