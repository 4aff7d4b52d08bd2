package org.proconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CliTest {
    private static final String TOP = "Usage: consul [--version] [--help] <command> [<args>]\n\nAvailable commands are:\n";

    @Test
    void noArgumentsPrintsCommandListToStderrWith127() {
        CliRun r = CliRun.run(null);
        assertEquals(127, r.code);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith(TOP), r.err);
        assertTrue(r.err.contains("\n    kv         "), r.err);
        assertTrue(r.err.endsWith("\n\n"), "help text plus a blank line");
    }

    @Test
    void helpFlagPrintsCommandListToStdout() {
        for (String flag : new String[] {"-h", "-help", "--help"}) {
            CliRun r = CliRun.run(null, flag);
            assertEquals(0, r.code);
            assertTrue(r.out.startsWith(TOP), r.out);
            assertEquals("", r.err);
        }
    }

    @Test
    void gossipCommandsAreListed() {
        String list = CliRun.run(null, "-h").out;
        for (String name : new String[] {"force-leave", "join", "keyring", "leave"}) {
            assertTrue(list.contains("\n    " + name + " "), name + " missing from\n" + list);
        }
        CliRun help = CliRun.run(null, "force-leave", "-h");
        assertEquals(0, help.code);
        assertTrue(help.out.startsWith("Usage: consul force-leave [options] name\n"), help.out);
    }

    @Test
    void unknownCommand() {
        CliRun r = CliRun.run(null, "frobnicate", "x");
        assertEquals(127, r.code);
        assertTrue(r.err.startsWith(TOP));
    }

    @Test
    void parentCommandAloneShowsSubcommandsAndExitsOne() {
        CliRun r = CliRun.run(null, "kv");
        assertEquals(1, r.code);
        assertTrue(r.err.startsWith("Usage: consul kv <subcommand> [options] [args]\n"), r.err);
        assertTrue(r.err.contains("\n\nSubcommands:\n    delete    "), r.err);
        assertTrue(r.err.contains("\n    put       "), r.err);
        CliRun unknownChild = CliRun.run(null, "kv", "frob");
        assertEquals(1, unknownChild.code);
    }

    @Test
    void subcommandHelpGoesToStdout() {
        CliRun r = CliRun.run(null, "kv", "get", "-h");
        assertEquals(0, r.code);
        assertTrue(r.out.startsWith("Usage: consul kv get [options] [KEY_OR_PREFIX]\n"), r.out);
        assertTrue(r.out.endsWith("lists every key.\n"), r.out);
        CliRun late = CliRun.run(null, "kv", "put", "key", "--help");
        assertEquals(0, late.code);
        assertTrue(late.out.startsWith("Usage: consul kv put"), late.out);
    }

    @Test
    void versionFlagsBeforeSubcommand() {
        for (String flag : new String[] {"-v", "-version", "--version"}) {
            CliRun r = CliRun.run(null, flag);
            assertEquals(0, r.code);
            assertTrue(r.out.startsWith("Consul v"), r.out);
        }
    }

    @Test
    void flagsBeforeSubcommandAreRefused() {
        CliRun r = CliRun.run(null, "-stale", "kv", "get", "a");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("Usage: consul kv get"), r.err);
    }

    @Test
    void doubleDashEndsTopLevelScanning() {
        assertEquals(127, CliRun.run(null, "--", "version").code);
    }
}
