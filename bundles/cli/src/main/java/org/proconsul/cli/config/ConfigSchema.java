package org.proconsul.cli.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key names and value types of Consul's agent configuration files (Consul's {@code agent/config}
 * {@code Config} struct and its nested structs), as far as a file may contain them.
 *
 * <p>Three kinds of keys: keys Proconsul uses, with Consul's types; valid Consul keys Proconsul has no
 * use for ({@link Ignored}: accepted, not type-checked, reported by a warning so nobody believes they
 * work); and everything else, which is an {@code invalid config key} exactly as in Consul.
 */
final class ConfigSchema {

    private ConfigSchema() {
    }

    /** A value type. */
    interface Type {
    }

    /** Go scalar types; the name is what Go prints in a decode error. */
    enum Scalar implements Type {
        STRING("string"), BOOL("bool"), INT("int"), UINT("uint"), UINT32("uint32"), UINT64("uint64"),
        FLOAT64("float64");

        final String goName;

        Scalar(String goName) {
            this.goName = goName;
        }
    }

    /** {@code []string}. */
    enum StrList implements Type { INSTANCE }

    /** {@code map[string]string}. */
    enum StrMap implements Type { INSTANCE }

    /** {@code interface{}} or {@code map[string]interface{}}: kept as given. */
    enum Raw implements Type { INSTANCE }

    /** {@code []map[string]interface{}}. */
    enum RawList implements Type { INSTANCE }

    /** {@code map[string]T}. */
    record MapOf(Type value) implements Type {
    }

    /** A nested struct. */
    record Struct(Schema schema) implements Type {
    }

    /** A list of structs. */
    record StructList(Schema schema) implements Type {
    }

    /** A valid Consul key Proconsul does not use. */
    enum Ignored implements Type { INSTANCE }

    /** A struct's fields (canonical snake_case names) and its alias keys (lower case → canonical). */
    static final class Schema {
        final Map<String, Type> fields;
        final Map<String, String> aliases;

        Schema(Map<String, Type> fields, Map<String, String> aliases) {
            this.fields = Collections.unmodifiableMap(fields);
            this.aliases = Collections.unmodifiableMap(aliases);
        }

        Type field(String name) {
            return fields.get(name);
        }
    }

    private static final class Builder {
        private final Map<String, Type> fields = new LinkedHashMap<>();
        private final Map<String, String> aliases = new LinkedHashMap<>();

        Builder f(String name, Type type) {
            fields.put(name, type);
            return this;
        }

        Builder ignored(String... names) {
            for (String n : names) {
                fields.put(n, Ignored.INSTANCE);
            }
            return this;
        }

        Builder alias(String alias, String canonical) {
            aliases.put(alias, canonical);
            return this;
        }

        Schema build() {
            return new Schema(fields, aliases);
        }
    }

    private static final Scalar S = Scalar.STRING;
    private static final Scalar B = Scalar.BOOL;
    private static final Scalar I = Scalar.INT;

    /** Consul's {@code CheckDefinition}, with its alias keys. */
    static final Schema CHECK = new Builder()
        .f("id", S).f("name", S).f("notes", S).f("service_id", S).f("token", S).f("status", S)
        .f("args", StrList.INSTANCE).f("http", S).f("header", new MapOf(StrList.INSTANCE)).f("method", S)
        .f("body", S).f("disable_redirects", B).f("output_max_size", I).f("tcp", S).f("udp", S)
        .f("interval", S).f("docker_container_id", S).f("shell", S).f("grpc", S).f("grpc_use_tls", B)
        .f("tls_server_name", S).f("tls_skip_verify", B).f("alias_node", S).f("alias_service", S)
        .f("timeout", S).f("ttl", S).f("h2ping", S).f("h2ping_use_tls", B).f("os_service", S)
        .f("success_before_passing", I).f("failures_before_warning", I).f("failures_before_critical", I)
        .f("deregister_critical_service_after", S)
        // Proconsul's extension: a check type installed as a feature, and that type's own settings
        .f("type", S).f("parameters", Raw.INSTANCE)
        .alias("serviceid", "service_id").alias("scriptargs", "args")
        .alias("dockercontainerid", "docker_container_id").alias("tlsskipverify", "tls_skip_verify")
        .alias("deregistercriticalserviceafter", "deregister_critical_service_after")
        .build();

    /** Consul's {@code ServiceAddress}. */
    static final Schema SERVICE_ADDRESS = new Builder().f("address", S).f("port", I).build();

