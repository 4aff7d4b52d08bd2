package org.proconsul.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A command-line flag set that parses exactly like Go's {@code flag} package, which every Consul command
 * uses: {@code -f}, {@code --f}, {@code -f=v}, {@code -f v}; boolean flags take a value only as
 * {@code -f=false}; parsing stops at the first argument that is not a flag, at a lone {@code -}, and after
 * {@code --}. Errors carry Go's wording ({@code flag provided but not defined: -x}).
 *
 * <p>Flags are grouped for help output: the HTTP connection flags shared by client commands and the
 * command's own flags, as Consul prints them under two titles.
 */
public final class GoFlagSet {

    /** Value type of a flag; decides parsing and the help placeholder. */
    public enum Kind { BOOL, STRING, UINT, STRINGS }

    /** Which help section a flag belongs to. */
    public enum Group { HTTP, COMMAND }

    /** One defined flag and its current value. */
    public static final class Flag {
        private final String name;
        private final Kind kind;
        private final Group group;
        private final String placeholder;
        private final String usage;
        private String value;
        private final List<String> values = new ArrayList<>();
        private boolean set;

        Flag(String name, Kind kind, Group group, String placeholder, String usage, String defValue) {
            this.name = name;
            this.kind = kind;
            this.group = group;
            this.placeholder = placeholder;
            this.usage = usage;
            this.value = defValue;
        }

        public String name() {
            return name;
        }

        public Kind kind() {
            return kind;
        }

        public Group group() {
            return group;
        }

        /** Word shown as {@code -name=<placeholder>} in help; null for booleans. */
        public String placeholder() {
            return placeholder;
        }

        public String usage() {
            return usage;
        }

        /** Whether the flag appeared on the command line (even with its default value). */
        public boolean isSet() {
            return set;
        }
    }

    /** A parse failure; {@link #getMessage()} is the Go error line. */
    public static final class FlagException extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean helpRequested;

        FlagException(String message, boolean helpRequested) {
            super(message, null, false, false);
            this.helpRequested = helpRequested;
        }

        /** True for {@code -help}/{@code -h} reaching the parser: Go prints usage only, no error line. */
        public boolean helpRequested() {
            return helpRequested;
        }
    }

    private final TreeMap<String, Flag> flags = new TreeMap<>();
    private List<String> args = new ArrayList<>();

    public void bool(Group group, String name, boolean def, String usage) {
        define(new Flag(name, Kind.BOOL, group, null, usage, def ? "true" : "false"));
    }

    public void string(Group group, String name, String def, String placeholder, String usage) {
        define(new Flag(name, Kind.STRING, group, placeholder, usage, def));
    }

    /** A flag that may repeat; each use adds a value (Go's flag.Value of a string slice). */
    public void strings(Group group, String name, String usage) {
        define(new Flag(name, Kind.STRINGS, group, "value", usage, ""));
    }

    public void uint(Group group, String name, long def, String usage) {
        define(new Flag(name, Kind.UINT, group, "uint", usage, Long.toUnsignedString(def)));
    }

    private void define(Flag f) {
        if (flags.put(f.name, f) != null) {
            throw new AssertionError("flag redefined: " + f.name);
        }
    }

    /** Parses {@code arguments}; afterwards {@link #args()} holds what follows the flags. */
    public void parse(String[] arguments) throws FlagException {
        List<String> rest = new ArrayList<>(Arrays.asList(arguments));
        while (!rest.isEmpty()) {
            String s = rest.get(0);
            if (s.length() < 2 || s.charAt(0) != '-') {
                break;
            }
            int minuses = 1;
            if (s.charAt(1) == '-') {
                minuses = 2;
                if (s.length() == 2) {
                    rest.remove(0);
                    break;
                }
            }
            String name = s.substring(minuses);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw new FlagException("bad flag syntax: " + s, false);
            }
            rest.remove(0);
            String value = null;
            int eq = name.indexOf('=', 1);
            if (eq > 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Flag flag = flags.get(name);
            if (flag == null) {
                if (name.equals("help") || name.equals("h")) {
                    throw new FlagException("", true);
                }
                throw new FlagException("flag provided but not defined: -" + name, false);
            }
            if (flag.kind == Kind.BOOL) {
                String v = value == null ? "true" : value;
                Boolean b = parseBool(v);
                if (b == null) {
                    throw new FlagException(value == null
                            ? "invalid boolean flag " + name + ": parse error"
                            : "invalid boolean value " + GoText.quote(v) + " for -" + name + ": parse error", false);
                }
                flag.value = b ? "true" : "false";
            } else {
                if (value == null) {
                    if (rest.isEmpty()) {
                        throw new FlagException("flag needs an argument: -" + name, false);
                    }
                    value = rest.remove(0);
                }
                if (flag.kind == Kind.UINT) {
                    String problem = GoText.parseUintProblem(value);
                    if (problem != null) {
                        throw new FlagException("invalid value " + GoText.quote(value) + " for flag -" + name
                                + ": " + problem, false);
                    }
                    flag.value = Long.toUnsignedString(GoText.parseUint(value));
                } else if (flag.kind == Kind.STRINGS) {
                    flag.values.add(value);
                } else {
                    flag.value = value;
                }
            }
            flag.set = true;
        }
        args = rest;
    }

    /** Arguments left after the flags. */
    public List<String> args() {
        return args;
    }

    public boolean getBool(String name) {
        return "true".equals(lookup(name).value);
    }

    /** Every value a repeatable flag was given, in order. */
    public List<String> getStrings(String name) {
        return List.copyOf(lookup(name).values);
    }

    public String getString(String name) {
        return lookup(name).value;
    }

    /** An unsigned 64-bit value (use {@link Long#toUnsignedString(long)} to print it). */
    public long getUint(String name) {
        return Long.parseUnsignedLong(lookup(name).value);
    }

    /** Whether a flag of that name is defined. */
    public boolean has(String name) {
        return flags.containsKey(name);
    }

    public boolean isSet(String name) {
        return lookup(name).set;
    }

    /** All flags in name order (Go's {@code VisitAll} order). */
    public List<Flag> all() {
        return new ArrayList<>(flags.values());
    }

    private Flag lookup(String name) {
        Flag f = flags.get(name);
        if (f == null) {
            throw new AssertionError("undefined flag " + name);
        }
        return f;
    }

    /** Go's {@code strconv.ParseBool}; null when the text is not a boolean. */
    public static Boolean parseBool(String s) {
        switch (s) {
            case "1": case "t": case "T": case "TRUE": case "true": case "True":
                return Boolean.TRUE;
            case "0": case "f": case "F": case "FALSE": case "false": case "False":
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
