package org.proconsul.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of {@code consul agent}, parsed with the rules of Go's {@code flag} package and Consul's
 * flag value types ({@code agent/config/flagset.go}).
 *
 * <p>Syntax: {@code -name=value}, {@code -name value}, {@code --name} works like {@code -name}; boolean
 * flags take no separate value ({@code -server}, {@code -server=false}, but {@code -server false} leaves
 * {@code false} as an argument); parsing stops at the first argument that is not a flag, or after
 * {@code --}. Repeatable flags collect every value; others keep the last.
 *
 * <p>Values that belong in the configuration are collected as two layers keyed like the config files:
 * list values ({@code -retry-join}, {@code -recursor}, {@code -join}...) and all other values, because
 * Consul merges the list layer before the files (so flag items come first) and the other layer after them
 * (so flags win).
 */
final class AgentFlags {

    private enum Kind { BOOL, INT, STRING, SLICE, MAP, FILES, FORMAT, HCL, DEV }

    private record Def(Kind kind, String path) {
    }

    private static final Map<String, Def> FLAGS = new LinkedHashMap<>();

    private static void def(String name, Kind kind, String path) {
        FLAGS.put(name, new Def(kind, path));
    }

    static {
        def("advertise", Kind.STRING, "advertise_addr");
        def("advertise-wan", Kind.STRING, "advertise_addr_wan");
        def("alt-domain", Kind.STRING, "alt_domain");
        def("bind", Kind.STRING, "bind_addr");
        def("bootstrap", Kind.BOOL, "bootstrap");
        def("bootstrap-expect", Kind.INT, "bootstrap_expect");
        def("client", Kind.STRING, "client_addr");
        def("config-dir", Kind.FILES, null);
        def("config-file", Kind.FILES, null);
        def("config-format", Kind.FORMAT, null);
        def("data-dir", Kind.STRING, "data_dir");
        def("datacenter", Kind.STRING, "datacenter");
        def("default-query-time", Kind.STRING, "default_query_time");
        def("dev", Kind.DEV, null);
        def("disable-host-node-id", Kind.BOOL, "disable_host_node_id");
        def("disable-keyring-file", Kind.BOOL, "disable_keyring_file");
        def("dns-port", Kind.INT, "ports.dns");
        def("domain", Kind.STRING, "domain");
        def("encrypt", Kind.STRING, "encrypt");
        def("grpc-port", Kind.INT, "ports.grpc");
        def("hcl", Kind.HCL, null);
        def("http-port", Kind.INT, "ports.http");
        def("https-port", Kind.INT, "ports.https");
        def("join", Kind.SLICE, "start_join");
        def("join-wan", Kind.SLICE, "start_join_wan");
        def("log-file", Kind.STRING, "log_file");
        def("log-json", Kind.BOOL, "log_json");
        def("log-level", Kind.STRING, "log_level");
        def("log-rotate-bytes", Kind.INT, "log_rotate_bytes");
        def("log-rotate-duration", Kind.STRING, "log_rotate_duration");
        def("log-rotate-max-files", Kind.INT, "log_rotate_max_files");
        def("max-query-time", Kind.STRING, "max_query_time");
        def("node", Kind.STRING, "node_name");
        def("node-id", Kind.STRING, "node_id");
        def("node-meta", Kind.MAP, "node_meta");
        def("pid-file", Kind.STRING, "pid_file");
        def("protocol", Kind.INT, "protocol");
        def("raft-protocol", Kind.INT, "raft_protocol");
        def("recursor", Kind.SLICE, "recursors");
        def("rejoin", Kind.BOOL, "rejoin_after_leave");
        def("retry-interval", Kind.STRING, "retry_interval");
        def("retry-interval-wan", Kind.STRING, "retry_interval_wan");
        def("retry-join", Kind.SLICE, "retry_join");
        def("retry-join-wan", Kind.SLICE, "retry_join_wan");
        def("retry-max", Kind.INT, "retry_max");
        def("retry-max-wan", Kind.INT, "retry_max_wan");
        def("segment", Kind.STRING, "segment");
        def("serf-lan-bind", Kind.STRING, "serf_lan");
        def("serf-lan-port", Kind.INT, "ports.serf_lan");
        def("serf-wan-bind", Kind.STRING, "serf_wan");
        def("serf-wan-port", Kind.INT, "ports.serf_wan");
        def("server", Kind.BOOL, "server");
        def("server-port", Kind.INT, "ports.server");
        def("syslog", Kind.BOOL, "enable_syslog");
        def("ui", Kind.BOOL, "ui_config.enabled");
    }

    /** The names of every flag this parser knows, without the dash. */
    static List<String> names() {
        return List.copyOf(FLAGS.keySet());
    }

    boolean dev;
    final List<String> configFiles = new ArrayList<>();
    final List<String> hcl = new ArrayList<>();
    String configFormat = "";
    /** Config layer of list-valued flags (merged before the files). */
    final Map<String, Object> slices = new LinkedHashMap<>();
    /** Config layer of every other flag (merged after the files). */
    final Map<String, Object> values = new LinkedHashMap<>();

