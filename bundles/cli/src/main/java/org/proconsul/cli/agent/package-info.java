/**
 * {@code consul agent}: resolves the configuration before anything starts, prepares this agent's own
 * Karaf instance (etc written fresh every start, data, lock and pid inside the data dir or a private
 * temporary directory), then runs Karaf in this same JVM, so the agent is one process.
 */
package org.proconsul.cli.agent;
