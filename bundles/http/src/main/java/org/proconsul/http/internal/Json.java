package org.proconsul.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Writes JSON bodies with Jackson's streaming generator, compact or Go-indented. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** Writes one value to a generator. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private Json() {
    }

    /**
     * A parse failure as one line in the words of Go's decoder, which clients and scripts show: Jackson's
     * own messages span lines and name its internals.
     */
    /** An object's field matched without regard to case, as Go's decoder matches struct fields; null if absent. */
    static com.fasterxml.jackson.databind.JsonNode field(com.fasterxml.jackson.databind.JsonNode object, String name) {
        com.fasterxml.jackson.databind.JsonNode found = null;
        for (var it = object.fields(); it.hasNext();) {
            var f = it.next();
            if (f.getKey().equalsIgnoreCase(name)) {
                found = f.getValue();
                if (f.getKey().equals(name)) {
                    return found;
                }
            }
        }
        return found;
    }

    /** Go's name for a JSON value's kind in its unmarshal errors. */
    static String goKind(com.fasterxml.jackson.databind.JsonNode v) {
        if (v.isObject()) {
            return "object";
        } else if (v.isArray()) {
            return "array";
        } else if (v.isNumber()) {
            return "number";
        } else if (v.isBoolean()) {
            return "bool";
        }
        return "string";
    }

    static String syntaxError(com.fasterxml.jackson.core.JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("end-of-input")) {
            return "unexpected EOF";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^Unexpected character \\('(.)'").matcher(message);
        if (m.find()) {
            return "invalid character '" + m.group(1) + "' looking for beginning of value";
        }
        if (message.startsWith("Unrecognized token '")) {
            int end = message.indexOf('\'', 20);
            String token = end > 20 ? message.substring(20, end) : "";
            return "invalid character '" + (token.isEmpty() ? "?" : token.substring(0, 1))
                    + "' looking for beginning of value";
        }
        return "invalid JSON: " + message.lines().findFirst().orElse(message);
    }

    static byte[] render(boolean pretty, Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            if (pretty) {
                g.setPrettyPrinter(new GoPrettyPrinter());
            }
            body.write(g);
            if (pretty) {
                // Consul ends indented output (?pretty, -dev) with a newline; some clients strip it blindly
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
