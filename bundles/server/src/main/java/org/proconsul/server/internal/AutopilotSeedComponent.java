package org.proconsul.server.internal;

import java.time.Duration;
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
import org.proconsul.api.autopilot.ConfigWriteResult;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.time.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On the leader, writes the agent configuration's {@code autopilot} settings into the replicated state
 * when none are there yet, as Consul's leader does. The write is a check-and-set on "nothing stored", so
 * a restart, a second leader or a seed racing an operator's {@code set-config} never overwrites a value.
 */
@Component(service = {}, immediate = true, configurationPid = "org.proconsul.server",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AutopilotSeedComponent.Config.class)
public final class AutopilotSeedComponent {
    private static final Logger LOG = LoggerFactory.getLogger(AutopilotSeedComponent.class);

    @ObjectClassDefinition(name = "Proconsul server: autopilot seed",
            description = "The agent configuration's autopilot block; used only while the datacenter has no autopilot settings.")
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

    private final ScheduledExecutorService timer;

    @Activate
    public AutopilotSeedComponent(Config config, @Reference Consensus consensus, @Reference StateStore store,
            @Reference AutopilotConfigService service) {
        AutopilotConfiguration seed = seed(config);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "autopilot-seed");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            if (!"Leader".equals(consensus.view().state()) || store.autopilotConfiguration().value().isPresent()) {
                return;
            }
            service.seed(seed).whenComplete((result, failure) -> {
                if (result instanceof ConfigWriteResult.Done done && done.success()) {
                    LOG.info("autopilot: stored the configured settings index={}", done.index());
                } else {
                    LOG.debug("autopilot: settings not seeded this turn result={}", failure != null ? failure : result);
                }
            });
        }, 1, 1, TimeUnit.SECONDS);
    }

    static AutopilotConfiguration seed(Config c) {
        AutopilotConfiguration seed = new AutopilotConfiguration(c.autopilot_cleanupDeadServers(),
                duration(c.autopilot_lastContactThreshold()), c.autopilot_maxTrailingLogs(),
                c.autopilot_minQuorum(), duration(c.autopilot_serverStabilizationTime()),
                c.autopilot_redundancyZoneTag(), c.autopilot_disableUpgradeMigration(),
                c.autopilot_upgradeVersionTag());
        String invalid = seed.invalidReason();
        if (invalid != null) {
            throw new IllegalArgumentException("autopilot: " + invalid);
        }
        return seed;
    }

    private static Duration duration(String text) {
        return GoDuration.parse(text);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
