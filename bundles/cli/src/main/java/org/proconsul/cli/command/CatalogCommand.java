package org.proconsul.cli.command;

/** {@code consul catalog}: only groups the catalog subcommands; run alone it prints its help and exits 1. */
public final class CatalogCommand implements Command {
    @Override
    public String synopsis() {
        return "Interact with the catalog";
    }

    @Override
    public String help() {
        return "Usage: consul catalog <subcommand> [options] [args]\n"
                + "\n"
                + "  Reads the catalog of the datacenter: its datacenters, nodes and services.\n"
                + "\n"
                + "      $ consul catalog datacenters\n"
                + "      $ consul catalog nodes\n"
                + "      $ consul catalog services -tags\n"
                + "\n"
                + "  Each subcommand has its own help (-h).";
    }

    @Override
    public int run(String[] args) {
        return RUN_RESULT_HELP;
    }
}
