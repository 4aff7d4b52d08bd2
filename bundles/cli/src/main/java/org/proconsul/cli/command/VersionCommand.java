package org.proconsul.cli.command;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.proconsul.cli.BuildInfo;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.GoJson;
import org.proconsul.cli.Io;

/** {@code consul version [-format=pretty|json]}. */
public final class VersionCommand extends FlagCommand {
    /** RPC protocol numbers Consul reports: default 2, understands 2 to 3. */
    static final int RPC_DEFAULT = 2;
    static final int RPC_MIN = 2;
    static final int RPC_MAX = 3;

    private final BuildInfo build;

    public VersionCommand(Io io, BuildInfo build) {
        super(io);
        this.build = build;
        flags.string(GoFlagSet.Group.COMMAND, "format", "pretty", "string", "Output format: pretty or json.");
    }

    @Override
    public String synopsis() {
        return "Prints the version of this build";
    }

    @Override
    protected String usageText() {
        return "Usage: consul version [options]";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        String format = flags.getString("format");
        if (!format.equals("pretty") && !format.equals("json")) {
            io.error("Unknown format: " + format);
            return 1;
        }
        String date;
        try {
            date = OffsetDateTime.parse(build.buildDate())
                    .format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"));
        } catch (DateTimeParseException e) {
            io.error("parsing time " + GoJson.quote(build.buildDate()) + " as \"2006-01-02T15:04:05Z07:00\": "
                    + "cannot parse " + GoJson.quote(build.buildDate()));
            return 1;
        }
        String full = build.version();
        if (format.equals("json")) {
            int dash = full.indexOf('-');
            String release = dash >= 0 ? full.substring(0, dash) : full;
            String pre = dash >= 0 ? full.substring(dash + 1) : "";
            io.info("{\n"
                    + "   \"Version\": " + GoJson.quote(release) + ",\n"
                    + "   \"Revision\": " + GoJson.quote(build.revision()) + ",\n"
                    + "   \"Prerelease\": " + GoJson.quote(pre) + ",\n"
                    + "   \"BuildDate\": " + GoJson.quote(date) + ",\n"
                    + "   \"RPC\": {\n"
                    + "      \"Default\": " + RPC_DEFAULT + ",\n"
                    + "      \"Min\": " + RPC_MIN + ",\n"
                    + "      \"Max\": " + RPC_MAX + "\n"
                    + "   }\n"
                    + "}");
            return 0;
        }
        StringBuilder b = new StringBuilder();
        b.append("Consul v").append(full).append('\n');
        if (!build.revision().isEmpty()) {
            b.append("Revision ").append(build.revision()).append('\n');
        }
        b.append("Build Date ").append(date).append('\n');
        b.append("Protocol ").append(RPC_DEFAULT).append(" spoken by default, understands ").append(RPC_MIN)
                .append(" to ").append(RPC_MAX);
        if (RPC_DEFAULT < RPC_MAX) {
            b.append(" (agent will automatically use protocol >").append(RPC_DEFAULT)
                    .append(" when speaking to compatible agents)");
        }
        b.append('\n');
        io.info(b.toString());
        return 0;
    }
}
