package org.proconsul.cli.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proconsul.cli.CliRun;

/** {@code unix://} addresses reach an agent listening on a Unix domain socket. */
class UnixSocketTest {

    @Test
    void kvGetOverUnixSocket(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("agent.sock");
        StringBuilder seen = new StringBuilder();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(sock));
            Thread t = new Thread(() -> {
                try (SocketChannel c = server.accept()) {
                    ByteArrayOutputStream req = new ByteArrayOutputStream();
                    ByteBuffer buf = ByteBuffer.allocate(4096);
                    while (!req.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n") && c.read(buf) > 0) {
                        buf.flip();
                        req.write(buf.array(), 0, buf.limit());
                        buf.clear();
                    }
                    seen.append(req.toString(StandardCharsets.ISO_8859_1));
                    String body = "[{\"Key\":\"k\",\"Value\":\"dW5peA==\",\"Flags\":0,\"LockIndex\":0,"
                            + "\"CreateIndex\":1,\"ModifyIndex\":1}]";
                    String resp = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n";
                    c.write(ByteBuffer.wrap(resp.getBytes(StandardCharsets.ISO_8859_1)));
                } catch (Exception e) {
                    seen.append("server failed: ").append(e);
                }
            });
            t.start();
            Map<String, String> env = new HashMap<>();
            env.put("CONSUL_HTTP_ADDR", "unix://" + sock);
            CliRun r = CliRun.run(env, new byte[0], "kv", "get", "k");
            t.join(5000);
            assertEquals("unix\n", r.out, r + "\nserver saw: " + seen);
            assertEquals(true, seen.toString().startsWith("GET /v1/kv/k HTTP/1.1\r\nHost: localhost\r\n"), seen.toString());
        }
    }

    @Test
    void missingSocketIsReportedLikeGo(@TempDir Path dir) {
        Map<String, String> env = new HashMap<>();
        String path = dir.resolve("none.sock").toString();
        env.put("CONSUL_HTTP_ADDR", "unix://" + path);
        CliRun r = CliRun.run(env, new byte[0], "kv", "get", "k");
        assertEquals(1, r.code);
        assertEquals("Error querying Consul agent: Get \"http://" + path.replace("/", "%2F") + "/v1/kv/k\": dial unix "
                + path + ": connect: no such file or directory\n", r.err);
    }
}
