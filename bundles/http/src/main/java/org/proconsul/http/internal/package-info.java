/**
 * Consul's HTTP API on Jetty 12 core handlers (no servlets). Every endpoint parses its options once
 * into records at the edge, answers errors through {@link org.proconsul.http.internal.Exchange} only,
 * and never holds a thread while a blocking query waits.
 */
package org.proconsul.http.internal;
