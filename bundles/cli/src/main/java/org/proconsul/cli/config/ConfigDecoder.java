package org.proconsul.cli.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.proconsul.cli.GoText;
import org.proconsul.cli.config.ConfigSchema.Ignored;
import org.proconsul.cli.config.ConfigSchema.MapOf;
import org.proconsul.cli.config.ConfigSchema.Raw;
import org.proconsul.cli.config.ConfigSchema.RawList;
import org.proconsul.cli.config.ConfigSchema.Scalar;
import org.proconsul.cli.config.ConfigSchema.Schema;
import org.proconsul.cli.config.ConfigSchema.StrList;
import org.proconsul.cli.config.ConfigSchema.StrMap;
import org.proconsul.cli.config.ConfigSchema.Struct;
import org.proconsul.cli.config.ConfigSchema.StructList;
import org.proconsul.cli.config.ConfigSchema.Type;
import org.proconsul.cli.config.hcl.HclObjectList;

/**
 * Turns a parsed JSON or HCL document into a typed tree keyed by canonical names, the way Consul's
 * decoder ({@code mitchellh/mapstructure} with Consul's hooks) does:
 *
 * <ul>
 * <li>keys match a field exactly or, failing that, ignoring case; Consul's alias keys (such as
 * {@code ScriptArgs} for {@code args}) are translated first, and lose to the canonical key when both are
 * present;</li>
 * <li>a one-element list stands for its element wherever a single value is expected (HCL writes every
 * nested object that way);</li>
 * <li>types are strict: a number is not a string, {@code "true"} is not a boolean; a JSON number (Go's
 * float64) is truncated into an integer field;</li>
 * <li>{@code null} leaves a key unset;</li>
 * <li>keys matching no field are collected with their path ({@code ports.foo}, {@code services[0].foo}).</li>
 * </ul>
 *
 * <p>Values in the result: {@code String}, {@code Boolean}, {@code Long} (every integer type),
 * {@code Double}, {@code List<String>}, {@code Map<String,String>}, nested {@code Map<String,Object>} for
 * structs, {@code List<Map<String,Object>>} for struct lists, and for opaque values whatever the document
 * held (one-element HCL object lists unwrapped).
 */
final class ConfigDecoder {

    /** What one document decoded to. */
    record Result(Map<String, Object> tree, List<String> unused, List<String> errors, List<String> ignored) {
    }

    private final List<String> unused = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> ignored = new ArrayList<>();

    private ConfigDecoder() {
    }

    static Result decode(Map<String, Object> document, Schema schema) {
        ConfigDecoder d = new ConfigDecoder();
        Map<String, Object> tree = d.struct("", document, schema);
        return new Result(tree, d.unused, d.errors, d.ignored);
    }

    private static String join(String name, String key) {
        return name.isEmpty() ? key : name + "." + key;
    }

