package org.proconsul.cli.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AgentEndpointTest {

    @Test
    void bareHostPortUsesSchemeFromSslSetting() throws Exception {
        AgentEndpoint e = AgentEndpoint.parse("127.0.0.1:8500", false);
        assertEquals("http", e.scheme());
        assertEquals("127.0.0.1", e.host());
        assertEquals(8500, e.port());
        assertEquals("https", AgentEndpoint.parse("10.0.0.1:8501", true).scheme());
    }

    @Test
    void explicitSchemesAndPrefix() throws Exception {
        AgentEndpoint e = AgentEndpoint.parse("https://consul.example:8501/proxy/path", false);
        assertTrue(e.tls());
        assertEquals("consul.example:8501", e.hostPort());
        assertEquals("/proxy/path", e.pathPrefix());
        assertEquals("https", AgentEndpoint.parse("http://h:1", true).scheme(), "never downgrades TLS");
        assertEquals(80, AgentEndpoint.parse("http://h", false).port());
        assertEquals(443, AgentEndpoint.parse("https://h", false).port());
    }

    @Test
    void ipv6AndUnix() throws Exception {
        AgentEndpoint v6 = AgentEndpoint.parse("[::1]:8500", false);
        assertEquals("::1", v6.host());
        assertEquals(8500, v6.port());
        AgentEndpoint unix = AgentEndpoint.parse("unix:///var/run/consul.sock", false);
        assertEquals("/var/run/consul.sock", unix.unixPath());
        assertEquals("http://%2Fvar%2Frun%2Fconsul.sock/v1/kv/a", unix.urlFor("/v1/kv/a"));
        assertNull(v6.unixPath());
    }

    @Test
    void unknownScheme() {
        assertEquals("Unknown protocol scheme: ftp",
                assertThrows(ConsulApiException.class, () -> AgentEndpoint.parse("ftp://x:1", false)).getMessage());
    }

    @Test
    void goUrlEscaping() {
        assertEquals("/v1/kv/a%20b/c:d@e+f%3Fg%25%21", GoUrl.escapePath("/v1/kv/a b/c:d@e+f?g%!"));
        assertEquals("a+b%2Fc%3D%26", GoUrl.queryEscape("a b/c=&"));
        java.util.TreeMap<String, String> q = new java.util.TreeMap<>();
        q.put("stale", "");
        q.put("dc", "dc 2");
        q.put("separator", "/");
        assertEquals("dc=dc+2&separator=%2F&stale=", GoUrl.encodeQuery(q));
    }

    @Test
    void ipv6Compression() {
        assertEquals("::1", GoNet.compressIpv6("0:0:0:0:0:0:0:1"));
        assertEquals("fe80::1:2", GoNet.compressIpv6("fe80:0:0:0:0:0:1:2"));
        assertEquals("1:0:2:0:3:0:4:0", GoNet.compressIpv6("1:0:2:0:3:0:4:0"));
        assertEquals("::", GoNet.compressIpv6("0:0:0:0:0:0:0:0"));
    }
}
