package org.proconsul.cli.command;

/** {@code consul operator raft}: the parent of the Raft subcommands. */
public final class OperatorRaftCommand implements Command {
    @Override
    public String synopsis() {
        return "Provides cluster-level tools for Consul operators";
    }

    @Override
    public String help() {
        return "Usage: consul operator raft <subcommand> [options]\n"
                + "\n"
                + "  Looks at the servers' Raft configuration:\n"
                + "\n"
                + "      $ consul operator raft list-peers\n"
                + "\n"
                + "  Each subcommand has its own help (-h).";
    }

    @Override
    public int run(String[] args) {
        return RUN_RESULT_HELP;
    }
}
