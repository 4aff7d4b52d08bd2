package org.proconsul.cli.command;

/** {@code consul snapshot}: the parent of save, restore and inspect. */
public final class SnapshotCommand implements Command {
    @Override
    public String synopsis() {
        return "Saves, restores and inspects snapshots of Consul server state";
    }

    @Override
    public String help() {
        return "Usage: consul snapshot <subcommand> [options] [args]\n"
                + "\n"
                + "  Backs up the servers' whole state (KV, autopilot settings, ...) to a file and\n"
                + "  puts it back, for disaster recovery:\n"
                + "\n"
                + "      $ consul snapshot save backup.snap\n"
                + "      $ consul snapshot inspect backup.snap\n"
                + "      $ consul snapshot restore backup.snap\n"
                + "\n"
                + "  Each subcommand has its own help (-h).";
    }

    @Override
    public int run(String[] args) {
        return RUN_RESULT_HELP;
    }
}
