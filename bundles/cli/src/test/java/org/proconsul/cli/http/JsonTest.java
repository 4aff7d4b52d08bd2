package org.proconsul.cli.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static String syntaxError(String text) {
        return assertThrows(Json.SyntaxException.class, () -> Json.parse(text)).getMessage();
    }

    @Test
    void parsesDocuments() throws Exception {
        Object doc = Json.parse(" [{\"Key\":\"a\\u00e9\\n\",\"Flags\":18446744073709551615,\"Value\":null,"
                + "\"ok\":true,\"n\":[1.5e3,-0]}] ");
        Map<?, ?> m = (Map<?, ?>) ((List<?>) doc).get(0);
        assertEquals("aé\n", m.get("Key"));
        assertEquals("18446744073709551615", Long.toUnsignedString(Json.unsigned(m.get("Flags"))));
        assertNull(m.get("Value"));
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertNull(Json.unsigned(((List<?>) m.get("n")).get(0)));
    }

    @Test
    void goSyntaxErrors() {
        assertEquals("unexpected end of JSON input", syntaxError(""));
        assertEquals("unexpected end of JSON input", syntaxError("[{\"a\":1"));
        assertEquals("invalid character 'x' looking for beginning of value", syntaxError("x"));
        assertEquals("invalid character '}' looking for beginning of object key string", syntaxError("{\"a\":1,}"));
        assertEquals("invalid character ']' after object key", syntaxError("{\"a\"]"));
        assertEquals("invalid character 'x' after top-level value", syntaxError("[] x"));
        assertEquals("invalid character 'x' after array element", syntaxError("[1 x]"));
        assertEquals("invalid character 'u' in literal true (expecting 'r')", syntaxError("tu"));
    }

    @Test
    void quotesLikeGo() {
        assertEquals("\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\t\\u0001\\u2028é\"", Json.quote("a<b>&\"\\\n\t\u0001\u2028é"));
    }
}
