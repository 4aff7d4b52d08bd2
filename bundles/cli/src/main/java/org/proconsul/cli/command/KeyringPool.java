package org.proconsul.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.http.ConsulApiException;

/**
 * One gossip pool's entry in the {@code GET /v1/operator/keyring} reply (Consul's {@code api.KeyringResponse}),
 * and how {@code consul keyring -list} prints it.
 *
 * <p>Consul prints keys and messages in Go map order, which is random; here they come sorted, the order a
 * Go server's JSON has them in, so output is stable.
 */
record KeyringPool(boolean wan, String datacenter, String segment, String partition, Map<String, String> messages,
                   Map<String, Long> keys, Map<String, Long> primaryKeys, long numNodes) {

    private static final String TYPE = "KeyringResponse";

    /**
     * Decodes the reply as Go's {@code encoding/json} decodes it into {@code []*api.KeyringResponse}: field
     * names match case-insensitively, {@code null} leaves the zero value, a wrong type fails with Go's text.
     */
    static List<KeyringPool> decode(byte[] body) throws ConsulApiException {
        Object doc;
        try {
            doc = GoJson.parseUsingNumber(body);
        } catch (GoJson.JsonException e) {
            throw new ConsulApiException(e.getMessage());
        }
        List<KeyringPool> pools = new ArrayList<>();
        if (doc == null) {
            return pools;
        }
        if (!(doc instanceof List<?> items)) {
            throw mismatch("json: cannot unmarshal " + GoJson.kindOf(doc) + " into Go value of type []*api." + TYPE);
        }
        for (Object item : items) {
            if (item == null) {
                continue;
            }
            if (!(item instanceof Map<?, ?> m)) {
                throw mismatch("json: cannot unmarshal " + GoJson.kindOf(item) + " into Go value of type api." + TYPE);
            }
            pools.add(new KeyringPool(bool(m, "WAN"), text(m, "Datacenter"), text(m, "Segment"),
                    text(m, "Partition"), messages(m), counts(m, "Keys"), counts(m, "PrimaryKeys"),
                    integer(field(m, "NumNodes"), "NumNodes")));
        }
        return pools;
    }

    /**
     * The pool as {@code -list} prints it: a blank line, the pool name ({@code dc1 (LAN):}, {@code WAN:},
     * with {@code  [segment]} or {@code  [partition: p]}), node messages as {@code   ===> node: text},
     * then {@code   KEY [n/N]} per key; no trailing newline.
     */
    String format(boolean primaryOnly) {
        StringBuilder b = new StringBuilder("\n");
        b.append(wan ? "WAN" : datacenter + " (LAN)");
        if (!segment.isEmpty()) {
            b.append(" [").append(segment).append(']');
        } else if (!partition.isEmpty() && !partition.equals("default")) {
            b.append(" [partition: ").append(partition).append(']');
        }
        b.append(':');
        for (Map.Entry<String, String> m : new TreeMap<>(messages).entrySet()) {
            b.append("\n  ===> ").append(m.getKey()).append(": ").append(m.getValue());
        }
        for (Map.Entry<String, Long> k : new TreeMap<>(primaryOnly ? primaryKeys : keys).entrySet()) {
            b.append("\n  ").append(k.getKey()).append(" [").append(k.getValue()).append('/').append(numNodes)
                    .append(']');
        }
        return b.toString();
    }

    private static Object field(Map<?, ?> m, String name) {
        if (m.containsKey(name)) {
            return m.get(name);
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (name.equalsIgnoreCase(String.valueOf(e.getKey()))) {
                return e.getValue();
            }
        }
        return null;
    }

    private static boolean bool(Map<?, ?> m, String name) throws ConsulApiException {
        Object v = field(m, name);
        if (v != null && !(v instanceof Boolean)) {
            throw fieldMismatch(v, name, "bool");
        }
        return Boolean.TRUE.equals(v);
    }

    private static String text(Map<?, ?> m, String name) throws ConsulApiException {
        Object v = field(m, name);
        if (v != null && !(v instanceof String)) {
            throw fieldMismatch(v, name, "string");
        }
        return v == null ? "" : (String) v;
    }

    private static Map<String, String> messages(Map<?, ?> m) throws ConsulApiException {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : object(m, "Messages", "map[string]string").entrySet()) {
            Object v = e.getValue();
            if (v != null && !(v instanceof String)) {
                throw fieldMismatch(v, "Messages", "string");
            }
            out.put(String.valueOf(e.getKey()), v == null ? "" : (String) v);
        }
        return out;
    }

    private static Map<String, Long> counts(Map<?, ?> m, String name) throws ConsulApiException {
        Map<String, Long> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : object(m, name, "map[string]int").entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue() == null ? 0 : integer(e.getValue(), name));
        }
        return out;
    }

    private static Map<?, ?> object(Map<?, ?> m, String name, String goType) throws ConsulApiException {
        Object v = field(m, name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw fieldMismatch(v, name, goType);
        }
        return map;
    }

    /** A Go {@code int}: an integral JSON number within 64 bits. */
    private static long integer(Object v, String name) throws ConsulApiException {
        if (v == null) {
            return 0;
        }
        if (v instanceof GoJson.Number n) {
            try {
                return Long.parseLong(n.text());
            } catch (NumberFormatException e) {
                throw mismatch("json: cannot unmarshal number " + n.text() + " into Go struct field " + TYPE + "."
                        + name + " of type int");
            }
        }
        throw fieldMismatch(v, name, "int");
    }

    private static ConsulApiException fieldMismatch(Object v, String name, String goType) {
        return mismatch("json: cannot unmarshal " + GoJson.kindOf(v) + " into Go struct field " + TYPE + "." + name
                + " of type " + goType);
    }

    private static ConsulApiException mismatch(String message) {
        return new ConsulApiException(message);
    }
}
