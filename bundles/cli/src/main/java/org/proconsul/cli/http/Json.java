package org.proconsul.cli.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader and a Go-compatible string writer.
 *
 * <p>{@link #parse(String)} turns a document into {@code Map<String,Object>} (insertion ordered),
 * {@code List<Object>}, {@code String}, {@code Boolean}, {@link Number} or {@code null}; syntax errors carry
 * the wording of Go's {@code encoding/json} ("invalid character 'x' looking for beginning of value",
 * "unexpected end of JSON input"), since Consul prints them verbatim. {@link #quote(String)} escapes like Go's
 * encoder, HTML-safe characters included, so exported documents are byte-identical to Consul's.
 */
public final class Json {

    /** A JSON number kept as its literal text, so 64-bit unsigned values survive. */
    public static final class Number {
        private final String text;

        Number(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A syntax error; the message is Go's. */
    public static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message, null, false, false);
        }
    }

    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    public static Object parse(String text) throws SyntaxException {
        Json p = new Json(text);
        p.skipSpace();
        if (p.pos >= p.s.length()) {
            throw new SyntaxException("unexpected end of JSON input");
        }
        Object v = p.value();
        p.skipSpace();
        if (p.pos < p.s.length()) {
            throw p.invalid("after top-level value");
        }
        return v;
    }

    private Object value() throws SyntaxException {
        if (pos >= s.length()) {
            throw new SyntaxException("unexpected end of JSON input");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw invalid("looking for beginning of value");
        }
    }

    private Map<String, Object> object() throws SyntaxException {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return m;
        }
        while (true) {
            skipSpace();
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected end of JSON input");
            }
            if (s.charAt(pos) != '"') {
                throw invalid("looking for beginning of object key string");
            }
            String key = string();
            skipSpace();
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected end of JSON input");
            }
            if (s.charAt(pos) != ':') {
                throw invalid("after object key");
            }
            pos++;
            skipSpace();
            m.put(key, value());
            skipSpace();
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected end of JSON input");
            }
            char c = s.charAt(pos);
            if (c == ',') {
                pos++;
            } else if (c == '}') {
                pos++;
                return m;
            } else {
                throw invalid("after object key:value pair");
            }
        }
    }

    private List<Object> array() throws SyntaxException {
        List<Object> l = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return l;
        }
        while (true) {
            skipSpace();
            l.add(value());
            skipSpace();
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected end of JSON input");
            }
            char c = s.charAt(pos);
            if (c == ',') {
                pos++;
            } else if (c == ']') {
                pos++;
                return l;
            } else {
                throw invalid("after array element");
            }
        }
    }

    private String string() throws SyntaxException {
        pos++;
        StringBuilder b = null;
        int start = pos;
        while (true) {
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected end of JSON input");
            }
            char c = s.charAt(pos);
            if (c == '"') {
                String tail = s.substring(start, pos);
                pos++;
                return b == null ? tail : b.append(tail).toString();
            }
            if (c < 0x20) {
                throw invalid("in string literal");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (b == null) {
                b = new StringBuilder();
            }
            b.append(s, start, pos);
            pos++;
            if (pos >= s.length()) {
                throw new SyntaxException("unexpected end of JSON input");
            }
            char e = s.charAt(pos);
            switch (e) {
                case '"': b.append('"'); break;
                case '\\': b.append('\\'); break;
                case '/': b.append('/'); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    int cp = 0;
                    for (int i = 1; i <= 4; i++) {
                        if (pos + i >= s.length()) {
                            throw new SyntaxException("unexpected end of JSON input");
                        }
                        int d = Character.digit(s.charAt(pos + i), 16);
                        if (d < 0 || s.charAt(pos + i) > 0x7f) {
                            pos += i;
                            throw invalid("in \\u hexadecimal character escape");
                        }
                        cp = cp * 16 + d;
                    }
                    b.append((char) cp);
                    pos += 4;
                    break;
                default:
                    throw invalid("in string escape code");
            }
            pos++;
            start = pos;
        }
    }

    private Number number() throws SyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            return failNumber();
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                return failNumber();
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                return failNumber();
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        return new Number(s.substring(start, pos));
    }

    private Number failNumber() throws SyntaxException {
        if (pos >= s.length()) {
            throw new SyntaxException("unexpected end of JSON input");
        }
        throw invalid("in numeric literal");
    }

    private void literal(String word) throws SyntaxException {
        for (int i = 0; i < word.length(); i++) {
            if (pos + i >= s.length()) {
                throw new SyntaxException("unexpected end of JSON input");
            }
            if (s.charAt(pos + i) != word.charAt(i)) {
                pos += i;
                throw invalid("in literal " + word + " (expecting " + quoteChar(word.charAt(i)) + ")");
            }
        }
        pos += word.length();
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipSpace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private SyntaxException invalid(String context) {
        return new SyntaxException("invalid character " + quoteChar(s.codePointAt(pos)) + " " + context);
    }

    private static String quoteChar(int c) {
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        String q = org.proconsul.cli.GoText.quote(new String(Character.toChars(c)));
        return "'" + q.substring(1, q.length() - 1) + "'";
    }

    /** Go's JSON type name of a decoded value, used in "cannot unmarshal X into ..." messages. */
    public static String kindOf(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "object";
        }
        if (v instanceof List) {
            return "array";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        return "number";
    }

    /**
     * The value as an unsigned 64-bit integer, or null when it is not a JSON number that fits ({@code -1},
     * {@code 1.5} and {@code 1e3} do not, as in Go's decoder).
     */
    public static Long unsigned(Object v) {
        if (!(v instanceof Number)) {
            return null;
        }
        String t = ((Number) v).text;
        for (int i = 0; i < t.length(); i++) {
            if (!isDigit(t.charAt(i))) {
                return null;
            }
        }
        try {
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A JSON string literal escaped exactly as Go's {@code encoding/json} does (HTML escaping on). */
    public static String quote(String v) {
        StringBuilder b = new StringBuilder(v.length() + 2);
        b.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                case '<': b.append("\\u003c"); break;
                case '>': b.append("\\u003e"); break;
                case '&': b.append("\\u0026"); break;
                case '\u2028': b.append("\\u2028"); break;
                case '\u2029': b.append("\\u2029"); break;
                default:
                    if (c < 0x20) {
                        b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
                    } else if (Character.isSurrogate(c)) {
                        // Unpaired surrogates cannot come from valid UTF-8; Go writes U+FFFD for invalid input.
                        if (Character.isHighSurrogate(c) && i + 1 < v.length() && Character.isLowSurrogate(v.charAt(i + 1))) {
                            b.append(c).append(v.charAt(++i));
                        } else {
                            b.append("\ufffd");
                        }
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }
}