    /** Consul's {@code ServiceWeights}. */
    static final Schema SERVICE_WEIGHTS = new Builder().f("passing", I).f("warning", I).build();

    /** Consul's {@code ServiceDefinition}; proxy and connect settings are kept opaque. */
    static final Schema SERVICE = new Builder()
        .f("kind", S).f("id", S).f("name", S).f("tags", StrList.INSTANCE).f("address", S)
        .f("tagged_addresses", new MapOf(new Struct(SERVICE_ADDRESS))).f("meta", StrMap.INSTANCE)
        .f("port", I).f("socket_path", S).f("check", new Struct(CHECK)).f("checks", new StructList(CHECK))
        .f("token", S).f("weights", new Struct(SERVICE_WEIGHTS)).f("enable_tag_override", B)
        .f("proxy", Raw.INSTANCE).f("connect", Raw.INSTANCE).f("locality", Raw.INSTANCE)
        .build();

    static final Schema ADDRESSES = new Builder()
        .f("dns", S).f("http", S).f("https", S).f("grpc", S).ignored("grpc_tls").build();

    static final Schema AUTOPILOT = new Builder()
        .f("cleanup_dead_servers", B).f("last_contact_threshold", S).f("max_trailing_logs", I)
        .f("min_quorum", Scalar.UINT).f("server_stabilization_time", S).f("disable_upgrade_migration", B)
        .f("redundancy_zone_tag", S).f("upgrade_version_tag", S).build();

    static final Schema SOA = new Builder()
        .f("refresh", Scalar.UINT32).f("retry", Scalar.UINT32).f("expire", Scalar.UINT32)
        .f("min_ttl", Scalar.UINT32).build();

    static final Schema DNS = new Builder()
        .f("allow_stale", B).f("a_record_limit", I).f("disable_compression", B).f("enable_truncate", B)
        .f("max_stale", S).f("node_ttl", S).f("only_passing", B).f("recursor_strategy", S)
        .f("recursor_timeout", S).f("service_ttl", StrMap.INSTANCE).f("udp_answer_limit", I)
        .f("enable_additional_node_meta_txt", B).f("soa", new Struct(SOA)).f("use_cache", B)
        .f("cache_max_age", S).f("prefer_namespace", B).build();

    static final Schema LIMITS = new Builder()
        .f("http_max_conns_per_client", I).f("rpc_max_conns_per_client", I)
        .f("kv_max_value_size", Scalar.UINT64).f("txn_max_req_len", Scalar.UINT64)
        .ignored("https_handshake_timeout", "request_limits", "rpc_client_timeout", "rpc_handshake_timeout",
            "rpc_max_burst", "rpc_rate")
        .build();

    static final Schema PERFORMANCE = new Builder()
        .f("leave_drain_time", S).f("raft_multiplier", I).f("rpc_hold_timeout", S).build();

    static final Schema PORTS = new Builder()
        .f("dns", I).f("http", I).f("https", I).f("serf_lan", I).f("serf_wan", I).f("server", I).f("grpc", I)
        .ignored("grpc_tls", "proxy_min_port", "proxy_max_port", "sidecar_min_port", "sidecar_max_port",
            "expose_min_port", "expose_max_port")
        .build();

    static final Schema UI_CONFIG = new Builder()
        .f("enabled", B)
        .ignored("dir", "content_path", "metrics_provider", "metrics_provider_files",
            "metrics_provider_options_json", "metrics_proxy", "dashboard_url_templates")
        .build();

