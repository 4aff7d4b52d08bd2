package org.proconsul.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Small re-implementations of Go standard-library text rules that leak into Consul's messages, so that ours
 * read the same: {@code strconv.Quote} ({@code %q}), {@code strconv.ParseUint(s, 0, 64)} (how
 * {@code flag.Uint64Var} reads numbers: decimal, {@code 0x}, {@code 0o}, {@code 0b}, leading-zero octal,
 * underscores between digits), {@code %v} of the values a decoded config file holds, and the error list
 * layouts of {@code hashicorp/go-multierror} and {@code mitchellh/mapstructure}.
 */
public final class GoText {
    private GoText() {
    }

    /** Go's {@code strconv.Quote}: printable runes kept, the rest escaped. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case 0x07 -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case 0x0b -> b.append("\\v");
                default -> {
                    if (isPrint(cp)) {
                        b.appendCodePoint(cp);
                    } else if (cp < ' ' || cp == 0x7f) {
                        b.append(String.format("\\x%02x", cp));
                    } else if (Character.isSurrogate((char) cp) && cp < 0x10000) {
                        b.append("\\ufffd");
                    } else if (cp < 0x10000) {
                        b.append(String.format("\\u%04x", cp));
                    } else {
                        b.append(String.format("\\U%08x", cp));
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Go's {@code strconv.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
    private static boolean isPrint(int cp) {
        if (cp == ' ') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK,
                Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER,
                Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION,
                Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL,
                Character.OTHER_SYMBOL:
                return true;
            default:
                return false;
        }
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

    /** Go's {@code %v} of a []string: {@code [a b c]}. */
    public static String list(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }

    /** Go's {@code %v} for the values a decoded JSON or HCL document holds. */
    public static String value(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof Double d) {
            return formatFloat(d);
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(value(o));
            }
            return "[" + String.join(" ", parts) + "]";
        }
        if (v instanceof Map<?, ?> m) {
            // fmt prints maps with sorted keys
            TreeMap<String, Object> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sorted.put(String.valueOf(e.getKey()), e.getValue());
            }
            List<String> parts = new ArrayList<>();
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                parts.add(e.getKey() + ":" + value(e.getValue()));
            }
            return "map[" + String.join(" ", parts) + "]";
        }
        return String.valueOf(v);
    }

    /** Go's {@code %v} of a float64: shortest digits, exponent form when the exponent is below -4 or 6 and up. */
    private static String formatFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        // strconv 'g' with the shortest precision decides on %e with a precision of 6
        if (exp < -4 || exp >= 6) {
            String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String e = Integer.toString(Math.abs(exp));
            if (e.length() < 2) {
                e = "0" + e;
            }
            return sign + mant + "e" + (exp < 0 ? "-" : "+") + e;
        }
        return sign + bd.abs().toPlainString();
    }

    /** {@code hashicorp/go-multierror}'s default layout. */
    public static String multierror(List<String> errors) {
        if (errors.size() == 1) {
            return "1 error occurred:\n\t* " + errors.get(0) + "\n\n";
        }
        StringBuilder b = new StringBuilder().append(errors.size()).append(" errors occurred:\n\t");
        for (int i = 0; i < errors.size(); i++) {
            if (i > 0) {
                b.append("\n\t");
            }
            b.append("* ").append(errors.get(i));
        }
        return b.append("\n\n").toString();
    }

    /** {@code mitchellh/mapstructure}'s error layout (sorted points). */
    public static String mapstructureErrors(List<String> errors) {
        List<String> points = new ArrayList<>();
        for (String e : errors) {
            points.add("* " + e);
        }
        points.sort(null);
        return errors.size() + " error(s) decoding:\n\n" + String.join("\n", points);
    }
}
