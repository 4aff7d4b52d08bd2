package org.proconsul.cli.config.hcl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class HclParserTest {

    private static Map<String, Object> parse(String s) throws HclException {
        return HclParser.parse(s);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> only(Object blockList) {
        HclObjectList l = assertInstanceOf(HclObjectList.class, blockList);
        assertEquals(1, l.size());
        return (Map<String, Object>) l.get(0);
    }

    @Test
    void scalarsOfEveryKind() throws Exception {
        Map<String, Object> m = parse("""
            s = "a \\"quoted\\" \\\\ \\t tab \\n nl \\u00e9 \\U0001F600 \\x41 \\101"
            i = 42
            n = -7
            h = 0x1F
            o = 017
            f = 1.5
            e = 1e3
            ne = -2.5E-1
            t = true
            fa = false
            "quoted key" = "v"
            dotted.key-name_1 = 1
            """);
        assertEquals("a \"quoted\" \\ \t tab \n nl é \uD83D\uDE00 A A", m.get("s"));
        assertEquals(42L, m.get("i"));
        assertEquals(-7L, m.get("n"));
        assertEquals(31L, m.get("h"));
        assertEquals(15L, m.get("o"));
        assertEquals(1.5, m.get("f"));
        assertEquals(1000.0, m.get("e"));
        assertEquals(-0.25, m.get("ne"));
        assertEquals(true, m.get("t"));
        assertEquals(false, m.get("fa"));
        assertEquals("v", m.get("quoted key"));
        assertEquals(1L, m.get("dotted.key-name_1"));
    }

    @Test
    void numberEdgeCases() throws Exception {
        Map<String, Object> m = parse("a = .5\nb = 1.\nc = 0\nd = -0x10");
        assertEquals(0.5, m.get("a"));
        assertEquals(1.0, m.get("b"));
        assertEquals(0L, m.get("c"));
        assertEquals(-16L, m.get("d"));
        assertEquals("At 1:5: illegal octal number", fails("a = 0159").getMessage());
        assertEquals("At 1:5: strconv.ParseInt: parsing \"99999999999999999999\": value out of range",
            fails("a = 99999999999999999999").getMessage());
    }

    @Test
    void commentsOfEveryKind() throws Exception {
        Map<String, Object> m = parse("""
            # hash comment
            a = 1 // trailing slash comment
            /* block
               comment */ b = 2
            c = /* inline */ 3
            """);
        assertEquals(Map.of("a", 1L, "b", 2L, "c", 3L), m);
    }

    @Test
    void laterAssignmentWins() throws Exception {
        assertEquals(Map.of("a", 2L), parse("a = 1\na = 2"));
    }

    @Test
    void itemsOnOneLineAndCommaSeparated() throws Exception {
        assertEquals(Map.of("a", 1L, "b", "x"), parse("a = 1 b = \"x\""));
        Map<String, Object> ports = only(parse("ports { http = 1, dns = 2, }").get("ports"));
        assertEquals(Map.of("http", 1L, "dns", 2L), ports);
    }

    @Test
    void lists() throws Exception {
        Map<String, Object> m = parse("""
            empty = []
            l = [1, "two", true,]
            nested = [[1, 2], [3]]
            multi = [
              "a",   # comment inside a list
              "b"
            ]
            objs = [{ a = 1 }, { b = { c = 2 } }]
            """);
        assertEquals(List.of(), m.get("empty"));
        assertEquals(List.of(1L, "two", true), m.get("l"));
        assertEquals(List.of(List.of(1L, 2L), List.of(3L)), m.get("nested"));
        assertEquals(List.of("a", "b"), m.get("multi"));
        List<?> objs = (List<?>) m.get("objs");
        assertEquals(Map.of("a", 1L), objs.get(0));
        // an object inside a list is a plain map, an object below that is wrapped again
        Map<?, ?> second = (Map<?, ?>) objs.get(1);
        assertEquals(Map.of("c", 2L), only(second.get("b")));
    }

    @Test
    void blocksAndObjectValuesBecomeObjectLists() throws Exception {
        Map<String, Object> m = parse("""
            ports { http = 8501 }
            addresses = { http = "0.0.0.0" }
            empty {}
            """);
        assertEquals(Map.of("http", 8501L), only(m.get("ports")));
        assertEquals(Map.of("http", "0.0.0.0"), only(m.get("addresses")));
        assertEquals(Map.of(), only(m.get("empty")));
    }

    @Test
    void repeatedBlocksAccumulate() throws Exception {
        Map<String, Object> m = parse("""
            service { name = "a" }
            service { name = "b" }
            check = { id = "c1" }
            check { id = "c2" }
            """);
        HclObjectList services = assertInstanceOf(HclObjectList.class, m.get("service"));
        assertEquals(List.of(Map.of("name", "a"), Map.of("name", "b")), services);
        assertEquals(2, ((List<?>) m.get("check")).size());
    }

    @Test
    void labelledBlocksNest() throws Exception {
        Map<String, Object> m = parse("""
            sink "My sink" { type = "file" }
            a "b" c { d = 1 }
            """);
        Map<String, Object> sink = only(m.get("sink"));
        assertEquals(Map.of("type", "file"), only(sink.get("My sink")));
        Map<String, Object> a = only(m.get("a"));
        Map<String, Object> b = only(a.get("b"));
        assertEquals(Map.of("d", 1L), only(b.get("c")));
    }

    @Test
    void heredocs() throws Exception {
        Map<String, Object> m = parse("""
            plain = <<EOF
            line one
              line two
            EOF
            indented = <<-EOT
                first
                  second
                EOT
            after = 1
            """);
        assertEquals("line one\n  line two\n", m.get("plain"));
        assertEquals("first\n  second\n", m.get("indented"));
        assertEquals(1L, m.get("after"));
    }

    @Test
    void indentedHeredocKeepsTextWhenLinesAreLessIndentedThanTheMarker() throws Exception {
        Map<String, Object> m = parse("x = <<-EOT\n  a\nb\n    EOT\n");
        assertEquals("  a\nb\n", m.get("x"));
    }

    @Test
    void interpolationsAreKeptVerbatim() throws Exception {
        Map<String, Object> m = parse("""
            claim_assertions = [
              "value.node_name == \\"${node}\\""
            ]
            t = "${lookup(var.x, "k")}-suffix"
            """);
        assertEquals(List.of("value.node_name == \"${node}\""), m.get("claim_assertions"));
        assertEquals("${lookup(var.x, \"k\")}-suffix", m.get("t"));
    }

    @Test
    void jsonDetection() {
        assertTrue(HclParser.looksLikeJson("  \n{\"a\": 1}"));
        assertFalse(HclParser.looksLikeJson("a = 1"));
        assertFalse(HclParser.looksLikeJson(""));
    }

    private static HclException fails(String doc) {
        return assertThrows(HclException.class, () -> HclParser.parse(doc));
    }

    @Test
    void errorsCarryLineAndColumn() {
        HclException e = fails("a = 1\nb = \"open\n");
        assertEquals(2, e.line());
        assertEquals(5, e.column());
        assertEquals("At 2:5: literal not terminated", e.getMessage());

        e = fails("a = 1\nb 2\n");
        assertEquals("At 2:3: expected: IDENT | STRING | ASSIGN | LBRACE got: NUMBER", e.getMessage());

        e = fails("x = [1 2]");
        assertEquals("At 1:8: error parsing list, expected comma or list end, got: NUMBER", e.getMessage());

        e = fails("ports {\n  http = 1\n");
        assertEquals("At 3:1: object expected closing RBRACE got: EOF", e.getMessage());

        e = fails("a \"b\" = 1");
        assertEquals("At 1:7: nested object expected: LBRACE got: ASSIGN", e.getMessage());

        e = fails("x = <<EOF\nnever closed\n");
        assertEquals("At 1:5: heredoc not terminated", e.getMessage());

        e = fails("/* open");
        assertEquals("At 1:1: comment not terminated", e.getMessage());

        e = fails("x = \"\\q\"");
        assertEquals("At 1:6: illegal char escape", e.getMessage());

        e = fails("x = ident");
        assertEquals("At 1:5: Unknown token: IDENT ident", e.getMessage());

        e = fails("node_name");
        assertEquals("At 1:1: key 'node_name' expected start of object ('{') or assignment ('=')", e.getMessage());

        e = fails("}");
        assertEquals(1, e.line());
    }

    @Test
    void colonIsNotAnAssignmentInHcl1() {
        // Consul's health check page shows `"id": "mem"` inside an HCL block; HCL 1 (and so Consul) rejects it.
        HclException e = fails("check = {\n  \"id\": \"mem\"\n}");
        assertEquals(2, e.line());
        assertEquals("At 2:7: illegal char ':'", e.getMessage());
    }

    // ------------------------------------------------------------------ Consul documentation examples

    @Test
    void consulDocsExampleConfigurationFile() throws Exception {
        Map<String, Object> m = parse("""
            datacenter = "east-aws"
            data_dir = "/opt/consul"
            log_level = "INFO"
            node_name = "foobar"
            server = true
            watches = [
              {
                type = "checks"
                handler = "/usr/bin/health-check-handler.sh"
              }
            ]

            telemetry {
              statsite_address = "127.0.0.1:2180"
            }
            """);
        assertEquals("east-aws", m.get("datacenter"));
        assertEquals(true, m.get("server"));
        assertEquals(List.of(Map.of("type", "checks", "handler", "/usr/bin/health-check-handler.sh")), m.get("watches"));
        assertEquals(Map.of("statsite_address", "127.0.0.1:2180"), only(m.get("telemetry")));
    }

    @Test
    void consulDocsAuditExample() throws Exception {
        Map<String, Object> m = parse("""
            audit {
              enabled = true
              sink "My sink" {
                type   = "file"
                format = "json"
                path   = "data/audit/audit.json"
                delivery_guarantee = "best-effort"
                rotate_duration = "24h"
                rotate_max_files = 15
                rotate_bytes = 25165824
              }
            }
            """);
        Map<String, Object> audit = only(m.get("audit"));
        Map<String, Object> sink = only(only(audit.get("sink")).get("My sink"));
        assertEquals(25165824L, sink.get("rotate_bytes"));
    }

    @Test
    void consulDocsTlsExample() throws Exception {
        Map<String, Object> m = parse("""
            datacenter = "east-aws"
            data_dir = "/opt/consul"
            log_level = "INFO"
            node_name = "foobar"
            server = true

            addresses = {
              https = "0.0.0.0"
            }
            ports {
              https = 8501
            }

            tls {
              defaults {
                key_file = "/etc/pki/tls/private/my.key"
                cert_file = "/etc/pki/tls/certs/my.crt"
                ca_file = "/etc/pki/tls/certs/ca-bundle.crt"
                verify_incoming = true
                verify_outgoing = true
              }

              internal_rpc {
                verify_server_hostname = true
              }
            }
            """);
        assertEquals(Map.of("https", 8501L), only(m.get("ports")));
        Map<String, Object> tls = only(m.get("tls"));
        assertEquals(true, only(tls.get("internal_rpc")).get("verify_server_hostname"));
    }

    @Test
    void consulDocsHttpCheckExample() throws Exception {
        Map<String, Object> m = parse("""
            check = {
              id = "api"
              name = "HTTP API on port 5000"
              http = "https://localhost:5000/health"
              tls_server_name =  ""
              tls_skip_verify = false
              method = "POST"
              header = {
                 Content-Type =  ["application/json"]
              }
              body = "{\\"method\\":\\"health\\"}"
              interval =  "10s"
              timeout =  "1s"
            }
            """);
        Map<String, Object> check = only(m.get("check"));
        assertEquals("{\"method\":\"health\"}", check.get("body"));
        assertEquals(List.of("application/json"), only(check.get("header")).get("Content-Type"));
    }

    @Test
    void consulDocsMultipleServicesExample() throws Exception {
        Map<String, Object> m = parse("""
            services {
              id = "red0"
              name = "redis"
              tags = [
                "primary"
              ]
              address = ""
              port = 6000
              checks = [
                {
                  args = ["/bin/check_redis", "-p", "6000"]
                  interval = "5s"
                  timeout = "20s"
                }
              ]
            }
            services {
              id = "red1"
              name = "redis"
              tags = [
                "delayed",
                "secondary"
              ]
              address = ""
              port = 7000
              checks = [
                {
                  args = ["/bin/check_redis", "-p", "7000"]
                  interval = "30s"
                  timeout = "60s"
                }
              ]
            }
            """);
        List<?> services = (List<?>) m.get("services");
        assertEquals(2, services.size());
        assertEquals("red1", ((Map<?, ?>) services.get(1)).get("id"));
    }

    @Test
    void consulDocsServiceWithTaggedAddresses() throws Exception {
        Map<String, Object> m = parse("""
            service {
              name = "redis"
              id   = "redis"
              port = 80
              tags = ["primary"]

              meta = {
                custom_meta_key = "custom_meta_value"
              }

              tagged_addresses = {
                lan = {
                  address = "192.168.0.55"
                  port    = 8000
                }

                wan = {
                  address = "198.18.0.23"
                  port    = 80
                }
              }
            }
            """);
        Map<String, Object> svc = only(m.get("service"));
        Map<String, Object> tagged = only(svc.get("tagged_addresses"));
        assertEquals(8000L, only(tagged.get("lan")).get("port"));
    }
}
