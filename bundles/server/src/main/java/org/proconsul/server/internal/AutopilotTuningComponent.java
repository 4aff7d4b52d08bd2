package org.proconsul.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.proconsul.api.autopilot.AutopilotConfigEntry;
import org.proconsul.api.autopilot.AutopilotConfigService;
import org.proconsul.api.autopilot.AutopilotConfiguration;
import org.proconsul.api.autopilot.ConfigWriteResult;
import org.proconsul.api.state.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Config Admin tuning of autopilot ({@code config:edit org.proconsul.autopilot}, or
 * {@code etc/org.proconsul.autopilot.cfg}). Each edit is submitted through Raft with check-and-set on the
 * settings it read, so it shows on every server and in {@code get-config}. Only the keys that changed since
 * this server's last submitted edit are written ({@link AutopilotTuning}); the baseline is kept in the
 * bundle's data area, so a restart delivering the same file again writes nothing, and nothing is ever
 * written back into Config Admin (no loop between servers).
 */
@Component(service = {}, configurationPid = "org.proconsul.autopilot", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AutopilotTuningComponent.Config.class)
public final class AutopilotTuningComponent {
    private static final Logger LOG = LoggerFactory.getLogger(AutopilotTuningComponent.class);
    static final String BASELINE_FILE = "autopilot-tuning.properties";
    private static final long GIVE_UP_MS = 120_000;
    private static final long RETRY_MS = 1_000;

    @ObjectClassDefinition(name = "Proconsul autopilot tuning",
            description = "Changes autopilot's replicated settings (as consul operator autopilot set-config). Only"
                    + " the keys present and changed since the last edit are written; Raft keeps the settings.")
    public @interface Config {
        @AttributeDefinition(required = false, description = "Remove dead servers from Raft: true or false")
        boolean cleanupDeadServers() default true;

        @AttributeDefinition(required = false, description = "Go duration, for example 200ms")
        String lastContactThreshold() default "200ms";

        @AttributeDefinition(required = false)
        long maxTrailingLogs() default 250;

        @AttributeDefinition(required = false)
        long minQuorum() default 0;

        @AttributeDefinition(required = false, description = "Go duration, for example 10s")
        String serverStabilizationTime() default "10s";

        @AttributeDefinition(required = false)
        String redundancyZoneTag() default "";

        @AttributeDefinition(required = false)
        boolean disableUpgradeMigration() default false;

        @AttributeDefinition(required = false)
        String upgradeVersionTag() default "";
    }

    private final StateStore store;
    private final AutopilotConfigService configService;
    private final Path baselineFile;
    private final ExecutorService worker;
    /** The newest edit; an older one still retrying stops when it sees a newer number. */
    private final AtomicLong generation = new AtomicLong();

    @Activate
    public AutopilotTuningComponent(BundleContext context, Map<String, Object> properties, @Reference StateStore store,
            @Reference AutopilotConfigService configService) {
        this.store = store;
        this.configService = configService;
        java.io.File data = context.getDataFile(BASELINE_FILE);
        this.baselineFile = data == null ? null : data.toPath();
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "autopilot-tuning");
            t.setDaemon(true);
            return t;
        });
        modified(properties);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Map<String, String> current = AutopilotTuning.settingsOf(properties);
        long edit = generation.incrementAndGet();
        worker.execute(() -> submit(current, edit));
    }

    private void submit(Map<String, String> current, long edit) {
        Map<String, String> changes = AutopilotTuning.changes(loadBaseline(), current);
        if (changes.isEmpty()) {
            saveBaseline(current);
            return;
        }
        try {
            AutopilotConfiguration checked = AutopilotTuning.overlay(AutopilotConfiguration.DEFAULTS, changes);
            if (checked.invalidReason() != null) {
                throw new IllegalArgumentException(checked.invalidReason());
            }
        } catch (IllegalArgumentException e) {
            LOG.error("autopilot: edit of org.proconsul.autopilot refused, nothing written: {}", e.getMessage());
            return;
        }
        long deadline = System.currentTimeMillis() + GIVE_UP_MS;
        String lastProblem = "";
        while (generation.get() == edit && System.currentTimeMillis() < deadline) {
            Optional<AutopilotConfigEntry> stored = store.autopilotConfiguration().value();
            if (stored.isEmpty()) {
                lastProblem = "autopilot config not initialized yet";
            } else {
                AutopilotConfiguration next = AutopilotTuning.overlay(stored.get().config(), changes);
                if (next.equals(stored.get().config())) {
                    LOG.info("autopilot: edit of org.proconsul.autopilot already in effect keys={}", changes.keySet());
                    saveBaseline(current);
                    return;
                }
                ConfigWriteResult result = write(next, stored.get().modifyIndex());
                if (result instanceof ConfigWriteResult.Done done && done.success()) {
                    LOG.info("autopilot: applied edit of org.proconsul.autopilot index={} changes={}", done.index(),
                            changes);
                    saveBaseline(current);
                    return;
                }
                if (result instanceof ConfigWriteResult.Done) {
                    continue; // another writer came first: read again and lay the edit over its value
                }
                lastProblem = result instanceof ConfigWriteResult.Refused r ? r.error().toString() : "no answer";
            }
            try {
                Thread.sleep(RETRY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (generation.get() == edit) {
            LOG.warn("autopilot: edit of org.proconsul.autopilot not applied within {} s: {}; the next edit or"
                    + " restart tries again changes={}", GIVE_UP_MS / 1000, lastProblem, changes);
        }
    }

    private ConfigWriteResult write(AutopilotConfiguration config, long casIndex) {
        try {
            return configService.set(config, OptionalLong.of(casIndex)).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Map<String, String> loadBaseline() {
        Map<String, String> out = new TreeMap<>();
        if (baselineFile == null || !Files.exists(baselineFile)) {
            return out;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(baselineFile)) {
            p.load(in);
        } catch (IOException e) {
            LOG.warn("autopilot: cannot read the last applied edit file={}: {}", baselineFile, e.getMessage());
            return out;
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private void saveBaseline(Map<String, String> current) {
        if (baselineFile == null) {
            return;
        }
        Properties p = new Properties();
        p.putAll(current);
        Path tmp = baselineFile.resolveSibling(BASELINE_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "org.proconsul.autopilot values last written through Raft");
        } catch (IOException e) {
            LOG.warn("autopilot: cannot keep the last applied edit file={}: {}", baselineFile, e.getMessage());
            return;
        }
        try {
            Files.move(tmp, baselineFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("autopilot: cannot keep the last applied edit file={}: {}", baselineFile, e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        generation.incrementAndGet();
        worker.shutdownNow();
    }
}
