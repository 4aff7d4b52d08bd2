package org.proconsul.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code encoding/json}, as far as Consul's CLI needs it: a reader that fails the way Go's fails,
 * because Consul puts that error text into its own messages ({@code failed to parse a.json: invalid character
 * '}' looking for beginning of object key string}, {@code Cannot unmarshal data: unexpected end of JSON
 * input}), and a string writer that escapes as Go's encoder does.
 *
 * <p>Values come back as Go's {@code interface{}} decoding has them: objects as insertion-ordered maps
 * (a repeated key keeps its first position and its last value), arrays as lists, strings, booleans and
 * {@code null}. Numbers depend on the caller, as in Go: {@link #parse} gives every number as a {@link Double}
 * (Go's float64, what the agent config is decoded into); {@link #parseUsingNumber} keeps the literal text as
 * a {@link Number}, like a Go decoder with {@code UseNumber()}, so the 64-bit unsigned fields of the HTTP API
 * and of {@code kv import} survive. It works on the UTF-8 bytes, as Go's scanner does, so an unexpected
 * non-ASCII byte is reported the way Go reports it.
 */
public final class GoJson {

    /** Go's {@code json.Number}: a JSON number kept as its literal text. */
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

    /** A Go {@code json.SyntaxError} or unmarshal error; the message is Go's. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] in;
    private final boolean useNumber;
    private int pos;

    private GoJson(byte[] in, boolean useNumber) {
        this.in = in;
        this.useNumber = useNumber;
    }

    /** Parses one JSON value, numbers as {@link Double}; the whole input must be that value plus white space. */
    public static Object parse(byte[] input) throws JsonException {
        return parse(input, false);
    }

    public static Object parse(String input) throws JsonException {
        return parse(input.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses one JSON value, numbers as {@link Number}; the whole input must be that value plus white space. */
    public static Object parseUsingNumber(byte[] input) throws JsonException {
        return parse(input, true);
    }

    public static Object parseUsingNumber(String input) throws JsonException {
        return parseUsingNumber(input.getBytes(StandardCharsets.UTF_8));
    }

    private static Object parse(byte[] input, boolean useNumber) throws JsonException {
        GoJson p = new GoJson(input, useNumber);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.pos < p.in.length) {
            throw p.invalid("after top-level value");
        }
        return v;
    }

    /**
     * Parses a document that Consul unmarshals into {@code map[string]interface{}}: a top-level array,
     * string, number or boolean fails as Go's unmarshal does; {@code null} gives an empty map.
     */
    public static Map<String, Object> parseObject(byte[] input) throws JsonException {
        Object v = parse(input);
        if (v == null) {
            return new LinkedHashMap<>();
        }
        if (v instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) v;
            return m;
        }
        String kind = v instanceof List ? "array" : v instanceof String ? "string" : v instanceof Boolean ? "bool" : "number";
        throw new JsonException("json: cannot unmarshal " + kind + " into Go value of type map[string]interface {}");
    }

    private void skipSpace() {
        while (pos < in.length) {
            byte c = in[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                break;
            }
        }
    }

    private JsonException eof() {
        return new JsonException("unexpected end of JSON input");
    }

    private JsonException invalid(String context) {
        return new JsonException("invalid character " + quoteChar(in[pos]) + " " + context);
    }

    /** Go's {@code quoteChar}: the byte read as a rune (so 0xC3 prints as 'Ã'), in single quotes. */
    private static String quoteChar(byte b) {
        int c = b & 0xff;
        if (c == '\'') {
            return "'\\''";
        }
        if (c == '"') {
            return "'\"'";
        }
        String q = GoText.quote(new String(Character.toChars(c)));
        return "'" + q.substring(1, q.length() - 1) + "'";
    }

    private Object value() throws JsonException {
        if (pos >= in.length) {
            throw eof();
        }
        byte c = in[pos];
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string("in string literal");
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
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw invalid("looking for beginning of value");
        }
    }

    private Map<String, Object> object() throws JsonException {
        pos++; // {
        Map<String, Object> m = new LinkedHashMap<>();
        skipSpace();
        if (pos >= in.length) {
            throw eof();
        }
        if (in[pos] == '}') {
            pos++;
            return m;
        }
        while (true) {
            if (pos >= in.length) {
                throw eof();
            }
            if (in[pos] != '"') {
                throw invalid("looking for beginning of object key string");
            }
            String key = string("in string literal");
            skipSpace();
            if (pos >= in.length) {
                throw eof();
            }
            if (in[pos] != ':') {
                throw invalid("after object key");
            }
            pos++;
            skipSpace();
            Object v = value();
            m.put(key, v);
            skipSpace();
            if (pos >= in.length) {
                throw eof();
            }
            if (in[pos] == ',') {
                pos++;
                skipSpace();
                continue;
            }
            if (in[pos] == '}') {
                pos++;
                return m;
            }
            throw invalid("after object key:value pair");
        }
    }

    private List<Object> array() throws JsonException {
        pos++; // [
        List<Object> l = new ArrayList<>();
        skipSpace();
        if (pos >= in.length) {
            throw eof();
        }
        if (in[pos] == ']') {
            pos++;
            return l;
        }
        while (true) {
            l.add(value());
            skipSpace();
            if (pos >= in.length) {
                throw eof();
            }
            if (in[pos] == ',') {
                pos++;
                skipSpace();
                continue;
            }
            if (in[pos] == ']') {
                pos++;
                return l;
            }
            throw invalid("after array element");
        }
    }

    private void literal(String word) throws JsonException {
        // the first byte already matched
        pos++;
        for (int i = 1; i < word.length(); i++) {
            if (pos >= in.length) {
                throw eof();
            }
            if (in[pos] != word.charAt(i)) {
                throw invalid("in literal " + word + " (expecting '" + word.charAt(i) + "')");
            }
            pos++;
        }
    }

    private Object number() throws JsonException {
        int start = pos;
        if (in[pos] == '-') {
            pos++;
            if (pos >= in.length) {
                throw eof();
            }
            if (!(in[pos] >= '0' && in[pos] <= '9')) {
                throw invalid("in numeric literal");
            }
        }
        if (in[pos] == '0') {
            pos++;
        } else {
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
        }
        if (pos < in.length && in[pos] == '.') {
            pos++;
            if (pos >= in.length) {
                throw eof();
            }
            if (!(in[pos] >= '0' && in[pos] <= '9')) {
                throw invalid("after decimal point in numeric literal");
            }
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
        }
        if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
            pos++;
            if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            if (pos >= in.length) {
                throw eof();
            }
            if (!(in[pos] >= '0' && in[pos] <= '9')) {
                throw invalid("in exponent of numeric literal");
            }
            while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
        }
        String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        if (useNumber) {
            return new Number(text);
        }
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            throw new JsonException("json: cannot unmarshal number " + text + " into Go value of type float64");
        }
        return d;
    }

    private String string(String context) throws JsonException {
        pos++; // opening quote
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            if (pos >= in.length) {
                throw eof();
            }
            int c = in[pos] & 0xff;
            if (c == '"') {
                pos++;
                return new String(buf.toByteArray(), StandardCharsets.UTF_8);
            }
            if (c < 0x20) {
                throw invalid(context);
            }
            if (c == '\\') {
                pos++;
                if (pos >= in.length) {
                    throw eof();
                }
                int e = in[pos];
                switch (e) {
                    case '"', '\\', '/' -> buf.write(e);
                    case 'b' -> buf.write('\b');
                    case 'f' -> buf.write('\f');
                    case 'n' -> buf.write('\n');
                    case 'r' -> buf.write('\r');
                    case 't' -> buf.write('\t');
                    case 'u' -> {
                        int cp = hex4();
                        if (Character.isHighSurrogate((char) cp) && pos + 6 <= in.length
                            && in[pos] == '\\' && in[pos + 1] == 'u') {
                            int save = pos;
                            pos++;
                            int low = hex4();
                            if (Character.isLowSurrogate((char) low)) {
                                cp = Character.toCodePoint((char) cp, (char) low);
                            } else {
                                pos = save;
                                cp = 0xfffd;
                            }
                        } else if (Character.isSurrogate((char) cp)) {
                            cp = 0xfffd;
                        }
                        byte[] bytes = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                        buf.write(bytes, 0, bytes.length);
                        continue;
                    }
                    default -> throw invalid("in string escape code");
                }
                pos++;
                continue;
            }
            buf.write(c);
            pos++;
        }
    }

    /** Reads the four hex digits after a \\u (pos is on the 'u'); leaves pos after them. */
    private int hex4() throws JsonException {
        pos++; // u
        int v = 0;
        for (int i = 0; i < 4; i++) {
            if (pos >= in.length) {
                throw eof();
            }
            int d = Character.digit(in[pos] & 0xff, 16);
            if (d < 0 || (in[pos] & 0xff) > 0x7f) {
                throw invalid("in \\u hexadecimal character escape");
            }
            v = v * 16 + d;
            pos++;
        }
        return v;
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
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseUnsignedLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * A decoded value written as Go's {@code json.MarshalIndent(v, "", indent)} writes it: objects keep their
     * field order, empty arrays and objects stay on one line, numbers keep their literal text.
     */
    public static String indent(Object value, String indent) {
        StringBuilder b = new StringBuilder();
        writeIndented(b, value, indent, 0);
        return b.toString();
    }

    private static void writeIndented(StringBuilder b, Object v, String indent, int depth) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String str) {
            b.append(quote(str));
        } else if (v instanceof Boolean || v instanceof Number || v instanceof java.lang.Number) {
            b.append(v instanceof Number n ? n.text() : v.toString());
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(indent.repeat(depth + 1)).append(quote(String.valueOf(e.getKey()))).append(": ");
                writeIndented(b, e.getValue(), indent, depth + 1);
                b.append(++i < m.size() ? ",\n" : "\n");
            }
            b.append(indent.repeat(depth)).append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                b.append(indent.repeat(depth + 1));
                writeIndented(b, l.get(i), indent, depth + 1);
                b.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            b.append(indent.repeat(depth)).append(']');
        } else {
            b.append(quote(v.toString()));
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
