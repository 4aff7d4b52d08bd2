package org.proconsul.cli.agent;

import java.util.Locale;

import org.proconsul.cli.config.AgentConfig;

/**
 * Pax Logging's configuration for this run: Consul-style lines on stdout, and with {@code -log-file}
 * the same lines in a rotating file. Proconsul's loggers follow {@code -log-level}; Karaf's own stay at
 * WARN so an operator sees agent events, not framework chatter.
 */
final class LoggingConfig {
    private static final String[] BUNDLES = {"storage.memory", "storage.xodus", "state", "raft", "config", "gossip", "rpc",
        "http", "shell", "server"};
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} [%-5level] %msg%n";

    private LoggingConfig() {
    }

    static String render(AgentConfig c) {
        String level = log4jLevel(c.logLevel());
        StringBuilder out = new StringBuilder("# Written by the launcher at every start.\n");
        out.append("log4j2.rootLogger.level = WARN\n");
        out.append("log4j2.rootLogger.appenderRef.out.ref = out\n");
        if (c.logFileTarget() != null) {
            out.append("log4j2.rootLogger.appenderRef.file.ref = file\n");
        }
        // Our classes live in org.proconsul.<bundle>.internal; SCR logs each component's lifecycle under the
        // bundle's symbolic name (org.proconsul.<bundle>), which stays at WARN so -log-level debug shows
        // agent events rather than framework internals.
        for (String bundle : BUNDLES) {
            String id = bundle.replace('.', '_');
            out.append("log4j2.logger.").append(id).append(".name = org.proconsul.").append(bundle).append(".internal\n");
            out.append("log4j2.logger.").append(id).append(".level = ").append(level).append('\n');
        }
        out.append("log4j2.appender.out.type = Console\n");
        out.append("log4j2.appender.out.name = out\n");
        out.append("log4j2.appender.out.target = SYSTEM_OUT\n");
        layout(out, "out", c.logJson());
        AgentConfig.LogFileTarget target = c.logFileTarget();
        if (target != null) {
            String active = target.activeFile().toString();
            // log4j2 rolls over whenever the finest unit of the date pattern changes: days, as Consul's
            // default log_rotate_duration of 24h; the counter separates size-based rollovers within a day
            String archive = target.directory().resolve(target.archivePattern().replace("%d", "%d{yyyyMMdd}-%i"))
                    .toString();
            out.append("log4j2.appender.file.type = RollingFile\n");
            out.append("log4j2.appender.file.name = file\n");
            out.append("log4j2.appender.file.fileName = ").append(escape(active)).append('\n');
            out.append("log4j2.appender.file.filePattern = ").append(escape(archive)).append('\n');
            out.append("log4j2.appender.file.append = true\n");
            layout(out, "file", c.logJson());
            out.append("log4j2.appender.file.policies.type = Policies\n");
            out.append("log4j2.appender.file.policies.time.type = TimeBasedTriggeringPolicy\n");
            if (c.logRotateBytes() > 0) {
                out.append("log4j2.appender.file.policies.size.type = SizeBasedTriggeringPolicy\n");
                out.append("log4j2.appender.file.policies.size.size = ").append(c.logRotateBytes()).append('\n');
            }
            out.append("log4j2.appender.file.strategy.type = DefaultRolloverStrategy\n");
            if (c.logRotateMaxFiles() > 0) {
                out.append("log4j2.appender.file.strategy.max = ").append(c.logRotateMaxFiles()).append('\n');
            }
        }
        return out.toString();
    }

    private static void layout(StringBuilder out, String appender, boolean json) {
        String prefix = "log4j2.appender." + appender + ".layout.";
        if (json) {
            out.append(prefix).append("type = JsonLayout\n");
            out.append(prefix).append("compact = true\n");
            out.append(prefix).append("eventEol = true\n");
        } else {
            out.append(prefix).append("type = PatternLayout\n");
            out.append(prefix).append("pattern = ").append(PATTERN).append('\n');
        }
    }

    /** Consul's levels (trace, debug, info, warn, err) in log4j's names. */
    static String log4jLevel(String consulLevel) {
        switch (consulLevel.toLowerCase(Locale.ROOT)) {
            case "trace": return "TRACE";
            case "debug": return "DEBUG";
            case "warn": return "WARN";
            case "err": case "error": return "ERROR";
            default: return "INFO";
        }
    }

    private static String escape(String path) {
        return path.replace("\\", "\\\\");
    }
}