    private Map<String, Object> struct(String name, Map<?, ?> source, Schema schema) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : source.entrySet()) {
            data.put(String.valueOf(e.getKey()), e.getValue());
        }
        // alias keys first (Consul's HookTranslateKeys)
        if (!schema.aliases.isEmpty()) {
            for (String key : new ArrayList<>(data.keySet())) {
                String canonical = schema.aliases.get(key.toLowerCase(java.util.Locale.ROOT));
                if (canonical == null) {
                    continue;
                }
                Object v = data.remove(key);
                if (!data.containsKey(canonical)) {
                    data.put(canonical, v);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> unusedKeys = new ArrayList<>(data.keySet());
        for (Map.Entry<String, Type> field : schema.fields.entrySet()) {
            String fieldName = field.getKey();
            String matched = null;
            if (data.containsKey(fieldName)) {
                matched = fieldName;
            } else {
                for (String k : data.keySet()) {
                    if (k.equalsIgnoreCase(fieldName)) {
                        matched = k;
                        break;
                    }
                }
            }
            if (matched == null) {
                continue;
            }
            unusedKeys.remove(matched);
            String path = join(name, fieldName);
            Object raw = data.get(matched);
            if (field.getValue() == Ignored.INSTANCE) {
                ignored.add(path);
                continue;
            }
            Object v = value(path, raw, field.getValue());
            if (v != null) {
                out.put(fieldName, v);
            }
        }
        for (String k : unusedKeys) {
            unused.add(join(name, k));
        }
        return out;
    }

    /** Consul's HookWeakDecodeFromSlice: a one-element list stands for its element where no list is wanted. */
    private static Object unwrap(Object raw, Type type) {
        boolean wantsList = type == StrList.INSTANCE || type == RawList.INSTANCE || type instanceof StructList;
        if (!wantsList && raw instanceof List<?> l && l.size() == 1) {
            return l.get(0);
        }
        return raw;
    }

    private Object value(String name, Object raw, Type type) {
        if (raw == null) {
            return null;
        }
        if (type instanceof Struct s && raw instanceof List<?> list && list.size() > 1
            && (name.equals("service") || name.equals("check"))) {
            // Several `service { }` (or `check { }`) blocks in one file: Consul's decoder rejects them
            // ('service' expected a map, got 'slice'); Proconsul registers each one.
            List<Object> each = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object v = value(name + "[" + i + "]", list.get(i), s);
                if (v != null) {
                    each.add(v);
                }
            }
            return new Repeated(each);
        }
        raw = unwrap(raw, type);
        if (raw == null) {
            return null;
        }
        if (type instanceof Scalar scalar) {
            return scalar(name, raw, scalar);
        }
        if (type == StrList.INSTANCE) {
            if (!(raw instanceof List<?> l)) {
                errors.add("'" + name + "': source data must be an array or slice, got " + kindName(raw));
                return null;
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                Object v = scalar(name + "[" + i + "]", unwrap(l.get(i), Scalar.STRING), Scalar.STRING);
                if (v != null) {
                    out.add((String) v);
                }
            }
            return out;
        }
        if (type == StrMap.INSTANCE) {
            if (!(raw instanceof Map<?, ?> m)) {
                errors.add("'" + name + "' expected a map, got '" + kindName(raw) + "'");
                return null;
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = e.getValue() == null ? null
                    : scalar(name + "[" + key + "]", unwrap(e.getValue(), Scalar.STRING), Scalar.STRING);
                out.put(key, v == null ? "" : (String) v);
            }
            return out;
        }
        if (type instanceof MapOf mapOf) {
            if (!(raw instanceof Map<?, ?> m)) {
                errors.add("'" + name + "' expected a map, got '" + kindName(raw) + "'");
                return null;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = value(name + "[" + key + "]", e.getValue(), mapOf.value());
                if (v != null) {
                    out.put(key, v);
                }
            }
            return out;
        }
        if (type instanceof Struct s) {
            if (!(raw instanceof Map<?, ?> m)) {
                errors.add("'" + name + "' expected a map, got '" + kindName(raw) + "'");
                return null;
            }
            return struct(name, m, s.schema());
        }
        if (type instanceof StructList s) {
            if (!(raw instanceof List<?> l)) {
                errors.add("'" + name + "': source data must be an array or slice, got " + kindName(raw));
                return null;
            }
            List<Map<String, Object>> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                String elemName = name + "[" + i + "]";
                Object elem = unwrap(l.get(i), s);
                if (elem == null) {
                    out.add(new LinkedHashMap<>());
                    continue;
                }
                if (!(elem instanceof Map<?, ?> m)) {
                    errors.add("'" + elemName + "' expected a map, got '" + kindName(elem) + "'");
                    continue;
                }
                out.add(struct(elemName, m, s.schema()));
            }
            return out;
        }
        if (type == RawList.INSTANCE) {
            if (!(raw instanceof List<?> l)) {
                errors.add("'" + name + "': source data must be an array or slice, got " + kindName(raw));
                return null;
            }
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(normalize(o));
            }
            return out;
        }
        if (type == Raw.INSTANCE) {
            return normalize(raw);
        }
        throw new AssertionError("unknown type " + type);
    }

    /** Several decoded blocks given for one struct key. */
    record Repeated(List<Object> values) {
    }

    private Object scalar(String name, Object raw, Scalar type) {
        if (raw == null) {
            return null;
        }
        switch (type) {
            case STRING:
                if (raw instanceof String) {
                    return raw;
                }
                break;
            case BOOL:
                if (raw instanceof Boolean) {
                    return raw;
                }
                break;
            case INT:
                if (raw instanceof Long) {
                    return raw;
                }
                if (raw instanceof Double d) {
                    return (long) d.doubleValue();
                }
                break;
            case UINT:
            case UINT32:
            case UINT64:
                if (raw instanceof Long l) {
                    if (l < 0) {
                        errors.add("cannot parse '" + name + "', " + l + " overflows uint");
                        return null;
                    }
                    return l;
                }
                if (raw instanceof Double d) {
                    if (d < 0) {
                        errors.add("cannot parse '" + name + "', " + String.format(java.util.Locale.ROOT, "%f", d)
                            + " overflows uint");
                        return null;
                    }
                    return (long) d.doubleValue();
                }
                break;
            case FLOAT64:
                if (raw instanceof Long l) {
                    return l.doubleValue();
                }
                if (raw instanceof Double) {
                    return raw;
                }
                break;
            default:
                throw new AssertionError(type);
        }
        errors.add("'" + name + "' expected type '" + type.goName + "', got unconvertible type '"
            + typeName(raw) + "', value: '" + GoText.value(raw) + "'");
        return null;
    }

    /** Opaque values: HCL's one-element object lists become the object, recursively. */
    static Object normalize(Object v) {
        if (v instanceof HclObjectList l) {
            if (l.size() == 1) {
                return normalize(l.get(0));
            }
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(normalize(o));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(normalize(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
            }
            return out;
        }
        return v;
    }

    /** The Go type name {@code %T} / reflect prints for a decoded value. */
    private static String typeName(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "int";
        }
        if (v instanceof Double) {
            return "float64";
        }
        if (v instanceof HclObjectList) {
            return "[]map[string]interface {}";
        }
        if (v instanceof List) {
            return "[]interface {}";
        }
        if (v instanceof Map) {
            return "map[string]interface {}";
        }
        return v.getClass().getSimpleName();
    }

    /** The reflect kind name Go prints for a decoded value ({@code slice}, {@code map}, ...). */
    private static String kindName(Object v) {
        if (v instanceof List) {
            return "slice";
        }
        if (v instanceof Map) {
            return "map";
        }
        return typeName(v);
    }
}
