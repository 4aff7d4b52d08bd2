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
