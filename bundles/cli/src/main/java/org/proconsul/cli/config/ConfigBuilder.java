package org.proconsul.cli.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.proconsul.api.time.GoDuration;
import org.proconsul.cli.GoBase64;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.GoText;
import org.proconsul.cli.config.ConfigSchema.MapOf;
import org.proconsul.cli.config.ConfigSchema.RawList;
import org.proconsul.cli.config.ConfigSchema.Schema;
import org.proconsul.cli.config.ConfigSchema.StrList;
import org.proconsul.cli.config.ConfigSchema.StrMap;
import org.proconsul.cli.config.ConfigSchema.Struct;
import org.proconsul.cli.config.ConfigSchema.StructList;
import org.proconsul.cli.config.ConfigSchema.Type;
import org.proconsul.cli.config.hcl.HclException;
import org.proconsul.cli.config.hcl.HclParser;

/**
 * One run of the loader: the steps of Consul's {@code agent/config} builder ({@code newBuilder},
 * {@code build}, {@code validate}) in Consul's order, so that the first error reported is the one Consul
 * reports. Errors Consul collects along the way and reports together (bad durations, bad ports, bad
 * addresses) are collected here too, in {@link #deferred}.
 */
final class ConfigBuilder {

    private static final Duration DEFAULT_RECONNECT_TIMEOUT = Duration.ofHours(72);
    private static final Duration DEFAULT_SESSION_TTL_MIN = Duration.ofSeconds(10);
    private static final Duration DEFAULT_CHECK_UPDATE_INTERVAL = Duration.ofMinutes(5);
    private static final int MAX_RAFT_MULTIPLIER = 10;
    private static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERR", "ERROR");
    private static final Pattern BASIC_NAME = Pattern.compile("^[a-z0-9_-]+$");
    private static final Pattern DNS_INVALID_NAME = Pattern.compile("[^A-Za-z0-9\\-]+");
    private static final Pattern META_KEY = Pattern.compile("^[a-zA-Z0-9_-]+$");

    /** A configuration source in merge order. */
    private record Source(String name, String format, String data, Map<String, Object> literal, boolean user) {
    }

    private final AgentFlags flags;
    private final HostEnvironment host;
    final List<String> warnings = new ArrayList<>();
    private final List<String> deferred = new ArrayList<>();
    private final Set<String> ignoredWarned = new LinkedHashSet<>();
    private final List<String> configSources = new ArrayList<>();
    private final List<String> startJoin = new ArrayList<>();
    private final List<String> startJoinWan = new ArrayList<>();
    private boolean autopilotConfigured;
    /** The merged configuration tree, set once the sources are merged. */
    private Map<String, Object> c;

    ConfigBuilder(AgentFlags flags, HostEnvironment host) {
        this.flags = flags;
        this.host = host;
    }

    private void warn(String message) {
        warnings.add(message);
    }

    private static String deprecation(String old, String now) {
        return "The '" + old + "' field is deprecated. Use the '" + now + "' field instead.";
    }

