package org.proconsul.cli;

/**
 * Small re-implementations of Go standard-library text rules that leak into Consul's CLI output:
 * {@code strconv.Quote} (used by {@code %q} in flag errors) and {@code strconv.ParseUint(s, 0, 64)} (how
 * {@code flag.Uint64Var} reads numbers: decimal, {@code 0x}, {@code 0o}, {@code 0b}, leading-zero octal,
 * underscores between digits).
 */
public final class GoText {
    private GoText() {
    }

    /** Double-quoted Go string literal for {@code s}. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2);
        b.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case 7: b.append("\\a"); break;
                case '\b': b.append("\\b"); break;
                case '\f': b.append("\\f"); break;
                case '\n': b.append("\\n"); break;
                case '\r': b.append("\\r"); break;
                case '\t': b.append("\\t"); break;
                case 11: b.append("\\v"); break;
                case '\\': b.append("\\\\"); break;
                case '"': b.append("\\\""); break;
                default:
                    if (cp < 0x20 || cp == 0x7f) {
                        b.append("\\x").append(Character.forDigit(cp >> 4, 16)).append(Character.forDigit(cp & 15, 16));
                    } else if (cp >= 0x80 && !printable(cp)) {
                        String hex = Integer.toHexString(cp);
                        if (cp <= 0xffff) {
                            b.append("\\u").append("0000", hex.length(), 4).append(hex);
                        } else {
                            b.append("\\U").append("00000000", hex.length(), 8).append(hex);
                        }
                    } else {
                        b.appendCodePoint(cp);
                    }
            }
        }
        return b.append('"').toString();
    }

    private static boolean printable(int cp) {
        int t = Character.getType(cp);
        return t != Character.CONTROL && t != Character.FORMAT && t != Character.UNASSIGNED
                && t != Character.SURROGATE && t != Character.PRIVATE_USE
                && t != Character.LINE_SEPARATOR && t != Character.PARAGRAPH_SEPARATOR
                && (t != Character.SPACE_SEPARATOR || cp == 0x20);
    }

    /** Null if {@code s} parses as a Go base-0 uint64, else Go's reason ("parse error", "value out of range"). */
    public static String parseUintProblem(String s) {
        try {
            parseUint(s);
            return null;
        } catch (NumberFormatException e) {
            return e.getMessage();
        }
    }

    /**
     * Parses like Go's {@code strconv.ParseUint(s, 0, 64)}; the result is an unsigned 64-bit value.
     *
     * @throws NumberFormatException with message "parse error" or "value out of range"
     */
    public static long parseUint(String s) {
        if (s.isEmpty()) {
            throw new NumberFormatException("parse error");
        }
        String digits = s;
        int base = 10;
        if (s.charAt(0) == '0') {
            char c1 = s.length() >= 3 ? Character.toLowerCase(s.charAt(1)) : 0;
            if (c1 == 'b') {
                base = 2;
                digits = s.substring(2);
            } else if (c1 == 'o') {
                base = 8;
                digits = s.substring(2);
            } else if (c1 == 'x') {
                base = 16;
                digits = s.substring(2);
            } else {
                base = 8;
                digits = s.substring(1);
            }
        }
        boolean underscores = false;
        long n = 0;
        boolean overflow = false;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c == '_') {
                underscores = true;
                continue;
            }
            int d = Character.digit(c, 16);
            if (c > 0x7f || d < 0 || d >= base) {
                throw new NumberFormatException("parse error");
            }
            if (!overflow) {
                // n * base + d must stay below 2^64
                if (Long.compareUnsigned(n, Long.divideUnsigned(-1L, base)) > 0) {
                    overflow = true;
                } else {
                    long next = n * base + d;
                    if (Long.compareUnsigned(next, n * base) < 0) {
                        overflow = true;
                    } else {
                        n = next;
                    }
                }
            }
        }
        if (overflow) {
            throw new NumberFormatException("value out of range");
        }
        if (underscores && !underscoreOk(s)) {
            throw new NumberFormatException("parse error");
        }
        return n;
    }

    private static boolean underscoreOk(String s) {
        char saw = '^';
        int i = 0;
        boolean hex = false;
        if (s.length() >= 2 && s.charAt(0) == '0') {
            char c1 = Character.toLowerCase(s.charAt(1));
            if (c1 == 'b' || c1 == 'o' || c1 == 'x') {
                i = 2;
                saw = '0';
                hex = c1 == 'x';
            }
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            char lc = Character.toLowerCase(c);
            if (c >= '0' && c <= '9' || hex && lc >= 'a' && lc <= 'f') {
                saw = '0';
                continue;
            }
            if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
                continue;
            }
            if (saw == '_') {
                return false;
            }
            saw = '!';
        }
        return saw != '_';
    }
}
