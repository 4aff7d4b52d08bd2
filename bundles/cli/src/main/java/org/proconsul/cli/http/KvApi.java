package org.proconsul.cli.http;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.proconsul.cli.GoJson;

/**
 * The {@code /v1/kv} calls the CLI makes, with the semantics of Consul's Go client: a 404 on a read means
 * "absent" (null or empty list), any other non-200 is an error, and a write reports success when the reply
 * contains {@code true}.
 */
public final class KvApi {
    private static final String OCTET_STREAM = "application/octet-stream";

    private final ConsulHttpClient http;

    public KvApi(ConsulHttpClient http) {
        this.http = http;
    }

    /** The entry at {@code key}, or null when there is none. */
    public KvPair get(String key, boolean stale) throws ConsulApiException {
        List<KvPair> pairs = read(key, readParams(stale));
        return pairs == null || pairs.isEmpty() ? null : pairs.get(0);
    }

    /** Entries under {@code prefix} in key order; empty when none. */
    public List<KvPair> list(String prefix, boolean stale) throws ConsulApiException {
        Map<String, String> p = readParams(stale);
        p.put("recurse", "");
        List<KvPair> pairs = read(prefix, p);
        return pairs == null ? new ArrayList<>() : pairs;
    }

    /** Key names under {@code prefix}, cut after {@code separator} when it is not empty. */
    public List<String> keys(String prefix, String separator, boolean stale) throws ConsulApiException {
        Map<String, String> p = readParams(stale);
        p.put("keys", "");
        if (!separator.isEmpty()) {
            p.put("separator", separator);
        }
        HttpResponse r = http.send("GET", "/v1/kv/" + stripSlash(prefix), p, null, null);
        List<String> out = new ArrayList<>();
        if (r.status() == 404) {
            return out;
        }
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r);
        }
        Object doc = decode(r);
        if (doc == null) {
            return out;
        }
        if (!(doc instanceof List)) {
            throw new ConsulApiException("json: cannot unmarshal " + GoJson.kindOf(doc) + " into Go value of type []string");
        }
        for (Object o : (List<?>) doc) {
            if (o != null && !(o instanceof String)) {
                throw new ConsulApiException("json: cannot unmarshal " + GoJson.kindOf(o) + " into Go value of type string");
            }
            out.add(o == null ? "" : (String) o);
        }
        return out;
    }

    /**
     * Writes a value. {@code params} may hold {@code cas}, {@code acquire} or {@code release}; {@code flags}
     * is sent when not zero.
     *
     * @return whether the agent answered {@code true}
     */
    public boolean put(String key, byte[] value, long flags, Map<String, String> params, String namespace)
            throws ConsulApiException {
        if (!key.isEmpty() && key.charAt(0) == '/') {
            throw new ConsulApiException("Invalid key. Key must not begin with a '/': " + key);
        }
        Map<String, String> p = new HashMap<>();
        if (params != null) {
            p.putAll(params);
        }
        if (flags != 0) {
            p.put("flags", Long.toUnsignedString(flags));
        }
        if (namespace != null && !namespace.isEmpty()) {
            p.put("ns", namespace);
        }
        HttpResponse r = http.send("PUT", "/v1/kv/" + key, p, value, OCTET_STREAM);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r);
        }
        return r.bodyText().contains("true");
    }

    /**
     * Deletes {@code key}; with {@code recurse} everything under it; with {@code cas} (not null) only when the
     * key's ModifyIndex matches.
     *
     * @return whether the agent answered {@code true}
     */
    public boolean delete(String key, boolean recurse, Long cas) throws ConsulApiException {
        Map<String, String> p = new HashMap<>();
        if (recurse) {
            p.put("recurse", "");
        }
        if (cas != null) {
            p.put("cas", Long.toUnsignedString(cas));
        }
        HttpResponse r = http.send("DELETE", "/v1/kv/" + stripSlash(key), p, null, null);
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r);
        }
        return r.bodyText().contains("true");
    }

    /** An entry (null when absent) with the index a blocking read of it waits on. */
    public record Indexed(KvPair pair, long index) {
    }

    /**
     * Reads {@code key}, blocking up to {@code wait} for a change past {@code index} when it is positive;
     * {@code consistent} asks the leader to confirm its leadership first.
     */
    public Indexed getBlocking(String key, long index, String wait, boolean consistent) throws ConsulApiException {
        Map<String, String> p = new HashMap<>();
        if (index > 0) {
            p.put("index", Long.toUnsignedString(index));
            p.put("wait", wait);
        }
        if (consistent) {
            p.put("consistent", "");
        }
        HttpResponse r = http.send("GET", "/v1/kv/" + stripSlash(key), p, null, null);
        String header = r.header("X-Consul-Index");
        long at = 0;
        try {
            at = header == null ? 0 : Long.parseUnsignedLong(header.trim());
        } catch (NumberFormatException e) {
            throw new ConsulApiException("bad X-Consul-Index header: " + header);
        }
        if (r.status() == 404) {
            return new Indexed(null, at);
        }
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r);
        }
        Object doc = decode(r);
        if (!(doc instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof Map<?, ?> first)) {
            return new Indexed(null, at);
        }
        return new Indexed(toPair(first), at);
    }

    private static Map<String, String> readParams(boolean stale) {
        Map<String, String> p = new HashMap<>();
        if (stale) {
            p.put("stale", "");
        }
        return p;
    }

    private List<KvPair> read(String key, Map<String, String> params) throws ConsulApiException {
        HttpResponse r = http.send("GET", "/v1/kv/" + stripSlash(key), params, null, null);
        if (r.status() == 404) {
            return null;
        }
        if (r.status() != 200) {
            throw ConsulApiException.unexpectedStatus(r);
        }
        Object doc = decode(r);
        if (doc == null) {
            return new ArrayList<>();
        }
        if (!(doc instanceof List)) {
            throw new ConsulApiException("json: cannot unmarshal " + GoJson.kindOf(doc)
                    + " into Go value of type []*api.KVPair");
        }
        List<KvPair> out = new ArrayList<>();
        for (Object o : (List<?>) doc) {
            if (o == null) {
                continue;
            }
            if (!(o instanceof Map)) {
                throw new ConsulApiException("json: cannot unmarshal " + GoJson.kindOf(o) + " into Go value of type api.KVPair");
            }
            out.add(toPair((Map<?, ?>) o));
        }
        return out;
    }

    private static KvPair toPair(Map<?, ?> m) throws ConsulApiException {
        Object rawValue = field(m, "Value");
        byte[] value = new byte[0];
        if (rawValue instanceof String) {
            try {
                value = Base64.getDecoder().decode((String) rawValue);
            } catch (IllegalArgumentException e) {
                throw new ConsulApiException("illegal base64 data in Value: " + e.getMessage());
            }
        } else if (rawValue != null) {
            throw new ConsulApiException("json: cannot unmarshal " + GoJson.kindOf(rawValue)
                    + " into Go struct field KVPair.Value of type []uint8");
        }
        return new KvPair(text(m, "Key"), number(m, "Flags"), value, text(m, "Session"), number(m, "LockIndex"),
                number(m, "CreateIndex"), number(m, "ModifyIndex"), text(m, "Namespace"), text(m, "Partition"));
    }

    /** Go decodes struct fields case-insensitively; exact matches win. */
    static Object field(Map<?, ?> m, String name) {
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

    private static String text(Map<?, ?> m, String name) throws ConsulApiException {
        Object v = field(m, name);
        if (v == null) {
            return "";
        }
        if (!(v instanceof String)) {
            throw new ConsulApiException("json: cannot unmarshal " + GoJson.kindOf(v)
                    + " into Go struct field KVPair." + name + " of type string");
        }
        return (String) v;
    }

    private static long number(Map<?, ?> m, String name) throws ConsulApiException {
        Object v = field(m, name);
        if (v == null) {
            return 0;
        }
        Long n = GoJson.unsigned(v);
        if (n == null) {
            throw new ConsulApiException("json: cannot unmarshal " + GoJson.kindOf(v) + " " + v
                    + " into Go struct field KVPair." + name + " of type uint64");
        }
        return n;
    }

    static Object decode(HttpResponse r) throws ConsulApiException {
        try {
            return GoJson.parseUsingNumber(r.body());
        } catch (GoJson.JsonException e) {
            throw new ConsulApiException(e.getMessage());
        }
    }

    private static String stripSlash(String key) {
        return key.startsWith("/") ? key.substring(1) : key;
    }
}
