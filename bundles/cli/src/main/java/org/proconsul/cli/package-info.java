/**
 * The {@code consul} command line of Proconsul: argument dispatch, Go-compatible flag parsing, column
 * formatting and help layout, and the Go standard-library behaviours both the client commands and the
 * agent config loader reproduce ({@link org.proconsul.cli.GoText}, {@link org.proconsul.cli.GoJson},
 * {@link org.proconsul.cli.GoBase64}). Every subcommand except {@code agent} is a plain HTTP client of a running
 * agent and lives in {@code org.proconsul.cli.command}; the wire client is {@code org.proconsul.cli.http}.
 *
 * <p>Startup time matters more than elegance here: a {@code consul kv get} should finish in well under half
 * a second, so this package avoids lambdas, streams, reflection, {@code java.net.http} and JSON libraries on
 * the hot path. Nothing here may keep static mutable state; output goes to the streams of an {@link
 * org.proconsul.cli.Io} so tests can capture it.
 */
package org.proconsul.cli;