    // ================================================================== sources

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("bind_addr", "0.0.0.0");
        d.put("bootstrap", false);
        d.put("bootstrap_expect", 0L);
        d.put("raft_snapshot_threshold", 16384L);
        d.put("raft_trailing_logs", 10240L);
        d.put("raft_snapshot_interval", "30s");
        d.put("client_addr", "127.0.0.1");
        d.put("datacenter", "dc1");
        d.put("default_query_time", "300s");
        d.put("disable_host_node_id", true);
        d.put("domain", "consul.");
        d.put("log_level", "INFO");
        d.put("max_query_time", "600s");
        d.put("protocol", 2L);
        d.put("retry_interval", "30s");
        d.put("retry_interval_wan", "30s");
        d.put("server", false);
        d.put("syslog_facility", "LOCAL0");
        d.put("autopilot", map("cleanup_dead_servers", true, "last_contact_threshold", "200ms",
            "max_trailing_logs", 250L, "server_stabilization_time", "10s"));
        d.put("dns_config", map("allow_stale", true, "a_record_limit", 0L, "udp_answer_limit", 3L,
            "max_stale", "87600h", "recursor_timeout", "2s"));
        d.put("limits", map("http_max_conns_per_client", 200L, "rpc_max_conns_per_client", 100L,
            "kv_max_value_size", 524288L, "txn_max_req_len", 524288L));
        d.put("performance", map("leave_drain_time", "5s", "raft_multiplier", 5L, "rpc_hold_timeout", "7s"));
        d.put("ports", map("dns", 8600L, "http", 8500L, "https", -1L, "grpc", -1L, "serf_lan", 8301L,
            "serf_wan", 8302L, "server", 8300L));
        d.put("raft_protocol", 3L);
        return d;
    }

    private static Map<String, Object> devDefaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("bind_addr", "127.0.0.1");
        d.put("disable_keyring_file", true);
        d.put("ui_config", map("enabled", true));
        d.put("log_level", "DEBUG");
        d.put("server", true);
        d.put("performance", map("raft_multiplier", 1L));
        d.put("ports", map("grpc", 8502L));
        return d;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private List<Source> sources() throws ConfigException {
        String format = flags.configFormat;
        if (!format.isEmpty() && !format.equals("json") && !format.equals("hcl")) {
            throw new ConfigException("config: -config-format must be either 'hcl' or 'json'");
        }
        List<Source> all = new ArrayList<>();
        all.add(new Source("default", null, null, defaults(), false));
        if (flags.dev) {
            all.add(new Source("dev", null, null, devDefaults(), false));
        }
        // -join / -join-wan are deprecated aliases of -retry-join / -retry-join-wan
        Map<String, Object> slices = new LinkedHashMap<>(flags.slices);
        foldStartJoin(slices, "start_join", "retry_join", startJoin);
        foldStartJoin(slices, "start_join_wan", "retry_join_wan", startJoinWan);
        all.add(new Source("flags.slices", null, null, slices, true));
        for (String path : flags.configFiles) {
            all.addAll(sourcesFromPath(path, format));
        }
        all.add(new Source("flags.values", null, null, flags.values, true));
        for (int i = 0; i < flags.hcl.size(); i++) {
            all.add(new Source("flags-" + i + ".hcl", "hcl", flags.hcl.get(i), null, true));
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private void foldStartJoin(Map<String, Object> tree, String from, String to, List<String> record) {
        Object v = tree.remove(from);
        if (v instanceof List<?> l && !l.isEmpty()) {
            List<String> items = (List<String>) l;
            record.addAll(items);
            List<String> merged = new ArrayList<>();
            if (tree.get(to) instanceof List<?> existing) {
                merged.addAll((List<String>) existing);
            }
            merged.addAll(items);
            tree.put(to, merged);
            warn(deprecation(from, to));
        }
    }

    private List<Source> sourcesFromPath(String path, String format) throws ConfigException {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new ConfigException("config: Open failed on " + path + ". open " + path + ": " + ioReason(p, null));
        }
        if (!Files.isReadable(p)) {
            throw new ConfigException("config: Open failed on " + path + ". open " + path + ": permission denied");
        }
        if (!Files.isDirectory(p)) {
            if (!shouldParse(path, format)) {
                throw new ConfigException("file " + path
                    + " has unknown extension; must be .hcl or .json, or config format must be set");
            }
            return List.of(fileSource(path, format));
        }
        List<String> names = new ArrayList<>();
        try (var stream = Files.list(p)) {
            stream.forEach(e -> names.add(e.getFileName().toString()));
        } catch (IOException e) {
            throw new ConfigException("config: Readdir failed on " + path + ". readdirent " + path + ": "
                + ioReason(p, e));
        }
        // Go sorts by name, comparing bytes
        names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        List<Source> out = new ArrayList<>();
        for (String name : names) {
            String fp = joinPath(path, name);
            Path entry = Path.of(fp);
            if (Files.isSymbolicLink(entry)) {
                try {
                    Path real = entry.toRealPath();
                    fp = real.toString();
                    entry = real;
                } catch (IOException e) {
                    throw new ConfigException("lstat " + fp + ": " + ioReason(entry, e));
                }
            }
            if (Files.isDirectory(entry)) {
                continue; // no recursion
            }
            if (!shouldParse(fp, format)) {
                warn("skipping file " + fp + ", extension must be .hcl or .json, or config format must be set");
                continue;
            }
            out.add(fileSource(fp, format));
        }
        return out;
    }

    /** Go's filepath.Join for a directory and a plain name. */
    private static String joinPath(String dir, String name) {
        String d = dir;
        while (d.length() > 1 && d.endsWith("/")) {
            d = d.substring(0, d.length() - 1);
        }
        String joined = d.isEmpty() ? name : (d.endsWith("/") ? d + name : d + "/" + name);
        return Path.of(joined).normalize().toString();
    }

    private static boolean shouldParse(String path, String format) {
        return !format.isEmpty() || path.endsWith(".json") || path.endsWith(".hcl");
    }

    private Source fileSource(String path, String format) throws ConfigException {
        String data;
        try {
            data = new String(Files.readAllBytes(Path.of(path)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("config: failed to read " + path + ": read " + path + ": "
                + ioReason(Path.of(path), e));
        }
        String f = format;
        if (f.isEmpty()) {
            f = path.endsWith(".json") ? "json" : "hcl";
        }
        configSources.add(path);
        return new Source(path, f, data, null, true);
    }

    /** The part of a Go *PathError text after the path. */
    private static String ioReason(Path p, IOException e) {
        if (e == null || e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        String m = e.getMessage();
        if (m != null && m.toLowerCase(Locale.ROOT).contains("is a directory")) {
            return "is a directory";
        }
        return m == null ? e.toString() : m;
    }

    // ================================================================== parse + merge

    private Map<String, Object> parseAndMerge(List<Source> sources) throws ConfigException {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Source s : sources) {
            Map<String, Object> tree;
            if (s.literal != null) {
                tree = deepCopy(s.literal);
            } else {
                if (s.data.isEmpty()) {
                    continue; // Consul skips a source without data
                }
                Map<String, Object> raw;
                try {
                    if (s.format.equals("json") || HclParser.looksLikeJson(s.data)) {
                        raw = GoJson.parseObject(s.data.getBytes(StandardCharsets.UTF_8));
                    } else {
                        raw = HclParser.parse(s.data);
                    }
                } catch (GoJson.JsonException | HclException e) {
                    throw new ConfigException("failed to parse " + s.name + ": " + e.getMessage());
                }
                ConfigDecoder.Result r = ConfigDecoder.decode(raw, ConfigSchema.ROOT);
                if (!r.errors().isEmpty()) {
                    throw new ConfigException(ConfigException.Kind.CONFIG,
                        "failed to parse " + s.name + ": " + String.join("; ", r.errors()),
                        "failed to parse " + s.name + ": " + GoText.mapstructureErrors(r.errors()));
                }
                List<String> invalid = new ArrayList<>();
                for (String k : r.unused()) {
                    if (k.equals("acl_enforce_version_8")) {
                        warn("config key " + GoText.quote(k) + " is deprecated and should be removed");
                    } else {
                        invalid.add("invalid config key " + k);
                    }
                }
                if (!invalid.isEmpty()) {
                    throw new ConfigException(ConfigException.Kind.CONFIG,
                        "failed to parse " + s.name + ": " + String.join("; ", invalid),
                        "failed to parse " + s.name + ": " + GoText.multierror(invalid));
                }
                for (String k : r.ignored()) {
                    if (k.equals("license_path") || k.equals("audit")) {
                        warn(enterprise(k));
                    } else if (ignoredWarned.add(k)) {
                        warn("config key " + GoText.quote(k)
                            + " is accepted for compatibility with Consul but has no effect in Proconsul");
                    }
                }
                tree = r.tree();
                foldStartJoin(tree, "start_join", "retry_join", startJoin);
                foldStartJoin(tree, "start_join_wan", "retry_join_wan", startJoinWan);
            }
            enterpriseWarnings(tree);
            if (s.user && tree.get("autopilot") instanceof Map<?, ?> ap && !ap.isEmpty()) {
                autopilotConfigured = true;
            }
            singleToList(tree, "check", "checks");
            singleToList(tree, "service", "services");
            merge(merged, tree, ConfigSchema.ROOT);
        }
        return merged;
    }

    private static String enterprise(String key) {
        return GoText.quote(key) + " is a Consul Enterprise configuration and will have no effect";
    }

    private void enterpriseWarnings(Map<String, Object> tree) {
        if (tree.containsKey("read_replica")) {
            warn(enterprise("read_replica (or the deprecated non_voting_server)"));
        }
        if (tree.get("segment") instanceof String s && !s.isEmpty()) {
            warn(enterprise("segment"));
        }
        if (tree.get("segments") instanceof List<?> l && !l.isEmpty()) {
            warn(enterprise("segments"));
        }
        if (tree.get("partition") instanceof String s && !s.isEmpty()) {
            warn(enterprise("partition"));
        }
        if (tree.get("autopilot") instanceof Map<?, ?> ap) {
            if (ap.get("redundancy_zone_tag") instanceof String s && !s.isEmpty()) {
                warn(enterprise("autopilot.redundancy_zone_tag"));
            }
            if (ap.get("upgrade_version_tag") instanceof String s && !s.isEmpty()) {
                warn(enterprise("autopilot.upgrade_version_tag"));
            }
            if (ap.containsKey("disable_upgrade_migration")) {
                warn(enterprise("autopilot.disable_upgrade_migration"));
            }
        }
        if (tree.get("dns_config") instanceof Map<?, ?> dns && dns.containsKey("prefer_namespace")) {
            warn(enterprise("dns_config.prefer_namespace"));
            dns.remove("prefer_namespace");
        }
    }

    @SuppressWarnings("unchecked")
    private static void singleToList(Map<String, Object> tree, String single, String list) {
        Object v = tree.remove(single);
        if (v == null) {
            return;
        }
        List<Object> items = new ArrayList<>();
        if (tree.get(list) instanceof List<?> existing) {
            items.addAll(existing);
        }
        if (v instanceof ConfigDecoder.Repeated r) {
            items.addAll(r.values());
        } else {
            items.add(v);
        }
        tree.put(list, items);
    }

    /** Consul's Merge: later scalars win, lists append, non-empty maps replace, structs merge by field. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> into, Map<String, Object> layer, Schema schema) {
        for (Map.Entry<String, Object> e : layer.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (v == null) {
                continue;
            }
            Type t = schema.field(key);
            if (t instanceof Struct st && v instanceof Map<?, ?> m) {
                Map<String, Object> inner = (Map<String, Object>) into.computeIfAbsent(key,
                    k -> new LinkedHashMap<String, Object>());
                merge(inner, (Map<String, Object>) m, st.schema());
            } else if (t == StrList.INSTANCE || t == RawList.INSTANCE || t instanceof StructList) {
                List<Object> out = new ArrayList<>();
                if (into.get(key) instanceof List<?> old) {
                    out.addAll(old);
                }
                out.addAll((List<Object>) v);
                into.put(key, out);
            } else if (t == StrMap.INSTANCE || t instanceof MapOf) {
                if (!((Map<?, ?>) v).isEmpty()) {
                    into.put(key, v);
                }
            } else {
                into.put(key, v);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> inner) {
                v = deepCopy((Map<String, Object>) inner);
            } else if (v instanceof List<?> l) {
                v = new ArrayList<>(l);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    // ================================================================== typed access to the merged tree

    @SuppressWarnings("unchecked")
    private Object get(String path) {
        Object cur = c;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = ((Map<String, Object>) m).get(part);
        }
        return cur;
    }

    private String str(String path) {
        Object v = get(path);
        return v instanceof String s ? s : null;
    }

    private String strOr(String path, String dflt) {
        String s = str(path);
        return s == null ? dflt : s;
    }

    private boolean bool(String path) {
        return Boolean.TRUE.equals(get(path));
    }

    private Boolean boolOrNull(String path) {
        Object v = get(path);
        return v instanceof Boolean b ? b : null;
    }

    private long lng(String path) {
        Object v = get(path);
        return v instanceof Long l ? l : 0L;
    }

    private int integer(String path) {
        return (int) lng(path);
    }

    @SuppressWarnings("unchecked")
    private List<String> strings(String path) {
        Object v = get(path);
        return v instanceof List<?> l ? (List<String>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> stringMap(String path) {
        Object v = get(path);
        return v instanceof Map<?, ?> m ? (Map<String, String>) m : Map.of();
    }

    /** Consul's durationVal: unset is zero, a bad value is a collected error. */
    private Duration duration(String name, String value) {
        if (value == null) {
            return Duration.ZERO;
        }
        try {
            return GoDuration.parse(value);
        } catch (GoDuration.InvalidDurationException e) {
            deferred.add(name + ": invalid duration: " + GoText.quote(value) + ": " + e.getMessage());
            return Duration.ZERO;
        }
    }

    private Duration durationAt(String name, String path) {
        return duration(name, str(path));
    }

    /** Consul's portVal: unset or <= 0 is -1 (off); above 65535 is a collected error. */
    private int port(String name) {
        Object v = get(name);
        if (!(v instanceof Long l) || l <= 0) {
            return -1;
        }
        if (l > 65535) {
            deferred.add(name + ": invalid port: " + l);
        }
        return (int) (long) l;
    }

    // ================================================================== addresses

    /** An expanded address: an IP, or a unix socket path. */
    private record Addr(InetAddress ip, String unixPath) {
        boolean isUnix() {
            return unixPath != null;
        }

        String text() {
            return isUnix() ? "unix://" + unixPath : GoNet.ipString(ip);
        }
    }

    private String expandTemplate(String name, String s) throws ConfigException {
        if (!GoNet.isTemplate(s)) {
            return s;
        }
        try {
            return GoNet.expandTemplate(s, host);
        } catch (GoNet.TemplateException e) {
            String message = name + ": error parsing " + GoText.quote(s) + ": " + e.getMessage();
            if (e.unsupported) {
                // Consul would have evaluated it; say so at once instead of "bind_addr cannot be empty"
                throw new ConfigException(message);
            }
            deferred.add(message);
            return null;
        }
    }

    /** Consul's expandAddrs: template, split on white space, each an IP or unix:// path. */
    private List<Addr> expandAddrs(String name, String s) throws ConfigException {
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        String x = expandTemplate(name, s);
        if (x == null) {
            return List.of();
        }
        List<Addr> out = new ArrayList<>();
        for (String a : x.trim().split("\\s+")) {
            if (a.isEmpty()) {
                continue;
            }
            if (a.startsWith("unix://")) {
                out.add(new Addr(null, a.substring("unix://".length())));
                continue;
            }
            InetAddress ip = GoNet.parseIP(a.equals("[::]") ? "::" : a);
            if (ip == null) {
                deferred.add(name + ": invalid ip address: " + a);
                return List.of();
            }
            out.add(new Addr(ip, null));
        }
        return out;
    }

    /** Consul's expandIPs: like expandAddrs, unix sockets not allowed. */
    private List<InetAddress> expandIPs(String name, String s) throws ConfigException {
        List<InetAddress> out = new ArrayList<>();
        for (Addr a : expandAddrs(name, s)) {
            if (a.isUnix()) {
                deferred.add(name + " cannot be a unix socket");
                return List.of();
            }
            out.add(a.ip());
        }
        return out;
    }

    /** Consul's expandFirstIP: at most one IP. */
    private InetAddress expandFirstIP(String name, String s) throws ConfigException {
        List<Addr> addrs = expandAddrs(name, s);
        if (addrs.isEmpty()) {
            return null;
        }
        if (addrs.size() > 1) {
            List<String> texts = new ArrayList<>();
            for (Addr a : addrs) {
                texts.add(a.isUnix() ? a.unixPath() : GoNet.ipString(a.ip()));
            }
            deferred.add(name + ": multiple addresses found: " + String.join(" ", texts));
            return null;
        }
        if (addrs.get(0).isUnix()) {
            deferred.add(name + " cannot be a unix socket");
            return null;
        }
        return addrs.get(0).ip();
    }

    private static boolean isAny(String s) {
        return "0.0.0.0".equals(s) || "::".equals(s) || "[::]".equals(s);
    }

    private static boolean isAny(InetAddress ip) {
        return ip != null && isAny(GoNet.ipString(ip));
    }

    /** A listener address for the uniqueness check: network and Go's String() of the address. */
    private record Listener(String network, String address) {
    }

    private static List<Listener> listeners(List<Addr> explicit, List<InetAddress> client, int port, boolean dns) {
        if (port <= 0 || (explicit.isEmpty() && client.isEmpty())) {
            return List.of();
        }
        List<Addr> addrs = explicit;
        if (addrs.isEmpty()) {
            addrs = new ArrayList<>();
            for (InetAddress ip : client) {
                addrs.add(new Addr(ip, null));
            }
        }
        List<Listener> out = new ArrayList<>();
        for (Addr a : addrs) {
            out.add(a.isUnix() ? new Listener("unix", a.unixPath())
                : new Listener("tcp", GoNet.hostPort(GoNet.ipString(a.ip()), port)));
        }
        if (dns) {
            for (Addr a : addrs) {
                if (!a.isUnix()) {
                    out.add(new Listener("udp", GoNet.hostPort(GoNet.ipString(a.ip()), port)));
                }
            }
        }
        return out;
    }

    private static void unique(Map<String, String> inUse, String name, List<Listener> listeners) throws ConfigException {
        for (Listener l : listeners) {
            String key = l.network() + ":" + l.address();
            String other = inUse.get(key);
            if (other != null) {
                throw new ConfigException(name + " address " + l.address() + " already configured for " + other);
            }
            inUse.put(key, name);
        }
    }

    // ================================================================== build + validate

    AgentConfig build() throws ConfigException {
        List<Source> sources = sources();
        c = parseAndMerge(sources);
        boolean dev = flags.dev;

        // ---- dns_config durations and defaults (service_ttl, soa)
        Map<String, Duration> serviceTtl = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : stringMap("dns_config.service_ttl").entrySet()) {
            serviceTtl.put(e.getKey(), duration("dns_config.service_ttl[" + GoText.quote(e.getKey()) + "]", e.getValue()));
        }
        Map<String, Integer> soa = new LinkedHashMap<>();
        soa.put("refresh", 3600);
        soa.put("retry", 600);
        soa.put("expire", 86400);
        soa.put("min_ttl", 0);
        for (String k : List.of("refresh", "retry", "expire", "min_ttl")) {
            if (get("dns_config.soa." + k) instanceof Long l) {
                soa.put(k, (int) (long) l);
            }
        }

        boolean serverMode = bool("server");
        Boolean leaveOnTermSet = boolOrNull("leave_on_terminate");
        boolean leaveOnTerm = leaveOnTermSet != null ? leaveOnTermSet : !serverMode;
        Boolean skipLeaveSet = boolOrNull("skip_leave_on_interrupt");
        boolean skipLeaveOnInt = skipLeaveSet != null ? skipLeaveSet : serverMode;

        // ---- checks and services
        List<Map<String, Object>> checks = new ArrayList<>();
        for (Object o : listOf("checks")) {
            checks.add(checkVal(asMap(o)));
        }
        List<Map<String, Object>> services = new ArrayList<>();
        for (Object o : listOf("services")) {
            services.add(serviceVal(asMap(o)));
        }

        // ---- ports
        int dnsPort = port("ports.dns");
        int httpPort = port("ports.http");
        int httpsPort = port("ports.https");
        int serverPort = port("ports.server");
        int grpcPort = port("ports.grpc");
        int serfPortLan = port("ports.serf_lan");
        int serfPortWan = port("ports.serf_wan");
        if (serverPort <= 0) {
            throw new ConfigException("server-port must be greater than zero");
        }
        if (serfPortLan <= 0) {
            throw new ConfigException("serf-lan-port must be greater than zero");
        }

        // ---- bind and advertise addresses
        List<Addr> bindAddrs = expandAddrs("bind_addr", str("bind_addr"));
        if (bindAddrs.isEmpty()) {
            throw new ConfigException("bind_addr cannot be empty");
        }
        if (bindAddrs.size() > 1) {
            throw new ConfigException(
                "bind_addr cannot contain multiple addresses. Use 'addresses.{dns,http,https}' instead.");
        }
        if (bindAddrs.get(0).isUnix()) {
            throw new ConfigException("bind_addr cannot be a unix socket");
        }
        if (isAny(str("advertise_addr"))) {
            throw new ConfigException("Advertise address cannot be 0.0.0.0, :: or [::]");
        }
        if (isAny(str("advertise_addr_wan"))) {
            throw new ConfigException("Advertise WAN address cannot be 0.0.0.0, :: or [::]");
        }
        InetAddress bindAddr = bindAddrs.get(0).ip();
        InetAddress advertiseLan = expandFirstIP("advertise_addr", str("advertise_addr"));
        InetAddress advertise = advertiseLan != null ? advertiseLan : bindAddr;
        if (isAny(advertise)) {
            boolean v4 = advertise instanceof Inet4Address;
            String kind = v4 ? "private IPv4" : "public IPv6";
            List<InetAddress> found;
            try {
                found = v4 ? GoNet.privateIPv4(host) : GoNet.publicIPv6(host);
            } catch (IOException e) {
                throw new ConfigException("Error detecting " + kind + " address: " + e.getMessage());
            }
            if (found.isEmpty()) {
                throw new ConfigException("No " + kind + " address found");
            }
            if (found.size() > 1) {
                throw new ConfigException("Multiple " + kind
                    + " addresses found. Please configure one with 'bind' and/or 'advertise'.");
            }
            advertise = found.get(0);
        }
        InetAddress serfLanBind = expandFirstIP("serf_lan", str("serf_lan"));
        InetAddress serfWanBind = serfPortWan >= 0 ? expandFirstIP("serf_wan", str("serf_wan")) : null;
        if (serfLanBind == null) {
            serfLanBind = bindAddr;
        }
        if (serfWanBind == null) {
            serfWanBind = bindAddr;
        }
        InetAddress advertiseWanSet = expandFirstIP("advertise_addr_wan", str("advertise_addr_wan"));
        InetAddress advertiseWan = advertiseWanSet != null ? advertiseWanSet : advertise;

        // ---- client and listener addresses
        List<InetAddress> clientAddrs = expandIPs("client_addr", str("client_addr"));
        if (clientAddrs.isEmpty()) {
            warn("client_addr is empty, client services (DNS, HTTP, HTTPS, GRPC) will not be listening for connections");
        }
        List<Addr> addrDns = expandAddrs("addresses.dns", str("addresses.dns"));
        List<Addr> addrHttp = expandAddrs("addresses.http", str("addresses.http"));
        List<Addr> addrHttps = expandAddrs("addresses.https", str("addresses.https"));
        List<Addr> addrGrpc = expandAddrs("addresses.grpc", str("addresses.grpc"));
        List<Listener> dnsListeners = listeners(addrDns, clientAddrs, dnsPort, true);
        List<Listener> httpListeners = listeners(addrHttp, clientAddrs, httpPort, false);
        List<Listener> httpsListeners = listeners(addrHttps, clientAddrs, httpsPort, false);

        // ---- recursors
        List<String> recursors = new ArrayList<>();
        for (String r : strings("recursors")) {
            String x = r;
            if (GoNet.isTemplate(r)) {
                try {
                    x = GoNet.expandTemplate(r, host);
                } catch (GoNet.TemplateException e) {
                    throw new ConfigException("Invalid DNS recursor template " + GoText.quote(r) + ": " + e.getMessage());
                }
            }
            for (String a : x.trim().split("\\s+")) {
                if (a.isEmpty()) {
                    continue;
                }
                if (a.startsWith("unix://")) {
                    throw new ConfigException("DNS Recursors cannot be unix sockets: " + a);
                }
                if (!recursors.contains(a)) {
                    recursors.add(a);
                }
            }
        }

        String datacenter = strOr("datacenter", "").toLowerCase(Locale.ROOT);
        String altDomain = strOr("alt_domain", "");

        // ---- segments (Enterprise)
        for (Object o : listOf("segments")) {
            Map<String, Object> seg = o instanceof Map<?, ?> ? asMap(o) : Map.of();
            Object name = seg.get("name");
            Object p = seg.get("port");
            long segPort = p instanceof Long l ? l : p instanceof Double d ? (long) (double) d : 0;
            if (segPort <= 0) {
                throw new ConfigException("Port for segment " + GoText.quote(name instanceof String s ? s : "")
                    + " cannot be <= 0");
            }
        }

        // ---- performance
        long raftMultiplier = lng("performance.raft_multiplier");
        if (raftMultiplier < 1 || raftMultiplier > MAX_RAFT_MULTIPLIER) {
            throw new ConfigException("performance.raft_multiplier cannot be " + raftMultiplier
                + ". Must be between 1 and " + MAX_RAFT_MULTIPLIER);
        }

        // ---- deprecated ui key
        Boolean uiEnabled = boolOrNull("ui_config.enabled");
        if (get("ui") != null) {
            warn("The 'ui' field is deprecated. Use the 'ui_config.enabled' field instead.");
            if (uiEnabled == null) {
                uiEnabled = boolOrNull("ui");
            }
        }

        // ---- the remaining values, in the order Consul evaluates them
        AgentConfig.Autopilot autopilot = new AgentConfig.Autopilot(autopilotConfigured,
            bool("autopilot.cleanup_dead_servers"),
            durationAt("autopilot.last_contact_threshold", "autopilot.last_contact_threshold"),
            integer("autopilot.max_trailing_logs"), lng("autopilot.min_quorum"),
            durationAt("autopilot.server_stabilization_time", "autopilot.server_stabilization_time"),
            strOr("autopilot.redundancy_zone_tag", ""), bool("autopilot.disable_upgrade_migration"),
            strOr("autopilot.upgrade_version_tag", ""));

        Map<String, Object> dnsConfig = new LinkedHashMap<>();
        dnsConfig.put("allow_stale", bool("dns_config.allow_stale"));
        dnsConfig.put("a_record_limit", integer("dns_config.a_record_limit"));
        dnsConfig.put("disable_compression", bool("dns_config.disable_compression"));
        dnsConfig.put("enable_truncate", bool("dns_config.enable_truncate"));
        dnsConfig.put("max_stale", durationAt("dns_config.max_stale", "dns_config.max_stale"));
        dnsConfig.put("node_ttl", durationAt("dns_config.node_ttl", "dns_config.node_ttl"));
        dnsConfig.put("only_passing", bool("dns_config.only_passing"));
        String strategy = strOr("dns_config.recursor_strategy", "");
        if (!strategy.isEmpty() && !strategy.equals("sequential") && !strategy.equals("random")) {
            deferred.add("dns_config.recursor_strategy: invalid strategy: " + GoText.quote(strategy));
        }
        dnsConfig.put("recursor_strategy", strategy.equals("random") ? "random" : "sequential");
        dnsConfig.put("recursor_timeout", durationAt("recursor_timeout", "dns_config.recursor_timeout"));
        dnsConfig.put("service_ttl", Collections.unmodifiableMap(serviceTtl));
        dnsConfig.put("soa", Collections.unmodifiableMap(soa));
        dnsConfig.put("udp_answer_limit", integer("dns_config.udp_answer_limit"));
        Boolean metaTxt = boolOrNull("dns_config.enable_additional_node_meta_txt");
        dnsConfig.put("enable_additional_node_meta_txt", metaTxt == null || metaTxt);
        dnsConfig.put("use_cache", bool("dns_config.use_cache"));
        dnsConfig.put("cache_max_age", durationAt("dns_config.cache_max_age", "dns_config.cache_max_age"));

        Duration defaultQueryTime = durationAt("default_query_time", "default_query_time");
        String encrypt = strOr("encrypt", "");
        AgentConfig.Limits limits = new AgentConfig.Limits(lng("limits.kv_max_value_size"),
            lng("limits.txn_max_req_len"), integer("limits.http_max_conns_per_client"),
            integer("limits.rpc_max_conns_per_client"));
        Duration leaveDrainTime = durationAt("performance.leave_drain_time", "performance.leave_drain_time");
        String logLevel = strOr("log_level", "");
        Duration logRotateDuration = durationAt("log_rotate_duration", "log_rotate_duration");
        Duration maxQueryTime = durationAt("max_query_time", "max_query_time");
        String nodeId = strOr("node_id", "");
        Map<String, String> nodeMeta = stringMap("node_meta");
        String nodeName = nodeName();
        Duration rpcHoldTimeout = durationAt("performance.rpc_hold_timeout", "performance.rpc_hold_timeout");
        Duration reconnectTimeout = durationAt("reconnect_timeout", "reconnect_timeout");
        Duration reconnectTimeoutWan = durationAt("reconnect_timeout_wan", "reconnect_timeout_wan");
        Duration retryInterval = durationAt("retry_interval", "retry_interval");
        Duration retryIntervalWan = durationAt("retry_interval_wan", "retry_interval_wan");
        List<String> retryJoin = expandAllOptionalAddrs("retry_join", strings("retry_join"));
        List<String> retryJoinWan = expandAllOptionalAddrs("retry_join_wan", strings("retry_join_wan"));
        Duration sessionTtlMin = durationAt("session_ttl_min", "session_ttl_min");
        Duration checkUpdateInterval = durationAt("check_update_interval", "check_update_interval");
        String dataDir = strOr("data_dir", "");
        long snapshotThreshold = lng("raft_snapshot_threshold");
        long trailingLogs = lng("raft_trailing_logs");
        Duration snapshotInterval = durationAt("raft_snapshot_interval", "raft_snapshot_interval");
        if (snapshotInterval.isZero() || snapshotInterval.isNegative()) {
            throw new ConfigException("raft_snapshot_interval must be positive, got " + GoDuration.format(snapshotInterval));
        }
        if (snapshotThreshold < 1) {
            throw new ConfigException("raft_snapshot_threshold must be at least 1, got " + snapshotThreshold);
        }
        if (trailingLogs < 0) {
            throw new ConfigException("raft_trailing_logs must not be negative, got " + trailingLogs);
        }
        AgentConfig.Performance performance = new AgentConfig.Performance((int) raftMultiplier, leaveDrainTime,
            rpcHoldTimeout, snapshotThreshold, trailingLogs, snapshotInterval);

        boolean bootstrap = bool("bootstrap");
        long bootstrapExpect = lng("bootstrap_expect");
        if (bootstrapExpect == 1) {
            bootstrap = true;
            bootstrapExpect = 0;
            warn("BootstrapExpect is set to 1; this is the same as Bootstrap mode.");
        }

        // ================================================================ validate
        long raftProtocol = lng("raft_protocol");
        if (raftProtocol != 3) {
            throw new ConfigException("raft_protocol version " + raftProtocol + " is not supported by this version of Consul");
        }
        validateBasicName("datacenter", datacenter);
        if (dataDir.isEmpty() && !dev) {
            throw new ConfigException("data_dir cannot be empty");
        }
        if (!dev) {
            Path dd = Path.of(dataDir);
            if (Files.exists(dd) && !Files.isDirectory(dd)) {
                throw new ConfigException("data_dir " + GoText.quote(dataDir) + " is not a directory");
            }
        }
        if (nodeName.isEmpty()) {
            throw new ConfigException("node_name cannot be empty");
        } else if (DNS_INVALID_NAME.matcher(nodeName).find()) {
            warn("Node name " + GoText.quote(nodeName) + " will not be discoverable via DNS due to invalid "
                + "characters. Valid characters include all alpha-numerics and dashes.");
        } else if (nodeName.getBytes(StandardCharsets.UTF_8).length > 63) {
            warn("Node name " + GoText.quote(nodeName) + " will not be discoverable via DNS due to it being too "
                + "long. Valid lengths are between 1 and 63 bytes.");
        }
        if (isAny(advertise)) {
            throw new ConfigException("Advertise address cannot be 0.0.0.0, :: or [::]");
        }
        if (isAny(advertiseWan)) {
            throw new ConfigException("Advertise WAN address cannot be 0.0.0.0, :: or [::]");
        }
        if (!strOr("segment", "").isEmpty() || !listOf("segments").isEmpty()) {
            throw new ConfigException("Network segments are not supported in this version of Consul");
        }
        for (Listener l : dnsListeners) {
            if (l.network().equals("unix")) {
                throw new ConfigException("DNS address cannot be a unix socket");
            }
        }
        for (String r : recursors) {
            if (isAny(r)) {
                throw new ConfigException("DNS recursor address cannot be 0.0.0.0, :: or [::]");
            }
        }
        Pattern reAlt = Pattern.compile("^(service|connect|node|query|addr|" + Pattern.quote(datacenter) + ")\\.("
            + Pattern.quote(datacenter) + "\\.)?");
        if (reAlt.matcher(altDomain).find()) {
            throw new ConfigException("alt_domain cannot start with {service,connect,node,query,addr," + datacenter + "}");
        }
        if (bootstrap && !serverMode) {
            throw new ConfigException("'bootstrap = true' requires 'server = true'");
        }
        if (bootstrapExpect < 0) {
            throw new ConfigException("bootstrap_expect cannot be " + bootstrapExpect
                + ". Must be greater than or equal to zero");
        }
        if (bootstrapExpect > 0 && !serverMode) {
            throw new ConfigException("'bootstrap_expect > 0' requires 'server = true'");
        }
        if (bootstrapExpect > 0 && dev) {
            throw new ConfigException("'bootstrap_expect > 0' not allowed in dev mode");
        }
        if (bootstrapExpect > 0 && bootstrap) {
            throw new ConfigException("'bootstrap_expect > 0' and 'bootstrap = true' are mutually exclusive");
        }
        if (autopilot.maxTrailingLogs() < 0) {
            throw new ConfigException("autopilot.max_trailing_logs cannot be " + autopilot.maxTrailingLogs()
                + ". Must be greater than or equal to zero");
        }
        int udpAnswerLimit = (Integer) dnsConfig.get("udp_answer_limit");
        if (udpAnswerLimit < 0) {
            throw new ConfigException("dns_config.udp_answer_limit cannot be " + udpAnswerLimit
                + ". Must be greater than or equal to zero");
        }
        int aRecordLimit = (Integer) dnsConfig.get("a_record_limit");
        if (aRecordLimit < 0) {
            throw new ConfigException("dns_config.a_record_limit cannot be " + aRecordLimit
                + ". Must be greater than or equal to zero");
        }
        String metaError = validateMetadata(nodeMeta);
        if (metaError != null) {
            throw new ConfigException("node_meta invalid: " + metaError);
        }
        byte[] key = null;
        if (!encrypt.isEmpty()) {
            try {
                key = GoBase64.decode(encrypt);
            } catch (GoBase64.CorruptInputException e) {
                throw new ConfigException("encrypt has invalid key: " + e.getMessage());
            }
        }
        if (serverMode && !dataDir.isEmpty()) {
            Path mdb = Path.of(dataDir, "mdb");
            if (Files.exists(mdb, LinkOption.NOFOLLOW_LINKS)) {
                throw new ConfigException("CRITICAL: Deprecated data folder found at " + GoText.quote(mdb.toString())
                    + "!\nConsul will refuse to boot with this directory present.\n"
                    + "See https://www.consul.io/docs/upgrade-specific.html for more information.");
            }
        }
        Map<String, String> inUse = new LinkedHashMap<>();
        unique(inUse, "DNS", dnsListeners);
        unique(inUse, "HTTP", httpListeners);
        unique(inUse, "HTTPS", httpsListeners);
        unique(inUse, "RPC Advertise", List.of(new Listener("tcp", GoNet.hostPort(GoNet.ipString(advertise), serverPort))));
        unique(inUse, "Serf Advertise LAN",
            List.of(new Listener("tcp", GoNet.hostPort(GoNet.ipString(advertise), serfPortLan))));
        if (serfPortWan >= 0) {
            unique(inUse, "Serf Advertise WAN",
                List.of(new Listener("tcp", GoNet.hostPort(GoNet.ipString(advertiseWan), serfPortWan))));
        }
        if (!deferred.isEmpty()) {
            throw new ConfigException(ConfigException.Kind.CONFIG, String.join("; ", deferred),
                GoText.multierror(deferred));
        }

        // ---- Consul's warnings
        if (serverMode && !dev && !bootstrap && bootstrapExpect == 2) {
            warn("bootstrap_expect = 2: A cluster with 2 servers will provide no failure tolerance. See "
                + "https://www.consul.io/docs/internals/consensus.html#deployment-table");
        }
        if (serverMode && !bootstrap && bootstrapExpect > 2 && bootstrapExpect % 2 == 0) {
            warn("bootstrap_expect is even number: A cluster with an even number of servers does not achieve "
                + "optimum fault tolerance. See https://www.consul.io/docs/internals/consensus.html#deployment-table");
        }
        if (serverMode && bootstrap && bootstrapExpect == 0) {
            warn("bootstrap = true: do not enable unless necessary");
        }
        if (serverMode && !dev && !bootstrap && bootstrapExpect > 1) {
            warn("bootstrap_expect > 0: expecting " + bootstrapExpect + " servers");
        }

        // ---- checks Consul makes when the agent starts, before anything listens
        if (!LOG_LEVELS.contains(logLevel.toUpperCase(Locale.ROOT))) {
            throw new ConfigException("Invalid log level: " + logLevel + ". Valid log levels are: "
                + GoText.list(LOG_LEVELS));
        }
        long protocol = lng("protocol");
        if (protocol < 2) {
            throw new ConfigException("Protocol version '" + protocol + "' too low. Must be in range: [2, 3]");
        }
        if (protocol > 3) {
            throw new ConfigException("Protocol version '" + protocol + "' too high. Must be in range: [2, 3]");
        }
        if (!nodeId.isEmpty()) {
            nodeId = nodeId.toLowerCase(Locale.ROOT);
            String uuidError = uuidError(nodeId);
            if (uuidError != null) {
                throw new ConfigException(uuidError);
            }
        }
        if (key != null && key.length != 16 && key.length != 24 && key.length != 32) {
            throw new ConfigException("encrypt has invalid key: key size must be 16, 24 or 32 bytes");
        }
        String logFile = strOr("log_file", "");
        AgentConfig.LogFileTarget logTarget = logFileTarget(logFile, dataDir);

        List<String> clientTexts = new ArrayList<>();
        for (InetAddress a : clientAddrs) {
            clientTexts.add(GoNet.ipString(a));
        }
        AgentConfig.Ports ports = new AgentConfig.Ports(httpPort, httpsPort, dnsPort, grpcPort, serfPortLan,
            serfPortWan, serverPort);
        AgentConfig.Addresses addresses = new AgentConfig.Addresses(texts(addrHttp), texts(addrHttps), texts(addrDns),
            texts(addrGrpc));

        return new AgentConfig(
            dev,
            serverMode,
            bootstrap || (dev && serverMode),
            (int) bootstrapExpect,
            nodeName,
            nodeId.isEmpty() ? null : nodeId,
            bool("disable_host_node_id"),
            datacenter,
            dataDir.isEmpty() ? null : dataDir,
            GoNet.ipString(bindAddr),
            GoNet.ipString(advertise),
            GoNet.ipString(advertiseWan),
            GoNet.ipString(serfLanBind),
            GoNet.ipString(serfWanBind),
            List.copyOf(clientTexts),
            ports,
            addresses,
            List.copyOf(retryJoin),
            List.copyOf(retryJoinWan),
            retryInterval,
            retryIntervalWan,
            integer("retry_max"),
            integer("retry_max_wan"),
            List.copyOf(startJoin),
            List.copyOf(startJoinWan),
            bool("rejoin_after_leave"),
            encrypt.isEmpty() ? null : encrypt,
            bool("disable_keyring_file"),
            logLevel,
            logFile.isEmpty() ? null : logFile,
            logTarget,
            bool("log_json"),
            lng("log_rotate_bytes"),
            logRotateDuration,
            integer("log_rotate_max_files"),
            bool("enable_syslog"),
            strOr("syslog_facility", "LOCAL0"),
            Collections.unmodifiableMap(new LinkedHashMap<>(nodeMeta)),
            strOr("domain", ""),
            altDomain.isEmpty() ? null : altDomain,
            List.copyOf(recursors),
            uiEnabled != null && uiEnabled,
            strOr("pid_file", "").isEmpty() ? null : str("pid_file"),
            defaultQueryTime,
            maxQueryTime,
            leaveOnTerm,
            skipLeaveOnInt,
            limits,
            performance,
            autopilot,
            Collections.unmodifiableMap(dnsConfig),
            reconnectTimeout.isZero() ? DEFAULT_RECONNECT_TIMEOUT : reconnectTimeout,
            reconnectTimeoutWan.isZero() ? DEFAULT_RECONNECT_TIMEOUT : reconnectTimeoutWan,
            sessionTtlMin.isZero() ? DEFAULT_SESSION_TTL_MIN : sessionTtlMin,
            bool("enable_script_checks"),
            bool("enable_local_script_checks"),
            checkUpdateInterval.isZero() ? DEFAULT_CHECK_UPDATE_INTERVAL : checkUpdateInterval,
            (int) raftProtocol,
            (int) protocol,
            immutableMaps(services),
            immutableMaps(checks),
            List.copyOf(configSources));
    }

    private static List<String> texts(List<Addr> addrs) {
        List<String> out = new ArrayList<>();
        for (Addr a : addrs) {
            out.add(a.text());
        }
        return out;
    }

    private List<Object> listOf(String path) {
        Object v = get(path);
        if (v instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
    }

    private String nodeName() {
        String name = strOr("node_name", "");
        if (name.isEmpty()) {
            try {
                name = host.hostname();
            } catch (IOException e) {
                deferred.add("node_name: " + e.getMessage());
                return "";
            }
        }
        return name == null ? "" : name.strip();
    }

    private List<String> expandAllOptionalAddrs(String name, List<String> addrs) throws ConfigException {
        List<String> out = new ArrayList<>();
        for (String a : addrs) {
            if (a == null || a.isEmpty()) {
                continue;
            }
            String x = expandTemplate(name, a);
            if (x == null) {
                continue;
            }
            if (x.equals(a)) {
                out.add(a);
            } else {
                for (String f : x.trim().split("\\s+")) {
                    if (!f.isEmpty()) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }

    private static void validateBasicName(String field, String value) throws ConfigException {
        if (value.isEmpty()) {
            throw new ConfigException(field + " cannot be empty");
        }
        if (!BASIC_NAME.matcher(value).matches()) {
            throw new ConfigException(field + " can only contain lowercase alphanumeric, - or _ characters."
                + " received: " + GoText.quote(value));
        }
    }

    /** Consul's structs.validateMetadata for node and service metadata; null when valid. */
    static String validateMetadata(Map<String, String> meta) {
        if (meta.size() > 64) {
            return "Node metadata cannot contain more than 64 key/value pairs";
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            String err = null;
            if (k.isEmpty()) {
                err = "Key cannot be blank";
            } else if (!META_KEY.matcher(k).matches()) {
                err = "Key contains invalid characters";
            } else if (k.length() > 128) {
                err = "Key is too long (limit: 128 characters)";
            } else if (k.startsWith("consul-")) {
                err = "Key prefix 'consul-' is reserved for internal use";
            } else if (v.getBytes(StandardCharsets.UTF_8).length > 512) {
                err = "Value is too long (limit: 512 characters)";
            }
            if (err != null) {
                return "Couldn't load metadata pair ('" + k + "', '" + v + "'): " + err;
            }
        }
        return null;
    }

    /** hashicorp/go-uuid ParseUUID errors; null for a valid UUID. */
    static String uuidError(String id) {
        if (id.length() != 36) {
            return "uuid string is wrong length";
        }
        if (id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-' || id.charAt(23) != '-') {
            return "uuid is improperly formatted";
        }
        String hex = id.substring(0, 8) + id.substring(9, 13) + id.substring(14, 18) + id.substring(19, 23)
            + id.substring(24);
        for (int i = 0; i < hex.length(); i++) {
            char ch = hex.charAt(i);
            if (Character.digit(ch, 16) < 0) {
                return "encoding/hex: invalid byte: " + String.format("U+%04X", (int) ch) + " '" + ch + "'";
            }
        }
        return null;
    }

    // ---- services and checks

    private Map<String, Object> checkVal(Map<String, Object> check) {
        Map<String, Object> out = new LinkedHashMap<>(check);
        String id = check.get("id") instanceof String s ? s : "";
        for (String field : List.of("interval", "timeout", "ttl", "deregister_critical_service_after")) {
            if (check.get(field) instanceof String d) {
                duration("check[" + id + "]." + field, d);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> serviceVal(Map<String, Object> service) {
        Map<String, Object> out = new LinkedHashMap<>(service);
        String name = service.get("name") instanceof String s ? s : "";
        List<Map<String, Object>> checks = new ArrayList<>();
        if (service.get("checks") instanceof List<?> l) {
            for (Object o : l) {
                checks.add(checkVal(asMap(o)));
            }
        }
        if (service.get("check") instanceof Map<?, ?> m) {
            checkVal((Map<String, Object>) m);
        }
        if (!checks.isEmpty()) {
            out.put("checks", checks);
        }
        if (service.get("meta") instanceof Map<?, ?> meta) {
            String err = validateMetadata((Map<String, String>) meta);
            if (err != null) {
                deferred.add("invalid meta for service " + name + ": " + err);
            }
        }
        if (service.get("weights") instanceof Map<?, ?> w) {
            long passing = w.get("passing") instanceof Long p ? p : 1;
            long warning = w.get("warning") instanceof Long x ? x : 1;
            String err = null;
            if (passing < 1) {
                err = "Passing must be greater than 0";
            } else if (warning < 0) {
                err = "Warning must be greater or equal than 0";
            } else if (passing > 65535 || warning > 65535) {
                err = "DNS Weight must be between 0 and 65535";
            }
            if (err != null) {
                deferred.add("Invalid weight definition for service " + name + ": " + err);
            }
        }
        if ((service.containsKey("port") || service.containsKey("address")) && service.containsKey("socket_path")) {
            deferred.add("service " + name + " cannot have both socket path " + service.get("socket_path")
                + " and address/port");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object deepImmutable(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), deepImmutable(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(deepImmutable(o));
            }
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> immutableMaps(List<Map<String, Object>> maps) {
        return (List<Map<String, Object>>) deepImmutable(maps);
    }

    // ---- log file

    /**
     * Where {@code -log-file} / {@code log_file} sends the log.
     *
     * <p>Consul's rules changed. Up to Consul 1.14.9 / 1.15.5 / 1.16.1 every log file, the first one too,
     * was named {@code <name>-<unix nanos><ext>} ({@code .log} when the name had no extension), so the
     * value was a prefix: {@code -log-file=/tmp/consul/root} wrote {@code /tmp/consul/root-1612...log} next
     * to a data dir of the same name, and a value ending in {@code /} wrote {@code consul-<nanos>.log}
     * inside that directory. Since Consul 1.17 (backported to 1.14.10, 1.15.6, 1.16.2; hashicorp/consul
     * PR 18617) the active file has exactly the configured name ({@code consul.log} for a value ending in
     * a separator) and only rotated files get {@code -<unix nanos>} before the extension ({@code .log}
     * appended when there is none).
     *
     * <p>We follow the newer rule with one addition. Under that rule Consul opens the path itself as the
     * log file, so the seed's {@code -data-dir=/tmp/consul/root -log-file=/tmp/consul/root} breaks it:
     * with the directory present the agent stops with {@code Failed to setup logging: open
     * /tmp/consul/root: is a directory}, and without it the log file takes the data directory's name and
     * the data directory cannot be created. So a value that names an existing directory, or the data
     * directory, is taken as a directory ({@code <value>/consul.log}), the same as a value ending in a
     * separator, and a warning says so.
     */
    private AgentConfig.LogFileTarget logFileTarget(String logFile, String dataDir) {
        if (logFile.isEmpty()) {
            return null;
        }
        int slash = logFile.lastIndexOf('/');
        String dir = logFile.substring(0, slash + 1);
        String file = logFile.substring(slash + 1);
        boolean intoDirectory = false;
        if (file.isEmpty()) {
            file = "consul.log";
            intoDirectory = true;
        } else if (Files.isDirectory(Path.of(logFile)) || (!dataDir.isEmpty() && samePath(logFile, dataDir))) {
            dir = logFile;
            file = "consul.log";
            intoDirectory = true;
            warn("log_file " + GoText.quote(logFile) + " names a directory" + (samePath(logFile, dataDir)
                ? " (the data directory)" : "") + "; writing the log to "
                + GoText.quote(Path.of(logFile).resolve(file).toString()));
        }
        int dot = file.lastIndexOf('.');
        String ext = dot >= 0 ? file.substring(dot) : "";
        String base = file.substring(0, file.length() - ext.length());
        String archive = base + "-%d" + (ext.isEmpty() ? ".log" : ext);
        Path directory = dir.isEmpty() ? Path.of("") : Path.of(dir);
        return new AgentConfig.LogFileTarget(directory, file, archive, intoDirectory);
    }

    private static boolean samePath(String a, String b) {
        if (b == null || b.isEmpty()) {
            return false;
        }
        return Path.of(a).toAbsolutePath().normalize().equals(Path.of(b).toAbsolutePath().normalize());
    }
}