    private AgentFlags() {
    }

    static AgentFlags parse(List<String> args) throws ConfigException {
        AgentFlags f = new AgentFlags();
        List<String> rest = new ArrayList<>(args);
        while (!rest.isEmpty()) {
            String s = rest.get(0);
            if (s.length() < 2 || s.charAt(0) != '-') {
                break;
            }
            int minuses = 1;
            if (s.charAt(1) == '-') {
                minuses++;
                if (s.length() == 2) {
                    rest.remove(0);
                    break;
                }
            }
            String name = s.substring(minuses);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw flagError("bad flag syntax: " + s);
            }
            rest.remove(0);
            boolean hasValue = false;
            String value = "";
            int eq = name.indexOf('=', 1);
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
                hasValue = true;
            }
            Def def = FLAGS.get(name);
            if (def == null) {
                if (name.equals("help") || name.equals("h")) {
                    throw new ConfigException(ConfigException.Kind.HELP, "flag: help requested", "flag: help requested");
                }
                throw flagError("flag provided but not defined: -" + name);
            }
            if (def.kind == Kind.BOOL || def.kind == Kind.DEV) {
                boolean b;
                if (hasValue) {
                    Boolean parsed = parseBool(value);
                    if (parsed == null) {
                        throw flagError("invalid boolean value " + GoText.quote(value) + " for -" + name
                            + ": strconv.ParseBool: parsing " + GoText.quote(value) + ": invalid syntax");
                    }
                    b = parsed;
                } else {
                    b = true;
                }
                if (def.kind == Kind.DEV) {
                    f.dev = b;
                } else {
                    put(f.values, def.path, b);
                }
                continue;
            }
            if (!hasValue && !rest.isEmpty()) {
                value = rest.remove(0);
                hasValue = true;
            }
            if (!hasValue) {
                throw flagError("flag needs an argument: -" + name);
            }
            switch (def.kind) {
                case INT -> {
                    Long n = atoi(value);
                    if (n == null) {
                        throw flagError("invalid value " + GoText.quote(value) + " for flag -" + name + ": "
                            + atoiError(value));
                    }
                    put(f.values, def.path, n);
                }
                case STRING -> put(f.values, def.path, value);
                case SLICE -> {
                    @SuppressWarnings("unchecked")
                    List<String> l = (List<String>) f.slices.computeIfAbsent(def.path, k -> new ArrayList<String>());
                    l.add(value);
                }
                case MAP -> {
                    @SuppressWarnings("unchecked")
                    Map<String, String> m = (Map<String, String>) f.values.computeIfAbsent(def.path,
                        k -> new LinkedHashMap<String, String>());
                    int colon = value.indexOf(':');
                    if (colon < 0) {
                        m.put(value, "");
                    } else {
                        m.put(value.substring(0, colon), value.substring(colon + 1));
                    }
                }
                case FILES -> f.configFiles.add(value);
                case FORMAT -> f.configFormat = value;
                case HCL -> f.hcl.add(value);
                default -> throw new AssertionError(def.kind);
            }
        }
        if (!rest.isEmpty()) {
            String msg = "Unexpected extra arguments: " + GoText.list(rest);
            throw new ConfigException(ConfigException.Kind.ARGUMENTS, msg, msg);
        }
        return f;
    }

    private static ConfigException flagError(String message) {
        return new ConfigException(ConfigException.Kind.FLAGS, message, "error parsing flags: " + message);
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> tree, String path, Object value) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            tree.put(path, value);
            return;
        }
        Map<String, Object> inner = (Map<String, Object>) tree.computeIfAbsent(path.substring(0, dot),
            k -> new LinkedHashMap<String, Object>());
        put(inner, path.substring(dot + 1), value);
    }

    /** Go's strconv.ParseBool. */
    static Boolean parseBool(String s) {
        switch (s) {
            case "1", "t", "T", "TRUE", "true", "True":
                return Boolean.TRUE;
            case "0", "f", "F", "FALSE", "false", "False":
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    /** Go's strconv.Atoi on a 64-bit platform; null when it fails. */
    static Long atoi(String s) {
        if (atoiError(s) != null) {
            return null;
        }
        return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
    }

    /** The error Go's strconv.Atoi returns for s, or null if s is a valid int64. */
    static String atoiError(String s) {
        String body = s;
        if (body.startsWith("+") || body.startsWith("-")) {
            body = body.substring(1);
        }
        if (body.isEmpty()) {
            return "strconv.Atoi: parsing " + GoText.quote(s) + ": invalid syntax";
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < '0' || c > '9') {
                return "strconv.Atoi: parsing " + GoText.quote(s) + ": invalid syntax";
            }
        }
        try {
            Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
            return null;
        } catch (NumberFormatException e) {
            return "strconv.Atoi: parsing " + GoText.quote(s) + ": value out of range";
        }
    }
}
