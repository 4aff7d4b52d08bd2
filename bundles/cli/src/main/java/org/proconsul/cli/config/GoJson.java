package org.proconsul.cli.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON reader that fails the way Go's {@code encoding/json} fails, because Consul puts that error text
 * into its own message ({@code failed to parse a.json: invalid character '}' looking for beginning of
 * object key string}).
 *
 * <p>Values come back as Go's {@code interface{}} decoding has them: objects as insertion-ordered maps
 * (a repeated key keeps its first position and its last value), arrays as lists, every number as a
 * {@link Double} (Go's float64), strings, booleans and {@code null}. It works on the UTF-8 bytes, as Go's
 * scanner does, so an unexpected non-ASCII byte is reported the way Go reports it.
 */
final class GoJson {

    /** A Go {@code json.SyntaxError} or unmarshal error; the message is Go's. */
    static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message);
        }
    }

    private final byte[] in;
    private int pos;

    private GoJson(byte[] in) {
        this.in = in;
    }

    /** Parses one JSON value; the whole input must be that value plus white space. */
    static Object parse(byte[] input) throws JsonException {
        GoJson p = new GoJson(input);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.pos < p.in.length) {
            throw p.invalid("after top-level value");
        }
        return v;
    }

    static Object parse(String input) throws JsonException {
        return parse(input.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a document that Consul unmarshals into {@code map[string]interface{}}: a top-level array,
     * string, number or boolean fails as Go's unmarshal does; {@code null} gives an empty map.
     */
    static Map<String, Object> parseObject(byte[] input) throws JsonException {
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
    static String quoteChar(byte b) {
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

    private Double number() throws JsonException {
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
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d)) {
            throw new JsonException("json: cannot unmarshal number " + text + " into Go value of type float64");
        }
        return d;
    }

    private String string(String context) throws JsonException {
        pos++; // opening quote
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
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
}
