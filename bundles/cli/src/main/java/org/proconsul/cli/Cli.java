package org.proconsul.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.proconsul.cli.command.AgentLauncher;
import org.proconsul.cli.command.CatalogCommand;
import org.proconsul.cli.command.CatalogReadCommand;
import org.proconsul.cli.command.Command;
import org.proconsul.cli.command.ForceLeaveCommand;
import org.proconsul.cli.command.InfoCommand;
import org.proconsul.cli.command.JoinCommand;
import org.proconsul.cli.command.KeyringCommand;
import org.proconsul.cli.command.KvCommand;
import org.proconsul.cli.command.KvDeleteCommand;
import org.proconsul.cli.command.KvExportCommand;
import org.proconsul.cli.command.KvGetCommand;
import org.proconsul.cli.command.KvImportCommand;
import org.proconsul.cli.command.KvPutCommand;
import org.proconsul.cli.command.LeaveCommand;
import org.proconsul.cli.command.LockCommand;
import org.proconsul.cli.command.MaintCommand;
import org.proconsul.cli.command.MembersCommand;
import org.proconsul.cli.command.OperatorAutopilotCommand;
import org.proconsul.cli.command.OperatorAutopilotGetCommand;
import org.proconsul.cli.command.OperatorAutopilotSetCommand;
import org.proconsul.cli.command.OperatorAutopilotStateCommand;
import org.proconsul.cli.command.OperatorCommand;
import org.proconsul.cli.command.OperatorRaftCommand;
import org.proconsul.cli.command.OperatorRaftListPeersCommand;
import org.proconsul.cli.command.OperatorRaftRemovePeerCommand;
import org.proconsul.cli.command.OperatorRaftTransferLeaderCommand;
import org.proconsul.cli.command.ReloadCommand;
import org.proconsul.cli.command.ServicesCommand;
import org.proconsul.cli.command.ServicesRegisterCommand;
import org.proconsul.cli.command.SnapshotCommand;
import org.proconsul.cli.command.SnapshotInspectCommand;
import org.proconsul.cli.command.SnapshotRestoreCommand;
import org.proconsul.cli.command.SnapshotSaveCommand;
import org.proconsul.cli.command.VersionCommand;
import org.proconsul.cli.command.WatchCommand;

/**
 * Chooses and runs the subcommand, with the conventions of the mitchellh/cli framework Consul is built on:
 *
 * <ul>
 *   <li>the subcommand is the first non-flag argument, extended to the longest registered nested name
 *       ({@code kv get});</li>
 *   <li>{@code -h}, {@code -help} or {@code --help} anywhere before {@code --} prints help to stdout and exits
 *       0 (the command list without a subcommand);</li>
 *   <li>{@code -v}, {@code -version} or {@code --version} before the subcommand runs {@code version};</li>
 *   <li>no or an unknown subcommand prints the command list to stderr and exits 127;</li>
 *   <li>other flags before the subcommand are refused (exit 1); a parent command such as {@code kv} run
 *       alone prints its help and subcommands to stderr and exits 1.</li>
 * </ul>
 *
 * Commands are created on demand with a {@code switch}, not a map of lambdas, to keep JVM start cheap.
 */
public final class Cli {
    /** Every command name, sorted; nested names contain a space. */
    private static final String[] NAMES = {
        "agent", "catalog", "catalog datacenters", "catalog nodes", "catalog services", "force-leave", "info",
        "join", "keyring", "kv", "kv delete", "kv export", "kv get", "kv import", "kv put", "leave", "lock", "maint",
        "members", "operator", "operator autopilot", "operator autopilot get-config", "operator autopilot set-config",
        "operator autopilot state", "operator raft", "operator raft list-peers", "operator raft remove-peer",
        "operator raft transfer-leader", "reload", "services", "services deregister", "services register", "snapshot",
        "snapshot inspect", "snapshot restore", "snapshot save", "version", "watch",
    };

    private final Io io;

    public Cli(Io io) {
        this.io = io;
    }

    /** Creates the named command, or returns null for an unknown name. */
    Command create(String name) {
        switch (name) {
            case "agent": return new AgentLauncher();
            case "catalog": return new CatalogCommand();
            case "catalog datacenters": return new CatalogReadCommand(io, CatalogReadCommand.What.DATACENTERS);
            case "catalog nodes": return new CatalogReadCommand(io, CatalogReadCommand.What.NODES);
            case "catalog services": return new CatalogReadCommand(io, CatalogReadCommand.What.SERVICES);
            case "force-leave": return new ForceLeaveCommand(io);
            case "info": return new InfoCommand(io);
            case "join": return new JoinCommand(io);
            case "keyring": return new KeyringCommand(io);
            case "kv": return new KvCommand();
            case "kv delete": return new KvDeleteCommand(io);
            case "kv export": return new KvExportCommand(io);
            case "kv get": return new KvGetCommand(io);
            case "kv import": return new KvImportCommand(io);
            case "kv put": return new KvPutCommand(io);
            case "lock": return new LockCommand(io);
            case "maint": return new MaintCommand(io);
            case "leave": return new LeaveCommand(io);
            case "members": return new MembersCommand(io);
            case "operator": return new OperatorCommand();
            case "operator autopilot": return new OperatorAutopilotCommand();
            case "operator autopilot get-config": return new OperatorAutopilotGetCommand(io);
            case "operator autopilot set-config": return new OperatorAutopilotSetCommand(io);
            case "operator autopilot state": return new OperatorAutopilotStateCommand(io);
            case "operator raft": return new OperatorRaftCommand();
            case "operator raft list-peers": return new OperatorRaftListPeersCommand(io);
            case "operator raft remove-peer": return new OperatorRaftRemovePeerCommand(io);
            case "operator raft transfer-leader": return new OperatorRaftTransferLeaderCommand(io);
            case "reload": return new ReloadCommand(io);
            case "services": return new ServicesCommand();
            case "services deregister": return new ServicesRegisterCommand(io, false);
            case "services register": return new ServicesRegisterCommand(io, true);
            case "snapshot": return new SnapshotCommand();
            case "snapshot inspect": return new SnapshotInspectCommand(io);
            case "snapshot restore": return new SnapshotRestoreCommand(io);
            case "snapshot save": return new SnapshotSaveCommand(io);
            case "watch": return new WatchCommand(io);
            case "version": return new VersionCommand(io, BuildInfo.load());
            default: return null;
        }
    }

