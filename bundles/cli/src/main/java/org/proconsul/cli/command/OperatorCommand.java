package org.proconsul.cli.command;

/** {@code consul operator}: the parent of the cluster operator's subcommands. */
public final class OperatorCommand implements Command {
    @Override
    public String synopsis() {
        return "Provides cluster-level tools for Consul operators";
    }

    @Override
    public String help() {
        return "Usage: consul operator <subcommand> [options]\n"
                + "\n"
                + "  Tools for the people who run the cluster: looking at and changing the Raft\n"
                + "  configuration of the servers. Each subcommand has its own help (-h).";
    }

    @Override
    public int run(String[] args) {
        return RUN_RESULT_HELP;
    }
}
