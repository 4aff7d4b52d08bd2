package org.proconsul.cli.config;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the configuration of {@code consul agent} the way Consul does: its flags, its JSON and HCL
 * config files, with its defaults, precedence, merge rules, validation and messages.
 *
 * <p>Precedence, lowest first: Consul's defaults; {@code -dev} defaults; list-valued flags
 * ({@code -retry-join}, {@code -retry-join-wan}, {@code -recursor}, {@code -join}, {@code -join-wan});
 * config files in command-line order, a {@code -config-dir} contributing its {@code .json} and
 * {@code .hcl} files sorted by name (no recursion, other files skipped with a warning unless
 * {@code -config-format} is set); all other flags; {@code -hcl} fragments. Merging: a later scalar wins,
 * lists are appended (so list flags come first), a later non-empty map ({@code node_meta}) replaces the
 * earlier one, blocks ({@code ports}, {@code autopilot}, {@code dns_config}, {@code limits},
 * {@code performance}...) merge key by key, {@code service}/{@code services} and {@code check}/{@code checks}
 * accumulate.
 *
 * <p>Errors are {@link ConfigException}s with Consul's text; nothing is started or written. Warnings
 * (Consul's texts, plus a few of Proconsul's own for settings it accepts but ignores) go to the consumer,
 * and only when loading succeeds, as Consul logs them only then.
 *
 * <p>Deviations from Consul, all deliberate: several {@code service { }} or {@code check { }} blocks in one
 * file are each registered (Consul rejects that file); valid Consul settings Proconsul has no use for are
 * accepted with a warning and not type-checked; a {@code -log-file} naming a directory or the data directory
 * logs into that directory (see {@link AgentConfig.LogFileTarget}); a few errors Consul only reports when the
 * agent starts (log level, protocol version, gossip key length, node ID format) are reported here.
 */
public final class AgentConfigLoader {

    private AgentConfigLoader() {
    }

    /**
     * Loads the configuration on this machine.
     *
     * @param args     the words after {@code consul agent}
     * @param env      the process environment (used only as a last resort for the host name)
     * @param warnings receives each warning, in Consul's order, after a successful load
     */
    public static AgentConfig load(List<String> args, Map<String, String> env, Consumer<String> warnings)
        throws ConfigException {
        return load(args, env, warnings, HostEnvironment.system(env));
    }

    /** Loads the configuration with the given view of the machine (host name, network interfaces). */
    public static AgentConfig load(List<String> args, Map<String, String> env, Consumer<String> warnings,
        HostEnvironment host) throws ConfigException {
        AgentFlags flags = AgentFlags.parse(args);
        ConfigBuilder builder = new ConfigBuilder(flags, host);
        AgentConfig config = builder.build();
        builder.warnings.forEach(warnings);
        return config;
    }
}
