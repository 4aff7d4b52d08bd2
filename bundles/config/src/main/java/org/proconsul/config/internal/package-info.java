/**
 * Publishes what the launcher resolved from Consul's flags and config files (PID
 * {@code org.proconsul.agent}) as the {@link org.proconsul.api.agent.LocalAgent} service, and the
 * agent's own membership until the gossip bundle provides the pools.
 */
package org.proconsul.config.internal;
