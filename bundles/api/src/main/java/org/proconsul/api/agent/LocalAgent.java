package org.proconsul.api.agent;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/** The agent this runtime is: its configuration and when it started. */
@ProviderType
public interface LocalAgent {
    AgentConfig config();

    Instant startedAt();
}
