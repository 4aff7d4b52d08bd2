package org.proconsul.http.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Fields of a request body read as Go's decoder reads them into a struct: names matched without case,
 * absent or null as the zero value, a value of the wrong kind a 400 with Go's unmarshal wording.
 */
final class JsonFields {
    private JsonFields() {
    }

    static void requireObject(JsonNode node, String what) {
        if (!node.isObject()) {
            throw HttpError.badRequest("Request decode failed: " + what + " must be a JSON object");
        }
    }

    static String text(JsonNode object, String name) {
        JsonNode v = Json.field(object, name);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw HttpError.badRequest("Request decode failed: json: cannot unmarshal " + Json.goKind(v)
                    + " into Go struct field of type string (" + name + ")");
        }
        if (v.asText().indexOf('\0') >= 0) {
            throw HttpError.badRequest("Request decode failed: " + name + " must not contain a NUL character");
        }
        return v.asText();
    }

    static long number(JsonNode object, String name) {
        return number(object, name, 0);
    }

    static long number(JsonNode object, String name, long fallback) {
        JsonNode v = Json.field(object, name);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw HttpError.badRequest("Request decode failed: json: cannot unmarshal " + Json.goKind(v)
                    + " into Go struct field of type int (" + name + ")");
        }
        return v.asLong();
    }

    static boolean bool(JsonNode object, String name) {
        JsonNode v = Json.field(object, name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw HttpError.badRequest("Request decode failed: json: cannot unmarshal " + Json.goKind(v)
                    + " into Go struct field of type bool (" + name + ")");
        }
        return v.asBoolean();
    }

    static List<String> strings(JsonNode object, String name) {
        JsonNode v = Json.field(object, name);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            throw HttpError.badRequest("Request decode failed: json: cannot unmarshal " + Json.goKind(v)
                    + " into Go struct field of type []string (" + name + ")");
        }
        for (JsonNode t : v) {
            if (!t.isTextual()) {
                throw HttpError.badRequest("Request decode failed: json: cannot unmarshal " + Json.goKind(t)
                        + " into Go struct field of type string (" + name + ")");
            }
            out.add(t.asText());
        }
        return out;
    }

    static Map<String, String> map(JsonNode object, String name) {
        JsonNode v = Json.field(object, name);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            throw HttpError.badRequest("Request decode failed: json: cannot unmarshal " + Json.goKind(v)
                    + " into Go struct field of type map[string]string (" + name + ")");
        }
        for (var it = v.fields(); it.hasNext();) {
            var e = it.next();
            if (!e.getValue().isTextual()) {
                throw HttpError.badRequest("Request decode failed: json: cannot unmarshal " + Json.goKind(e.getValue())
                        + " into Go struct field of type string (" + name + ")");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /**
     * Reads a request body of at most {@code maxBytes} as a JSON object and hands it to {@code handler};
     * malformed JSON, or anything but an object, is a 400 with Go's decode wording.
     */
    static void readObject(Exchange ex, int maxBytes, java.util.function.Consumer<JsonNode> handler) {
        BodyReader.read(ex.request(), maxBytes, seen -> new HttpError(413, "Request body too large"))
                .whenComplete((body, failure) -> {
                    if (failure != null) {
                        ex.sendFailure(failure);
                        return;
                    }
                    ex.bodyConsumed();
                    try {
                        JsonNode root = Json.MAPPER.readTree(body);
                        if (root == null || !root.isObject()) {
                            throw HttpError.badRequest("Request decode failed: the body must be a JSON object");
                        }
                        handler.accept(root);
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        ex.sendError(HttpError.badRequest("Request decode failed: " + Json.syntaxError(e)));
                    } catch (java.io.IOException e) {
                        ex.sendError(HttpError.badRequest("Request decode failed: " + e.getMessage()));
                    } catch (HttpError e) {
                        ex.sendError(e);
                    } catch (RuntimeException e) {
                        ex.sendFailure(e);
                    }
                });
    }
}
