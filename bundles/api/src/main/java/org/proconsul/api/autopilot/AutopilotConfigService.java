package org.proconsul.api.autopilot;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/** Writes autopilot's settings through Raft; reads come from the state store. */
@ProviderType
public interface AutopilotConfigService {

    /**
     * Replaces the settings. With {@code cas}, only if the stored settings were last written at that
     * index (never while none are stored), as Consul's {@code ?cas=}.
     */
    CompletableFuture<ConfigWriteResult> set(AutopilotConfiguration config, OptionalLong cas);

    /** Stores the settings only if none are stored yet: the leader seeding the agent configuration's block. */
    CompletableFuture<ConfigWriteResult> seed(AutopilotConfiguration config);
}
