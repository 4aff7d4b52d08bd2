/**
 * Publishes what the launcher resolved from Consul's flags and config files (PID
 * {@code org.proconsul.agent}) as the {@link org.proconsul.api.agent.LocalAgent} service.
 */
package org.proconsul.config.internal;