    /** The whole file. */
    static final Schema ROOT = new Builder()
        .f("addresses", new Struct(ADDRESSES))
        .f("advertise_addr", S).f("advertise_addr_wan", S)
        .f("alt_domain", S)
        .f("autopilot", new Struct(AUTOPILOT))
        .f("bind_addr", S).f("bootstrap", B).f("bootstrap_expect", I)
        .f("check", new Struct(CHECK)).f("checks", new StructList(CHECK))
        .f("client_addr", S)
        .f("data_dir", S).f("datacenter", S).f("default_query_time", S)
        .f("disable_host_node_id", B).f("disable_keyring_file", B)
        .f("dns_config", new Struct(DNS)).f("domain", S)
        .f("enable_syslog", B).f("encrypt", S)
        .f("leave_on_terminate", B)
        .f("limits", new Struct(LIMITS))
        .f("log_file", S).f("log_json", B).f("log_level", S).f("log_rotate_bytes", I)
        .f("log_rotate_duration", S).f("log_rotate_max_files", I)
        .f("max_query_time", S)
        .f("node_id", S).f("node_meta", StrMap.INSTANCE).f("node_name", S)
        .f("partition", S)
        .f("performance", new Struct(PERFORMANCE))
        .f("pid_file", S)
        .f("ports", new Struct(PORTS))
        .f("protocol", I).f("raft_protocol", I)
        .f("read_replica", B)
        .f("raft_snapshot_threshold", I).f("raft_trailing_logs", I).f("raft_snapshot_interval", S)
        .f("reconnect_timeout", S).f("reconnect_timeout_wan", S)
        .f("recursors", StrList.INSTANCE)
        .f("rejoin_after_leave", B)
        .f("retry_interval", S).f("retry_interval_wan", S)
        .f("retry_join", StrList.INSTANCE).f("retry_join_wan", StrList.INSTANCE)
        .f("retry_max", I).f("retry_max_wan", I)
        .f("segment", S).f("segments", RawList.INSTANCE)
        .f("serf_lan", S).f("serf_wan", S)
        .f("server", B)
        .f("service", new Struct(SERVICE)).f("services", new StructList(SERVICE))
        .f("session_ttl_min", S)
        .f("enable_script_checks", B).f("enable_local_script_checks", B).f("check_update_interval", S)
        .f("skip_leave_on_interrupt", B)
        .f("start_join", StrList.INSTANCE).f("start_join_wan", StrList.INSTANCE)
        .f("syslog_facility", S)
        .f("ui", B).f("ui_config", new Struct(UI_CONFIG))
        .alias("non_voting_server", "read_replica")
        // Valid Consul keys without an effect in Proconsul.
        .ignored("acl", "advertise_addr_ipv4", "advertise_addr_ipv6", "advertise_addr_wan_ipv4",
            "advertise_addr_wan_ipv6", "advertise_reconnect_timeout", "audit", "auto_config", "auto_encrypt",
            "auto_reload_config", "cache", "check_output_max_size", "cloud",
            "config_entries", "connect", "disable_anonymous_signature", "disable_coordinates",
            "disable_http_unprintable_char_filter", "disable_remote_exec", "disable_update_check",
            "discard_check_output", "discovery_max_stale", "enable_agent_tls_for_checks",
            "enable_central_service_config", "enable_debug", "encrypt_verify_incoming", "encrypt_verify_outgoing", "gossip_lan",
            "gossip_wan", "http_config", "license_path", "locality", "log_sublevels", "peering",
            "primary_datacenter", "primary_gateways", "primary_gateways_interval", "raft_logstore",
            "reporting", "rpc",
            "serf_lan_allowed_cidrs", "serf_wan_allowed_cidrs", "server_name", "server_rejoin_age_max",
            "snapshot_agent", "tagged_addresses", "telemetry", "tls", "translate_wan_addrs", "ui_content_path",
            "ui_dir", "unix_sockets", "use_streaming_backend", "watches", "xds",
            // deprecated top-level keys
            "acl_agent_master_token", "acl_agent_token", "acl_datacenter", "acl_default_policy",
            "acl_down_policy", "acl_enable_key_list_policy", "acl_master_token", "acl_replication_token",
            "acl_token", "acl_ttl", "ca_file", "ca_path", "cert_file", "enable_acl_replication", "key_file",
            "raft_boltdb", "tls_cipher_suites", "tls_min_version", "tls_prefer_server_cipher_suites",
            "verify_incoming", "verify_incoming_https", "verify_incoming_rpc", "verify_outgoing",
            "verify_server_hostname",
            // Consul's non-user keys, which its decoder also accepts
            "ae_interval", "build_date", "check_deregister_interval_min", "check_reap_interval", "consul",
            "license_poll_base_time", "license_poll_max_time", "license_update_base_time",
            "license_update_max_time", "revision", "segment_limit", "segment_name_limit",
            "sync_coordinate_interval_min", "sync_coordinate_rate_target", "version", "version_metadata",
            "version_prerelease")
        .build();

    /** Keys of {@link #ROOT} whose values are lists: flags for these go in before the files. */
    static final List<String> ROOT_LIST_KEYS = List.of("recursors", "retry_join", "retry_join_wan", "start_join",
        "start_join_wan");
}
