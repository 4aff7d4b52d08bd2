package org.proconsul.cli.command;

import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.Io;
import org.proconsul.cli.Usage;

/** Base of commands with flags: help built from the flag set, Go-style parse errors. */
abstract class FlagCommand implements Command {
    protected final Io io;
    protected final GoFlagSet flags = new GoFlagSet();

    FlagCommand(Io io) {
        this.io = io;
    }

    /** The usage paragraph (first line {@code Usage: consul …}). */
    protected abstract String usageText();

    @Override
    public String help() {
        return Usage.of(usageText(), flags);
    }

    /**
     * Parses {@code args}. On failure prints Go's error line and the command's help to stderr and returns
     * false; the caller then exits 1.
     */
    protected boolean parse(String[] args) {
        try {
            flags.parse(args);
            return true;
        } catch (GoFlagSet.FlagException e) {
            if (!e.helpRequested()) {
                io.error(e.getMessage());
            }
            io.error(help());
            return false;
        }
    }

    /**
     * Parses {@code args} and returns the one FILE argument they must leave, as the snapshot commands take
     * it; on failure prints Consul's message and returns null, and the caller exits 1.
     */
    protected java.nio.file.Path parseFileArgument(String[] args) {
        if (!parse(args)) {
            return null;
        }
        java.util.List<String> rest = flags.args();
        if (rest.isEmpty()) {
            io.error("Missing FILE argument");
            return null;
        }
        if (rest.size() > 1) {
            io.error("Too many arguments (expected 1, got " + rest.size() + ")");
            return null;
        }
        return java.nio.file.Path.of(rest.get(0));
    }
}
