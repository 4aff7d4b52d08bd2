package org.proconsul.cli.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsulHttpClientTest {

    /** Reads one request head (and a Content-Length body) from {@code in}. */
    private static String readRequest(InputStream in) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (!b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        String head = b.toString(StandardCharsets.ISO_8859_1);
        int at = head.toLowerCase().indexOf("content-length: ");
        if (at >= 0) {
            int n = Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)));
            head += new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
        }
        return head;
    }

    @Test
    void reconnectsWhenTheAgentDropsAKeptAliveConnection() throws Exception {
        List<String> seen = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < 2; i++) {
                        try (Socket s = server.accept()) {
                            seen.add(readRequest(s.getInputStream()));
                            OutputStream out = s.getOutputStream();
                            // No "Connection: close": the client believes it may reuse the connection.
                            out.write("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ntrue".getBytes(StandardCharsets.ISO_8859_1));
                            out.flush();
                        }
                    }
                } catch (Exception e) {
                    seen.add("server failed: " + e);
                }
            });
            t.start();
            Map<String, String> dc = new HashMap<>();
            dc.put("dc", "dc1");
            try (ConsulHttpClient c = new ConsulHttpClient(
                    AgentEndpoint.parse("127.0.0.1:" + server.getLocalPort(), false), "tok", "user:pw", false, dc)) {
                KvApi kv = new KvApi(c);
                assertTrue(kv.put("a", "1".getBytes(StandardCharsets.UTF_8), 0, null, null));
                Thread.sleep(100);
                assertTrue(kv.put("b", "2".getBytes(StandardCharsets.UTF_8), 5, null, "ns1"));
            }
            t.join(5000);
        }
        assertEquals(2, seen.size(), seen.toString());
        assertTrue(seen.get(0).startsWith("PUT /v1/kv/a?dc=dc1 HTTP/1.1\r\n"), seen.get(0));
        assertTrue(seen.get(0).contains("\r\nX-Consul-Token: tok\r\n"), seen.get(0));
        assertTrue(seen.get(0).contains("\r\nAuthorization: Basic dXNlcjpwdw==\r\n"), seen.get(0));
        assertTrue(seen.get(0).contains("\r\nContent-Length: 1\r\n"), seen.get(0));
        assertTrue(seen.get(0).endsWith("\r\n\r\n1"), seen.get(0));
        assertTrue(seen.get(1).startsWith("PUT /v1/kv/b?dc=dc1&flags=5&ns=ns1 HTTP/1.1\r\n"), seen.get(1));
    }

    @Test
    void statusErrorsTrimTheBody() {
        HttpResponse r = new HttpResponse(500, new HashMap<>(), " No cluster leader\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("Unexpected response code: 500 (No cluster leader)", ConsulApiException.unexpectedStatus(r).getMessage());
    }

    @Test
    void unknownHost() throws Exception {
        try (ConsulHttpClient c = new ConsulHttpClient(AgentEndpoint.parse("no-such-host.invalid:8500", false), "", null,
                false, new HashMap<>())) {
            ConsulApiException e = org.junit.jupiter.api.Assertions.assertThrows(ConsulApiException.class,
                    () -> c.send("GET", "/v1/agent/members", null, null, null));
            assertEquals("Get \"http://no-such-host.invalid:8500/v1/agent/members\": dial tcp: lookup no-such-host.invalid: "
                    + "no such host", e.getMessage());
        }
    }
}
