package org.proconsul.cli.command;

/** A {@code consul} subcommand. */
public interface Command {
    /**
     * Exit code a command returns to ask the dispatcher to print its help (to stderr) and exit 1, as
     * mitchellh/cli's {@code RunResultHelp} does for parent commands such as {@code consul kv}.
     */
    int RUN_RESULT_HELP = -18511;

    /** One line for command listings. */
    String synopsis();

    /** Full help text without trailing newline. */
    String help();

    /** Runs with the arguments after the subcommand name; returns the process exit code. */
    int run(String[] args);
}
