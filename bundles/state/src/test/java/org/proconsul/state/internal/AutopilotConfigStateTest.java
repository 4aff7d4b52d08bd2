package org.proconsul.state.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.proconsul.api.autopilot.AutopilotConfigEntry;
import org.proconsul.api.autopilot.AutopilotConfiguration;
import org.proconsul.api.state.StateSnapshot;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.WatchTarget;
import org.proconsul.api.storage.Durability;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

/** Autopilot's settings as a replicated table: seeding once, check-and-set, indexes, watches, snapshots. */
class AutopilotConfigStateTest {
    private final KvStateStore store = new KvStateStore(new MemoryStorageEngine().open("state", Durability.BUFFERED));
    private long index = 4;

    private boolean set(AutopilotConfiguration config, Command.Condition condition, long casIndex) {
        Object r = store.apply(++index, Command.encode(new Command.SetAutopilotConfig(config, condition, casIndex)));
        return ((ApplyResponse.Single) r).success();
    }

    private static AutopilotConfiguration withCleanup(boolean cleanup) {
        AutopilotConfiguration d = AutopilotConfiguration.DEFAULTS;
        return new AutopilotConfiguration(cleanup, d.lastContactThreshold(), d.maxTrailingLogs(), d.minQuorum(),
                d.serverStabilizationTime(), d.redundancyZoneTag(), d.disableUpgradeMigration(), d.upgradeVersionTag());
    }

    @Test
    void seedingHappensOnceAndCasGuardsLaterWrites() {
        assertTrue(store.autopilotConfiguration().value().isEmpty());
        assertFalse(set(withCleanup(false), Command.Condition.CHECK_AND_SET, 0), "cas on nothing stored fails, as Consul");
        assertTrue(store.autopilotConfiguration().value().isEmpty());
        assertTrue(set(AutopilotConfiguration.DEFAULTS, Command.Condition.IF_ABSENT, 0), "the first seed lands");
        long seeded = index;
        assertFalse(set(withCleanup(false), Command.Condition.IF_ABSENT, 0),
                "a second seed (a restart, another leader) does not");

        AutopilotConfigEntry entry = store.autopilotConfiguration().value().orElseThrow();
        assertEquals(AutopilotConfiguration.DEFAULTS, entry.config());
        assertEquals(seeded, entry.createIndex());
        assertEquals(seeded, entry.modifyIndex());

        assertFalse(set(withCleanup(false), Command.Condition.CHECK_AND_SET, seeded - 1), "a stale cas index fails");
        assertTrue(set(withCleanup(false), Command.Condition.CHECK_AND_SET, seeded));
        entry = store.autopilotConfiguration().value().orElseThrow();
        assertFalse(entry.config().cleanupDeadServers());
        assertEquals(seeded, entry.createIndex());
        assertEquals(index, entry.modifyIndex());
        assertEquals(index, store.autopilotConfiguration().index());

        AutopilotConfiguration odd = new AutopilotConfiguration(false, Duration.ofMillis(350), 1000, 3,
                Duration.ofSeconds(45), "zone", true, "build");
        assertTrue(set(odd, Command.Condition.ALWAYS, 0), "a write without cas always lands");
        assertEquals(odd, store.autopilotConfiguration().value().orElseThrow().config());
    }

    @Test
    void aWriteWakesTheTableWatchersAndSurvivesASnapshot() {
        AtomicInteger woken = new AtomicInteger();
        store.watch(new WatchTarget.Table(StateStore.AUTOPILOT), woken::incrementAndGet);
        set(AutopilotConfiguration.DEFAULTS, Command.Condition.ALWAYS, 0);
        assertEquals(1, woken.get());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StateSnapshot snapshot = store.snapshot()) {
            snapshot.writeTo(out);
        }
        KvStateStore other = new KvStateStore(new MemoryStorageEngine().open("state", Durability.BUFFERED));
        other.restore(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(store.autopilotConfiguration().value(), other.autopilotConfiguration().value());
        assertEquals(index, other.autopilotConfiguration().index());
    }
}
