package org.proconsul.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
