package org.proconsul.cli.command;

/** {@code consul kv}: only groups the KV subcommands; run alone it prints its help and exits 1. */
public final class KvCommand implements Command {
    @Override
    public String synopsis() {
        return "Reads and writes the key-value store";
    }

    @Override
    public String help() {
        return "Usage: consul kv <subcommand> [options] [args]\n"
                + "\n"
                + "  Works with the cluster's key-value store through the agent's HTTP API.\n"
                + "\n"
                + "  Store a value, read it back, look at its metadata, remove it:\n"
                + "\n"
                + "      $ consul kv put app/db/max-conns 20\n"
                + "      $ consul kv get app/db/max-conns\n"
                + "      $ consul kv get -detailed app/db/max-conns\n"
                + "      $ consul kv delete app/db/max-conns\n"
                + "\n"
                + "  Each subcommand has its own help (-h).";
    }

    @Override
    public int run(String[] args) {
        return RUN_RESULT_HELP;
    }
}
