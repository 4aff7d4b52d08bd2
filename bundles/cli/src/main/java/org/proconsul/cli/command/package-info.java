/**
 * One class per {@code consul} subcommand. Each parses its arguments with a {@link
 * org.proconsul.cli.GoFlagSet}, talks to the agent through {@code org.proconsul.cli.http}, and writes
 * Consul's exact output texts and exit codes to the streams of its {@link org.proconsul.cli.Io}. Help
 * descriptions are our own words in Consul's layout; the messages scripts depend on
 * ({@code Error! No key exists at: K}, {@code Success! Data written to: K}, …) are Consul's.
 *
 * <p>{@code agent} lives in its own package: {@link org.proconsul.cli.command.AgentLauncher} hands it to
 * {@code org.proconsul.cli.agent.AgentCommand}.
 */
package org.proconsul.cli.command;
