package org.proconsul.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoFlagSetTest {
    private static final GoFlagSet.Group G = GoFlagSet.Group.COMMAND;

    private static GoFlagSet flags() {
        GoFlagSet f = new GoFlagSet();
        f.bool(G, "recurse", false, "r");
        f.string(G, "separator", "/", "string", "s");
        f.uint(G, "flags", 0, "n");
        return f;
    }

    private static String error(String... args) {
        return assertThrows(GoFlagSet.FlagException.class, () -> flags().parse(args)).getMessage();
    }

    @Test
    void acceptsEveryGoSpelling() throws Exception {
        GoFlagSet f = flags();
        f.parse(new String[] {"--separator=:", "-flags", "7", "--recurse", "key"});
        assertEquals(":", f.getString("separator"));
        assertEquals(7, f.getUint("flags"));
        assertTrue(f.getBool("recurse"));
        assertEquals(List.of("key"), f.args());
    }

    @Test
    void booleanTakesValueOnlyWithEquals() throws Exception {
        GoFlagSet f = flags();
        f.parse(new String[] {"-recurse", "false"});
        assertTrue(f.getBool("recurse"));
        assertEquals(List.of("false"), f.args());
        f = flags();
        f.parse(new String[] {"-recurse=false", "k"});
        assertFalse(f.getBool("recurse"));
        assertTrue(f.isSet("recurse"));
        f = flags();
        f.parse(new String[] {"-recurse=T"});
        assertTrue(f.getBool("recurse"));
    }

    @Test
    void stopsAtFirstNonFlagLoneDashAndDoubleDash() throws Exception {
        GoFlagSet f = flags();
        f.parse(new String[] {"k", "-recurse"});
        assertFalse(f.getBool("recurse"));
        assertEquals(List.of("k", "-recurse"), f.args());
        f = flags();
        f.parse(new String[] {"-recurse", "--", "-flags"});
        assertEquals(List.of("-flags"), f.args());
        f = flags();
        f.parse(new String[] {"-", "-recurse"});
        assertEquals(List.of("-", "-recurse"), f.args());
    }

    @Test
    void valueFlagConsumesNextArgumentEvenIfItLooksLikeAFlag() throws Exception {
        GoFlagSet f = flags();
        f.parse(new String[] {"-separator", "-recurse"});
        assertEquals("-recurse", f.getString("separator"));
        assertFalse(f.getBool("recurse"));
    }

    @Test
    void goErrorTexts() {
        assertEquals("flag provided but not defined: -x", error("-x"));
        assertEquals("flag provided but not defined: -x", error("--x=1"));
        assertEquals("flag needs an argument: -separator", error("-separator"));
        assertEquals("invalid boolean value \"yes\" for -recurse: parse error", error("-recurse=yes"));
        assertEquals("invalid value \"abc\" for flag -flags: parse error", error("-flags=abc"));
        assertEquals("invalid value \"-1\" for flag -flags: parse error", error("-flags", "-1"));
        assertEquals("invalid value \"18446744073709551616\" for flag -flags: value out of range",
                error("-flags=18446744073709551616"));
        assertEquals("bad flag syntax: ---x", error("---x"));
        assertEquals("bad flag syntax: -=x", error("-=x"));
        assertTrue(assertThrows(GoFlagSet.FlagException.class, () -> flags().parse(new String[] {"-help"}))
                .helpRequested());
    }

    @Test
    void unsignedNumbersFollowGoBaseRules() throws Exception {
        GoFlagSet f = flags();
        f.parse(new String[] {"-flags=0x10"});
        assertEquals(16, f.getUint("flags"));
        f.parse(new String[] {"-flags=010"});
        assertEquals(8, f.getUint("flags"));
        f.parse(new String[] {"-flags=0b101"});
        assertEquals(5, f.getUint("flags"));
        f.parse(new String[] {"-flags=1_000"});
        assertEquals(1000, f.getUint("flags"));
        f.parse(new String[] {"-flags=18446744073709551615"});
        assertEquals("18446744073709551615", Long.toUnsignedString(f.getUint("flags")));
        assertEquals("parse error", GoText.parseUintProblem("1__0"));
        assertEquals("parse error", GoText.parseUintProblem("08"));
        assertEquals("parse error", GoText.parseUintProblem(""));
    }

    @Test
    void goQuote() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\x01\"", GoText.quote("a\"b\\c\n\t\u0001"));
        assertEquals("\"héllo\"", GoText.quote("héllo"));
    }
}
