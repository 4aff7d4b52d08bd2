package org.proconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GoJsonTest {

    @Test
    void readsValuesAsGoInterfaceDecodingDoes() throws Exception {
        Object v = GoJson.parse("{\"a\": 1, \"b\": [true, null, \"x\\u00e9\\n\"], \"c\": {\"d\": -2.5e3}}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(1.0, m.get("a"));
        assertEquals(java.util.Arrays.asList(true, null, "xé\n"), m.get("b"));
        assertEquals(-2500.0, ((Map<?, ?>) m.get("c")).get("d"));
        assertEquals(List.of("a", "b", "c"), List.copyOf(m.keySet()));
    }

    @Test
    void laterDuplicateKeyWins() throws Exception {
        assertEquals(Map.of("a", 2.0), GoJson.parse("{\"a\":1,\"a\":2}"));
    }

    @Test
    void surrogatePairs() throws Exception {
        assertEquals("\uD83D\uDE00", GoJson.parse("\"\\ud83d\\ude00\""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"a\" 1}            | invalid character '1' after object key",
        "{\"a\":1 \"b\":2}     | invalid character '\"' after object key:value pair",
        "{\"a\":1,}           | invalid character '}' looking for beginning of object key string",
        "{a:1}                | invalid character 'a' looking for beginning of object key string",
        "[1 2]                | invalid character '2' after array element",
        "[1,]                 | invalid character ']' looking for beginning of value",
        "{\"a\":tru}          | invalid character '}' in literal true (expecting 'e')",
        "{\"a\":nul1}         | invalid character '1' in literal null (expecting 'l')",
        "{\"a\":-x}           | invalid character 'x' in numeric literal",
        "{\"a\":1.}           | invalid character '}' after decimal point in numeric literal",
        "{\"a\":1e}           | invalid character '}' in exponent of numeric literal",
        "{\"a\":01}           | invalid character '1' after object key:value pair",
        "{\"a\":\"\\q\"}      | invalid character 'q' in string escape code",
        "{\"a\":\"\\u12x4\"}  | invalid character 'x' in \\u hexadecimal character escape",
        "{} {}                | invalid character '{' after top-level value",
        "{\"a\":'x'}          | invalid character '\\'' looking for beginning of value",
        "{                    | unexpected end of JSON input",
        "{\"a\":              | unexpected end of JSON input",
        "`   `                | unexpected end of JSON input",
    })
    void failsWithGoMessages(String input, String message) {
        GoJson.JsonException e = assertThrows(GoJson.JsonException.class, () -> GoJson.parse(input));
        assertEquals(message, e.getMessage());
    }

    @Test
    void controlCharacterInString() {
        GoJson.JsonException e = assertThrows(GoJson.JsonException.class, () -> GoJson.parse("\"a\tb\""));
        assertEquals("invalid character '\\t' in string literal", e.getMessage());
    }

    @Test
    void nonAsciiByteIsReportedAsGoReportsIt() {
        GoJson.JsonException e = assertThrows(GoJson.JsonException.class, () -> GoJson.parse("{é}"));
        assertEquals("invalid character 'Ã' looking for beginning of object key string", e.getMessage());
    }

    @Test
    void topLevelMustBeAnObject() throws Exception {
        assertTrue(GoJson.parseObject("null".getBytes()).isEmpty());
        GoJson.JsonException e = assertThrows(GoJson.JsonException.class, () -> GoJson.parseObject("[1]".getBytes()));
        assertEquals("json: cannot unmarshal array into Go value of type map[string]interface {}", e.getMessage());
        e = assertThrows(GoJson.JsonException.class, () -> GoJson.parseObject("\"x\"".getBytes()));
        assertEquals("json: cannot unmarshal string into Go value of type map[string]interface {}", e.getMessage());
    }


    // the client reads with UseNumber (uint64 fields) and writes with Go's escaping

    private static String syntaxError(String text) {
        return assertThrows(GoJson.JsonException.class, () -> GoJson.parseUsingNumber(text)).getMessage();
    }

    @Test
    void parsesDocuments() throws Exception {
        Object doc = GoJson.parseUsingNumber(" [{\"Key\":\"a\\u00e9\\n\",\"Flags\":18446744073709551615,\"Value\":null,"
                + "\"ok\":true,\"n\":[1.5e3,-0]}] ");
        Map<?, ?> m = (Map<?, ?>) ((List<?>) doc).get(0);
        assertEquals("aé\n", m.get("Key"));
        assertEquals("18446744073709551615", Long.toUnsignedString(GoJson.unsigned(m.get("Flags"))));
        assertNull(m.get("Value"));
        assertEquals(Boolean.TRUE, m.get("ok"));
        assertNull(GoJson.unsigned(((List<?>) m.get("n")).get(0)));
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
        assertEquals("\"a\\u003cb\\u003e\\u0026\\\"\\\\\\n\\t\\u0001\\u2028é\"", GoJson.quote("a<b>&\"\\\n\t\u0001\u2028é"));
    }
}
