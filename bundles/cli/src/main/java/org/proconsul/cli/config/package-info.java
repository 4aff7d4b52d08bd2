/**
 * The configuration of {@code consul agent}: Consul's flags, JSON and HCL config files, defaults, merge
 * rules, validation and messages, turned into one immutable {@link org.proconsul.cli.config.AgentConfig}
 * by {@link org.proconsul.cli.config.AgentConfigLoader}; durations are read with the api bundle's
 * {@link org.proconsul.api.time.GoDuration}, which the rest of Proconsul uses too. Nothing here starts,
 * opens or writes anything; reading the config files and asking the host for its name and interfaces is all it does.
 */
package org.proconsul.cli.config;
