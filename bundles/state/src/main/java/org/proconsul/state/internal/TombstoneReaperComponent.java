package org.proconsul.state.internal;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.proconsul.api.raft.ApplyResult;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.time.GoDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** On the leader, replicates a reap of KV tombstones older than the tombstone TTL (Consul: 15m, every 30s). */
@Component(service = {}, immediate = true, configurationPid = "org.proconsul.tombstones")
@Designate(ocd = TombstoneReaperComponent.Config.class)
public final class TombstoneReaperComponent {
    private static final Logger LOG = LoggerFactory.getLogger(TombstoneReaperComponent.class);

    @ObjectClassDefinition(name = "Proconsul tombstone reaper",
            description = "How long delete tombstones stay for blocking queries. Changes restart the reaper.")
    public @interface Config {
        @AttributeDefinition(description = "Tombstone TTL, Go duration (Consul's tombstone_ttl).")
        String ttl() default "15m";

        @AttributeDefinition(description = "How often the leader checks, Go duration (Consul's tombstone_ttl_granularity).")
        String granularity() default "30s";
    }

    private final ScheduledExecutorService timer;

    @Activate
    public TombstoneReaperComponent(Config config, @Reference Consensus consensus, @Reference StateStore store) {
        Duration ttl = GoDuration.parseOrNull(config.ttl());
        Duration every = GoDuration.parseOrNull(config.granularity());
        if (ttl == null || every == null || every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("tombstones: invalid ttl=" + config.ttl() + " granularity="
                    + config.granularity());
        }
        TombstoneSchedule schedule = new TombstoneSchedule(ttl.toNanos());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tombstone-reaper");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            boolean leader = "Leader".equals(consensus.view().state());
            OptionalLong due = schedule.tick(System.nanoTime(), leader, store.lastIndex());
            if (due.isPresent()) {
                consensus.apply(Command.encode(new Command.ReapTombstones(due.getAsLong()))).whenComplete((r, e) -> {
                    if (e != null || r instanceof ApplyResult.Refused) {
                        LOG.debug("state: tombstone reap not applied upToIndex={} result={}", due.getAsLong(),
                                e != null ? e : r);
                    }
                });
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