    /** Runs the command line and returns the exit code (output already written, not yet flushed). */
    public int run(String[] args) {
        boolean help = false;
        boolean version = false;
        String subcommand = null;
        String[] subArgs = new String[0];
        List<String> topFlags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals("-h") || arg.equals("-help") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (subcommand == null) {
                if (arg.equals("-v") || arg.equals("-version") || arg.equals("--version")) {
                    version = true;
                    continue;
                }
                if (!arg.isEmpty() && arg.charAt(0) == '-') {
                    topFlags.add(arg);
                }
            }
            if (subcommand == null && !arg.isEmpty() && arg.charAt(0) != '-') {
                subcommand = arg;
                int consumed = 0;
                String nested = longestNested(args, i);
                if (nested != null) {
                    subcommand = nested;
                    consumed = count(nested, ' ');
                }
                subArgs = Arrays.copyOfRange(args, Math.min(args.length, i + 1 + consumed), args.length);
            }
        }
        if (version) {
            return create("version").run(new String[0]);
        }
        if (help && subcommand == null) {
            io.out().print(topHelp() + "\n");
            return 0;
        }
        Command command = subcommand == null ? null : create(subcommand);
        if (command == null) {
            io.err().print(topHelp() + "\n");
            return 127;
        }
        if (command instanceof AgentLauncher && topFlags.isEmpty()) {
            // The agent owns its flags and help text.
            if (help && !Arrays.asList(subArgs).contains("-h") && !Arrays.asList(subArgs).contains("-help")
                    && !Arrays.asList(subArgs).contains("--help")) {
                subArgs = Arrays.copyOf(subArgs, subArgs.length + 1);
                subArgs[subArgs.length - 1] = "-h";
            }
            return command.run(subArgs);
        }
        if (help) {
            io.out().print(commandHelp(subcommand, command));
            return 0;
        }
        if (!topFlags.isEmpty()) {
            io.err().print("Flags given before the subcommand name are not accepted; if they belong to the\n"
                    + "subcommand, place them after it.\n\n");
            io.err().print(commandHelp(subcommand, command));
            return 1;
        }
        int code = command.run(subArgs);
        if (code == Command.RUN_RESULT_HELP) {
            io.err().print(commandHelp(subcommand, command));
            return 1;
        }
        return code;
    }

    /** The longest registered name made of {@code args[i..]} joined by spaces, or null. */
    private static String longestNested(String[] args, int i) {
        String best = null;
        StringBuilder key = new StringBuilder();
        for (int j = i; j < args.length; j++) {
            if (j > i) {
                key.append(' ');
            }
            key.append(args[j]);
            if (Arrays.asList(NAMES).contains(key.toString())) {
                best = key.toString();
            }
        }
        return best;
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    /** The top-level command list ({@code Usage: consul …}), ending with a newline. */
    String topHelp() {
        StringBuilder b = new StringBuilder("Usage: consul [--version] [--help] <command> [<args>]\n\n");
        b.append("Available commands are:\n");
        int width = 0;
        for (String name : NAMES) {
            if (name.indexOf(' ') < 0) {
                width = Math.max(width, name.length());
            }
        }
        for (String name : NAMES) {
            if (name.indexOf(' ') < 0) {
                b.append("    ").append(name).append(" ".repeat(width - name.length())).append("    ")
                        .append(create(name).synopsis()).append('\n');
            }
        }
        return b.toString();
    }

    /** A command's help plus its direct subcommands, ending with a newline. */
    String commandHelp(String name, Command command) {
        StringBuilder b = new StringBuilder(command.help());
        List<String> children = new ArrayList<>();
        int longest = 0;
        for (String n : NAMES) {
            if (n.startsWith(name + " ") && n.indexOf(' ', name.length() + 1) < 0) {
                children.add(n);
                longest = Math.max(longest, n.length());
            }
        }
        if (!children.isEmpty()) {
            b.append("\n\nSubcommands:");
            for (String child : children) {
                String shortName = child.substring(name.length() + 1);
                b.append("\n    ").append(shortName).append(" ".repeat(longest - child.length())).append("    ")
                        .append(create(child).synopsis());
            }
        }
        return b.append('\n').toString();
    }
}
