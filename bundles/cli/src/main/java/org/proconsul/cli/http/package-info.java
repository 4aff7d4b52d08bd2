/**
 * The CLI's HTTP side: how an agent address is written ({@code CONSUL_HTTP_ADDR} and {@code -http-addr}),
 * the shared connection flags, a minimal HTTP/1.1 client over TCP, TLS or a Unix socket, and thin typed
 * calls for the endpoints the commands use (JSON is read and written with {@link org.proconsul.cli.GoJson}).
 *
 * <p>Deliberately free of {@code java.net.http} and of Jackson: both cost more JVM start time than a whole
 * {@code consul kv get} is allowed to take. Errors are reported with the same texts Consul's Go {@code api}
 * package produces ({@code Unexpected response code: 500 (No cluster leader)}, {@code Get "…": dial tcp …:
 * connect: connection refused}), because scripts match on them.
 */
package org.proconsul.cli.http;
