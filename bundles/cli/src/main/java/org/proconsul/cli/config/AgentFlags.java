package org.proconsul.cli.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.proconsul.cli.GoText;

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

    /** Consul's agent flags that Proconsul implements; any other flag is undefined, as in Go. */
    private static final Map<String, Def> FLAGS = definitions();

    private static void def(Map<String, Def> into, String name, Kind kind, String path) {
        into.put(name, new Def(kind, path));
    }

    private static Map<String, Def> definitions() {
        Map<String, Def> d = new LinkedHashMap<>();
        def(d, "advertise", Kind.STRING, "advertise_addr");
        def(d, "advertise-wan", Kind.STRING, "advertise_addr_wan");
        def(d, "alt-domain", Kind.STRING, "alt_domain");
        def(d, "bind", Kind.STRING, "bind_addr");
        def(d, "bootstrap", Kind.BOOL, "bootstrap");
        def(d, "bootstrap-expect", Kind.INT, "bootstrap_expect");
        def(d, "client", Kind.STRING, "client_addr");
        def(d, "config-dir", Kind.FILES, null);
        def(d, "config-file", Kind.FILES, null);
        def(d, "config-format", Kind.FORMAT, null);
        def(d, "data-dir", Kind.STRING, "data_dir");
        def(d, "datacenter", Kind.STRING, "datacenter");
        def(d, "default-query-time", Kind.STRING, "default_query_time");
        def(d, "dev", Kind.DEV, null);
        def(d, "disable-host-node-id", Kind.BOOL, "disable_host_node_id");
        def(d, "disable-keyring-file", Kind.BOOL, "disable_keyring_file");
        def(d, "dns-port", Kind.INT, "ports.dns");
        def(d, "domain", Kind.STRING, "domain");
        def(d, "enable-local-script-checks", Kind.BOOL, "enable_local_script_checks");
        def(d, "enable-script-checks", Kind.BOOL, "enable_script_checks");
        def(d, "encrypt", Kind.STRING, "encrypt");
        def(d, "grpc-port", Kind.INT, "ports.grpc");
        def(d, "hcl", Kind.HCL, null);
        def(d, "http-port", Kind.INT, "ports.http");
        def(d, "https-port", Kind.INT, "ports.https");
        def(d, "join", Kind.SLICE, "start_join");
        def(d, "join-wan", Kind.SLICE, "start_join_wan");
        def(d, "log-file", Kind.STRING, "log_file");
        def(d, "log-json", Kind.BOOL, "log_json");
        def(d, "log-level", Kind.STRING, "log_level");
        def(d, "log-rotate-bytes", Kind.INT, "log_rotate_bytes");
        def(d, "log-rotate-duration", Kind.STRING, "log_rotate_duration");
        def(d, "log-rotate-max-files", Kind.INT, "log_rotate_max_files");
        def(d, "max-query-time", Kind.STRING, "max_query_time");
        def(d, "node", Kind.STRING, "node_name");
        def(d, "node-id", Kind.STRING, "node_id");
        def(d, "node-meta", Kind.MAP, "node_meta");
        def(d, "pid-file", Kind.STRING, "pid_file");
        def(d, "protocol", Kind.INT, "protocol");
        def(d, "raft-protocol", Kind.INT, "raft_protocol");
        def(d, "recursor", Kind.SLICE, "recursors");
        def(d, "rejoin", Kind.BOOL, "rejoin_after_leave");
        def(d, "retry-interval", Kind.STRING, "retry_interval");
        def(d, "retry-interval-wan", Kind.STRING, "retry_interval_wan");
        def(d, "retry-join", Kind.SLICE, "retry_join");
        def(d, "retry-join-wan", Kind.SLICE, "retry_join_wan");
        def(d, "retry-max", Kind.INT, "retry_max");
        def(d, "retry-max-wan", Kind.INT, "retry_max_wan");
        def(d, "segment", Kind.STRING, "segment");
        def(d, "serf-lan-bind", Kind.STRING, "serf_lan");
        def(d, "serf-lan-port", Kind.INT, "ports.serf_lan");
        def(d, "serf-wan-bind", Kind.STRING, "serf_wan");
        def(d, "serf-wan-port", Kind.INT, "ports.serf_wan");
        def(d, "server", Kind.BOOL, "server");
        def(d, "server-port", Kind.INT, "ports.server");
        def(d, "syslog", Kind.BOOL, "enable_syslog");
        def(d, "ui", Kind.BOOL, "ui_config.enabled");
        return java.util.Collections.unmodifiableMap(d);
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
