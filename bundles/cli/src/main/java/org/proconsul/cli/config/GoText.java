package org.proconsul.cli.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.proconsul.cli.config.hcl.HclObjectList;

/**
 * The few pieces of Go's text formatting that Consul's messages contain, so that our messages read the
 * same: {@code strconv.Quote} ({@code %q}), {@code %v} of the values a decoded config file holds, and
 * the list layout of {@code hashicorp/go-multierror}.
 */
final class GoText {

    private GoText() {
    }

    /** Go's {@code strconv.Quote}: printable runes kept, the rest escaped. */
    static String quote(String s) {
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
    static boolean isPrint(int cp) {
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

    /** Go's {@code %v} of a []string: {@code [a b c]}. */
    static String list(List<String> items) {
        return "[" + String.join(" ", items) + "]";
    }

    /** Go's {@code %v} for the values a decoded JSON or HCL document holds. */
    static String value(Object v) {
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
    static String formatFloat(double d) {
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

    /** The Go type name {@code %T} / reflect prints for a decoded value. */
    static String typeName(Object v) {
        if (v == null) {
            return "<nil>";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof Long || v instanceof Integer) {
            return "int";
        }
        if (v instanceof Double) {
            return "float64";
        }
        if (v instanceof HclObjectList) {
            return "[]map[string]interface {}";
        }
        if (v instanceof List) {
            return "[]interface {}";
        }
        if (v instanceof Map) {
            return "map[string]interface {}";
        }
        return v.getClass().getSimpleName();
    }

    /** The reflect kind name Go prints for a decoded value ({@code slice}, {@code map}, ...). */
    static String kindName(Object v) {
        if (v instanceof List) {
            return "slice";
        }
        if (v instanceof Map) {
            return "map";
        }
        return typeName(v);
    }

    /** {@code hashicorp/go-multierror}'s default layout. */
    static String multierror(List<String> errors) {
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
    static String mapstructureErrors(List<String> errors) {
        List<String> points = new ArrayList<>();
        for (String e : errors) {
            points.add("* " + e);
        }
        points.sort(null);
        return errors.size() + " error(s) decoding:\n\n" + String.join("\n", points);
    }
}
