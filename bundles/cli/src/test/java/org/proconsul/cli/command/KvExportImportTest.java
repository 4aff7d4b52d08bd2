package org.proconsul.cli.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.proconsul.cli.CliRun;
import org.proconsul.cli.FakeAgent;
import org.proconsul.cli.GoBase64;

class KvExportImportTest {
    @RegisterExtension
    final FakeAgent agent = FakeAgent.perTest();

    @Test
    void exportPrintsTabIndentedGoJson() {
        agent.put("app/a", "hello".getBytes(StandardCharsets.UTF_8), 7, "");
        agent.put("app/<b>&", new byte[0], 0, "");
        agent.put("zzz", "x");
        CliRun r = CliRun.run(agent, "kv", "export", "app/");
        assertEquals(0, r.code, r.toString());
        assertEquals("[\n"
                + "\t{\n"
                + "\t\t\"key\": \"app/\\u003cb\\u003e\\u0026\",\n"
                + "\t\t\"flags\": 0,\n"
                + "\t\t\"value\": \"\"\n"
                + "\t},\n"
                + "\t{\n"
                + "\t\t\"key\": \"app/a\",\n"
                + "\t\t\"flags\": 7,\n"
                + "\t\t\"value\": \"aGVsbG8=\"\n"
                + "\t}\n"
                + "]\n", r.out);
        assertEquals("/v1/kv/app/?recurse=", agent.last().target());
    }

    @Test
    void exportOfNothingIsEmptyArray() {
        CliRun r = CliRun.run(agent, "kv", "export", "none/");
        assertEquals(0, r.code);
        assertEquals("[]\n", r.out);
    }

    @Test
    void roundTripThroughFileWithPrefix(@TempDir Path dir) throws Exception {
        byte[] binary = {0, 1, (byte) 0xfe, (byte) 0xff};
        agent.put("cfg/a", "1").put("cfg/dir/", new byte[0], 3, "").put("cfg/bin", binary, 9, "");
        CliRun export = CliRun.run(agent, "kv", "export", "cfg");
        Path file = dir.resolve("dump.json");
        Files.write(file, export.outBytes);

        CliRun imp = CliRun.run(agent, "kv", "import", "-prefix=backup", "@" + file);
        assertEquals(0, imp.code, imp.toString());
        assertEquals("Imported: backup/cfg/a\nImported: backup/cfg/bin\nImported: backup/cfg/dir/\n", imp.out);
        assertArrayEquals(binary, agent.value("backup/cfg/bin"));
        assertEquals(9, agent.flags("backup/cfg/bin"));
        assertEquals(3, agent.flags("backup/cfg/dir/"));

        CliRun again = CliRun.run(agent, "kv", "export", "backup/");
        assertEquals(export.out.replace("\"cfg/", "\"backup/cfg/"), again.out);
    }

    @Test
    void importFromStdinAndInline() {
        Map<String, String> env = new HashMap<>();
        env.put("CONSUL_HTTP_ADDR", agent.address());
        byte[] doc = "[{\"key\":\"s/1\",\"flags\":0,\"value\":\"YQ==\"}]".getBytes(StandardCharsets.UTF_8);
        CliRun r = CliRun.run(env, doc, "kv", "import", "-");
        assertEquals("Imported: s/1\n", r.out, r.toString());
        CliRun inline = CliRun.run(agent, "kv", "import", "[{\"Key\":\"i\",\"Value\":\"Yg==\"}]");
        assertEquals("Imported: i\n", inline.out, inline.toString());
        assertEquals(Set.of("s/1", "i"), agent.keys());
    }

    @Test
    void importErrors() {
        assertEquals("Error! Missing DATA argument\n", CliRun.run(agent, "kv", "import").err);
        assertEquals("Error! Empty DATA argument\n", CliRun.run(agent, "kv", "import", "").err);
        assertEquals("Error! Too many arguments (expected 1, got 2)\n", CliRun.run(agent, "kv", "import", "a", "b").err);
        assertEquals("Cannot unmarshal data: invalid character 'o' in literal null (expecting 'u')\n",
                CliRun.run(agent, "kv", "import", "not json").err);
        assertEquals("Cannot unmarshal data: invalid character 'x' looking for beginning of value\n",
                CliRun.run(agent, "kv", "import", "x").err);
        assertEquals("Cannot unmarshal data: json: cannot unmarshal object into Go value of type []*impexp.Entry\n",
                CliRun.run(agent, "kv", "import", "{}").err);
        assertEquals("Cannot unmarshal data: json: cannot unmarshal string into Go struct field Entry.flags of type "
                + "uint64\n", CliRun.run(agent, "kv", "import", "[{\"key\":\"a\",\"flags\":\"1\"}]").err);
        CliRun b64 = CliRun.run(agent, "kv", "import", "[{\"key\":\"ok\",\"value\":\"YQ==\"},{\"key\":\"k\",\"value\":\"!!\"}]");
        assertEquals(1, b64.code);
        assertEquals("Imported: ok\n", b64.out);
        assertEquals("Error base 64 decoding value for key k: illegal base64 data at input byte 0\n", b64.err);
        agent.respond("PUT", "/v1/kv/w", 500, "No cluster leader");
        assertEquals("Error! Failed writing data for key w: Unexpected response code: 500 (No cluster leader)\n",
                CliRun.run(agent, "kv", "import", "[{\"key\":\"w\",\"value\":\"\"}]").err);
    }

    @Test
    void goPathRules() {
        assertEquals("a/b", KvImportCommand.joinPath("a/", "/b"));
        assertEquals("b", KvImportCommand.joinPath("", "b/"));
        assertEquals("", KvImportCommand.joinPath("", ""));
        assertEquals("x", KvImportCommand.joinPath("", "a/../x"));
        assertEquals("/a", KvImportCommand.cleanPath("//a/./"));
        assertEquals("..", KvImportCommand.cleanPath("a/../.."));
        assertTrue(KvImportCommand.cleanPath("/..").equals("/"));
    }

    @Test
    void goBase64Strictness() throws Exception {
        assertEquals("hi", new String(GoBase64.decode("aGk=".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8));
        assertEquals("hi", new String(GoBase64.decode("aG\nk=\r\n".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8));
        assertEquals("h", new String(GoBase64.decode("aG==".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.UTF_8));
        assertEquals("illegal base64 data at input byte 1", fail("a==="));
        assertEquals("illegal base64 data at input byte 0", fail("aGk"));
        assertEquals("illegal base64 data at input byte 4", fail("aGk=x"));
        assertEquals("illegal base64 data at input byte 1", fail("a*Gk"));
    }

    private static String fail(String s) {
        try {
            GoBase64.decode(s.getBytes(StandardCharsets.US_ASCII));
            return "decoded";
        } catch (GoBase64.CorruptInputException e) {
            return e.getMessage();
        }
    }
}
