package org.proconsul.cli.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agent's configuration after defaults, {@code -dev} defaults, config files, flags and {@code -hcl}
 * fragments are merged and validated, with Consul's names and defaults (Consul's name in brackets).
 *
 * <p>Optional strings are {@code null} when unset ({@code nodeId}, {@code dataDir}, {@code encrypt},
 * {@code logFile}, {@code pidFile}, {@code altDomain}, {@code syslogFacility} never is). Lists and maps are
 * never null and cannot be modified. Durations are {@link Duration}s;
 * {@link org.proconsul.api.time.GoDuration#format(Duration)} prints them as Consul does.
 *
 * @param dev                  {@code -dev}: in-memory self-electing server
 * @param server               [server]
 * @param bootstrap            whether this server elects itself when its Raft log is empty: Consul's
 *                             [bootstrap], also true after {@code bootstrap_expect = 1} (which Consul turns
 *                             into bootstrap mode) and for a {@code -dev} server (Consul bootstraps dev servers
 *                             without setting the flag)
 * @param bootstrapExpect      [bootstrap_expect]; 0 when unset or when 1 was given
 * @param nodeName             [node_name], default: the host name
 * @param nodeId               [node_id], lower-cased, or null: the caller then reads or creates
 *                             {@code <data_dir>/node-id} (random UUID; random every start without a data dir)
 * @param disableHostNodeId    [disable_host_node_id], default true
 * @param datacenter           [datacenter], lower-cased, default {@code dc1}
 * @param dataDir              [data_dir], null only in dev mode
 * @param bindAddr             [bind_addr] resolved to one IP, default {@code 0.0.0.0} ({@code 127.0.0.1} in dev)
 * @param advertiseAddr        the LAN address announced to the cluster: [advertise_addr], else the bind
 *                             address, else (bind address 0.0.0.0) the host's only private IPv4 address
 * @param advertiseAddrWan     [advertise_addr_wan], default the LAN advertise address
 * @param serfLanBindAddr      [serf_lan], default the bind address
 * @param serfWanBindAddr      [serf_wan], default the bind address
 * @param clientAddr           [client_addr] split on spaces, default {@code [127.0.0.1]}
 * @param ports                [ports]
 * @param addresses            [addresses]: explicit listener addresses, each list empty when unset
 * @param retryJoin            [retry_join]: flag items first, then the files' items; includes [start_join]
 * @param retryJoinWan         [retry_join_wan], includes [start_join_wan]
 * @param retryInterval        [retry_interval], default 30s
 * @param retryIntervalWan     [retry_interval_wan], default 30s
 * @param retryMax             [retry_max], 0 = forever
 * @param retryMaxWan          [retry_max_wan]
 * @param startJoin            [start_join] / {@code -join} as given; deprecated aliases, already part of
 *                             {@code retryJoin} (as in Consul 1.15+), kept only for reporting
 * @param startJoinWan         [start_join_wan] / {@code -join-wan}, already part of {@code retryJoinWan}
 * @param rejoinAfterLeave     [rejoin_after_leave]
 * @param encrypt              [encrypt]: base64 gossip key of 16, 24 or 32 bytes, or null
 * @param disableKeyringFile   [disable_keyring_file], true in dev
 * @param logLevel             [log_level] as given, default {@code INFO} ({@code DEBUG} in dev)
 * @param logFile              [log_file] as given, or null
 * @param logFileTarget        where log files go, derived from {@code logFile}; null without a log file
 * @param logJson              [log_json]
 * @param logRotateBytes       [log_rotate_bytes], 0 = no size limit
 * @param logRotateDuration    [log_rotate_duration]; 0 means Consul's default of 24h
 * @param logRotateMaxFiles    [log_rotate_max_files], 0 = keep all, -1 = keep none
 * @param enableSyslog         [enable_syslog]
 * @param syslogFacility       [syslog_facility], default {@code LOCAL0}
 * @param nodeMeta             [node_meta]
 * @param domain               [domain], default {@code consul.}
 * @param altDomain            [alt_domain] or null
 * @param recursors            [recursors], de-duplicated
 * @param uiEnabled            [ui_config.enabled] (or deprecated [ui]), true in dev
 * @param pidFile              [pid_file] or null
 * @param defaultQueryTime     [default_query_time], default 300s
 * @param maxQueryTime         [max_query_time], default 600s
 * @param leaveOnTerminate     [leave_on_terminate], default true on clients, false on servers
 * @param skipLeaveOnInterrupt [skip_leave_on_interrupt], default true on servers, false on clients
 * @param limits               [limits]
 * @param performance          [performance]
 * @param autopilot            [autopilot]
 * @param dnsConfig            [dns_config] with defaults filled in: Boolean, Integer, Duration, String values,
 *                             {@code service_ttl} a {@code Map<String,Duration>}, {@code soa} a
 *                             {@code Map<String,Integer>}
 * @param reconnectTimeout     [reconnect_timeout], default 72h
 * @param reconnectTimeoutWan  [reconnect_timeout_wan], default 72h
 * @param sessionTtlMin        [session_ttl_min], default 10s
 * @param enableScriptChecks   [enable_script_checks]: script checks from any source, the HTTP API included
 * @param enableLocalScriptChecks [enable_local_script_checks]: script checks from config files only
 * @param checkUpdateInterval  [check_update_interval], default 5m: how long a change of check output alone
 *                             waits before it is synced to the catalog
 * @param raftProtocol         [raft_protocol], always 3
 * @param protocol             [protocol], RPC protocol version 2 or 3, default 2
 * @param services             [service] and [services] of every source, in order, as maps with Consul's
 *                             snake_case keys (the other spellings Consul accepts, such as {@code Name} or
 *                             {@code ScriptArgs}, are translated); values are String, Boolean, Long, lists,
 *                             maps; durations stay Go duration strings (already checked to parse)
 * @param checks               [check] and [checks], likewise
 * @param configSources        the config files read, in the order they were merged
 */
public record AgentConfig(
    boolean dev,
    boolean server,
    boolean bootstrap,
    int bootstrapExpect,
    String nodeName,
    String nodeId,
    boolean disableHostNodeId,
    String datacenter,
    String dataDir,
    String bindAddr,
    String advertiseAddr,
    String advertiseAddrWan,
    String serfLanBindAddr,
    String serfWanBindAddr,
    List<String> clientAddr,
    Ports ports,
    Addresses addresses,
    List<String> retryJoin,
    List<String> retryJoinWan,
    Duration retryInterval,
    Duration retryIntervalWan,
    int retryMax,
    int retryMaxWan,
    List<String> startJoin,
    List<String> startJoinWan,
    boolean rejoinAfterLeave,
    String encrypt,
    boolean disableKeyringFile,
    String logLevel,
    String logFile,
    LogFileTarget logFileTarget,
    boolean logJson,
    long logRotateBytes,
    Duration logRotateDuration,
    int logRotateMaxFiles,
    boolean enableSyslog,
    String syslogFacility,
    Map<String, String> nodeMeta,
    String domain,
    String altDomain,
    List<String> recursors,
    boolean uiEnabled,
    String pidFile,
    Duration defaultQueryTime,
    Duration maxQueryTime,
    boolean leaveOnTerminate,
    boolean skipLeaveOnInterrupt,
    Limits limits,
    Performance performance,
    Autopilot autopilot,
    Map<String, Object> dnsConfig,
    Duration reconnectTimeout,
    Duration reconnectTimeoutWan,
    Duration sessionTtlMin,
    boolean enableScriptChecks,
    boolean enableLocalScriptChecks,
    Duration checkUpdateInterval,
    int raftProtocol,
    int protocol,
    List<Map<String, Object>> services,
    List<Map<String, Object>> checks,
    List<String> configSources) {

    /**
     * Listener ports; a value {@code <= 0} in the configuration means "off" and is stored as -1.
     *
     * @param http    [ports.http], default 8500
     * @param https   [ports.https], default -1
     * @param dns     [ports.dns], default 8600
     * @param grpc    [ports.grpc], default -1 (8502 in dev)
     * @param serfLan [ports.serf_lan], default 8301
     * @param serfWan [ports.serf_wan], default 8302 (-1 turns WAN gossip off)
     * @param server  [ports.server], default 8300
     */
    public record Ports(int http, int https, int dns, int grpc, int serfLan, int serfWan, int server) {
    }

    /**
     * Explicit listener addresses from [addresses]; an empty list means "use client_addr". Entries are
     * IPs or {@code unix://} paths.
     */
    public record Addresses(List<String> http, List<String> https, List<String> dns, List<String> grpc) {
        public Addresses {
            http = List.copyOf(http);
            https = List.copyOf(https);
            dns = List.copyOf(dns);
            grpc = List.copyOf(grpc);
        }
    }

    /**
     * [limits].
     *
     * @param kvMaxValueSize        [kv_max_value_size], default 524288
     * @param txnMaxReqLen          [txn_max_req_len], default 524288
     * @param httpMaxConnsPerClient [http_max_conns_per_client], default 200
     * @param rpcMaxConnsPerClient  [rpc_max_conns_per_client], default 100
     */
    public record Limits(long kvMaxValueSize, long txnMaxReqLen, int httpMaxConnsPerClient, int rpcMaxConnsPerClient) {
    }

    /**
     * [performance].
     *
     * @param raftMultiplier [raft_multiplier], 1..10, default 5 (1 in dev)
     * @param leaveDrainTime [leave_drain_time], default 5s
     * @param rpcHoldTimeout [rpc_hold_timeout], default 7s
     * @param raftSnapshotThreshold top-level [raft_snapshot_threshold]: committed entries between snapshots,
     *                              default 16384
     * @param raftTrailingLogs      top-level [raft_trailing_logs]: entries kept after a snapshot so a slightly
     *                              behind follower catches up from the log, default 10240
     * @param raftSnapshotInterval  top-level [raft_snapshot_interval]: how often a server checks whether the
     *                              threshold has been reached (at a random point in one to two intervals, so
     *                              servers do not snapshot together), default 30s
     */
    public record Performance(int raftMultiplier, Duration leaveDrainTime, Duration rpcHoldTimeout,
            long raftSnapshotThreshold, long raftTrailingLogs, Duration raftSnapshotInterval) {
    }

    /**
     * [autopilot]; seeds the Raft-stored autopilot configuration once.
     *
     * @param configured              whether any file, flag or {@code -hcl} fragment had an {@code autopilot}
     *                                block (otherwise every value is the default)
     * @param cleanupDeadServers      [cleanup_dead_servers], default true
     * @param lastContactThreshold    [last_contact_threshold], default 200ms
     * @param maxTrailingLogs         [max_trailing_logs], default 250
     * @param minQuorum               [min_quorum], default 0
     * @param serverStabilizationTime [server_stabilization_time], default 10s
     * @param redundancyZoneTag       [redundancy_zone_tag], default "" (Consul Enterprise in Consul)
     * @param disableUpgradeMigration [disable_upgrade_migration], default false (Enterprise in Consul)
     * @param upgradeVersionTag       [upgrade_version_tag], default "" (Enterprise in Consul)
     */
    public record Autopilot(boolean configured, boolean cleanupDeadServers, Duration lastContactThreshold,
        int maxTrailingLogs, long minQuorum, Duration serverStabilizationTime, String redundancyZoneTag,
        boolean disableUpgradeMigration, String upgradeVersionTag) {
    }

    /**
     * Where the agent writes its log file. The active file is {@code directory/fileName}; on rotation it is
     * renamed to {@code archivePattern} with {@code %d} replaced by the rotation time in Unix nanoseconds.
     *
     * @param directory      the directory (relative paths are relative to the working directory)
     * @param fileName       the active file's name
     * @param archivePattern name of a rotated file, e.g. {@code consul-%d.log}
     * @param logsIntoDirectory true when {@code log_file} named a directory rather than a file (see
     *                       {@link AgentConfigLoader} for when that is assumed)
     */
    public record LogFileTarget(Path directory, String fileName, String archivePattern, boolean logsIntoDirectory) {
        /** The active log file. */
        public Path activeFile() {
            return directory.resolve(fileName);
        }

        /** The name a file rotated at {@code unixNanos} gets. */
        public String archiveName(long unixNanos) {
            return archivePattern.replace("%d", Long.toString(unixNanos));
        }
    }

    /** The effective HTTP listener addresses: [addresses.http], else the client addresses. */
    public List<String> httpAddresses() {
        return addresses.http().isEmpty() ? clientAddr : addresses.http();
    }

    /** The effective HTTPS listener addresses: [addresses.https], else the client addresses. */
    public List<String> httpsAddresses() {
        return addresses.https().isEmpty() ? clientAddr : addresses.https();
    }

    /** The effective DNS listener addresses: [addresses.dns], else the client addresses. */
    public List<String> dnsAddresses() {
        return addresses.dns().isEmpty() ? clientAddr : addresses.dns();
    }

    /** The effective gRPC listener addresses: [addresses.grpc], else the client addresses. */
    public List<String> grpcAddresses() {
        return addresses.grpc().isEmpty() ? clientAddr : addresses.grpc();
    }
}
