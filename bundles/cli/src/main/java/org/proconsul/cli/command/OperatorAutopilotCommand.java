package org.proconsul.cli.command;

/** {@code consul operator autopilot}: the parent of the autopilot subcommands. */
public final class OperatorAutopilotCommand implements Command {
    @Override
    public String synopsis() {
        return "Provides tools for modifying Autopilot configuration";
    }

    @Override
    public String help() {
        return "Usage: consul operator autopilot <subcommand> [options]\n"
                + "\n"
                + "  Shows and changes autopilot's settings, which every server of the datacenter\n"
                + "  shares through Raft:\n"
                + "\n"
                + "      $ consul operator autopilot get-config\n"
                + "      $ consul operator autopilot set-config -cleanup-dead-servers=false\n"
                + "\n"
                + "  Each subcommand has its own help (-h).";
    }

    @Override
    public int run(String[] args) {
        return RUN_RESULT_HELP;
    }
}
