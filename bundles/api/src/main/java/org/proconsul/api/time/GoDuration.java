package org.proconsul.api.time;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Go's {@code time.Duration} text form, both ways, as Consul's flags, config files, query parameters and
 * JSON use it. The one implementation for the agent's bundles and for the {@code consul} CLI, which shades
 * this package in.
 *
 * <p>{@link #parse(String)} accepts exactly what Go's {@code time.ParseDuration} accepts: an optional sign
 * and a sequence of decimal numbers, each with an optional fraction and a unit ({@code ns}, {@code us},
 * {@code µs} (U+00B5), {@code μs} (U+03BC), {@code ms}, {@code s}, {@code m}, {@code h}), e.g.
 * {@code "300ms"}, {@code "-1.5h"}, {@code "2h45m"}; the bare string {@code "0"} is zero. Errors carry Go's
 * texts ({@code time: invalid duration "x"}, {@code time: missing unit in duration "10"},
 * {@code time: unknown unit "d" in duration "1d"}), and values beyond Go's int64 nanoseconds are rejected
 * as Go rejects them.
 *
 * <p>{@link #format(Duration)} prints like Go's {@code Duration.String()}: {@code "0s"}, {@code "200ms"},
 * {@code "1.5µs"}, {@code "10s"}, {@code "1m0s"}, {@code "1h0m0s"}, {@code "72h0m0s"}.
 *
 * <p>Consul's agent configuration files take durations only as strings; {@link #parseLenient(Object)}
 * additionally takes integer nanoseconds, the form Consul's HTTP API accepts in request bodies.
 */
public final class GoDuration {

    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MINUTE = 60 * NANOS_PER_SECOND;
    private static final long NANOS_PER_HOUR = 60 * NANOS_PER_MINUTE;
    /** 1 << 63 as an unsigned value. */
    private static final long TWO_POW_63 = Long.MIN_VALUE;

    private GoDuration() {
    }

    /** Thrown for text Go's {@code time.ParseDuration} would reject; the message is Go's error text. */
    public static final class InvalidDurationException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidDurationException(String message) {
            super(message);
        }
    }

    /**
     * Parses Go duration text.
     *
     * @throws InvalidDurationException with Go's error text
     */
    public static Duration parse(String text) {
        return Duration.ofNanos(parseNanos(text));
    }

    /**
     * Parses Go duration text, or returns null when {@code text} is null or Go would reject it, for callers
     * that report a bad value in their own words.
     */
    public static Duration parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        try {
            return parse(text);
        } catch (InvalidDurationException e) {
            return null;
        }
    }

    /**
     * Parses a duration given as Go text or as integer nanoseconds (a {@link Number} without a fraction,
     * or a string of digits is still read as Go text and so needs a unit, as in Go).
     *
     * @throws InvalidDurationException if the value is neither
     */
    public static Duration parseLenient(Object value) {
        if (value instanceof Duration d) {
            return d;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return Duration.ofNanos(((Number) value).longValue());
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.2e18) {
                return Duration.ofNanos((long) d);
            }
        }
        if (value instanceof String s) {
            return parse(s);
        }
        throw new InvalidDurationException("time: invalid duration " + quote(String.valueOf(value)));
    }

    /** Go's {@code time.ParseDuration}, returning nanoseconds. */
    public static long parseNanos(String orig) {
        String s = orig;
        long d = 0; // unsigned accumulator, as Go's uint64
        boolean neg = false;
        if (!s.isEmpty()) {
            char c = s.charAt(0);
            if (c == '-' || c == '+') {
                neg = c == '-';
                s = s.substring(1);
            }
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalid(orig);
        }
        while (!s.isEmpty()) {
            char c0 = s.charAt(0);
            if (!(c0 == '.' || ('0' <= c0 && c0 <= '9'))) {
                throw invalid(orig);
            }
            // leading integer
            int i = 0;
            long v = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_POW_63, 10)) > 0) {
                    throw invalid(orig); // overflow
                }
                v = v * 10 + (s.charAt(i) - '0');
                if (Long.compareUnsigned(v, TWO_POW_63) > 0) {
                    throw invalid(orig);
                }
                i++;
            }
            boolean pre = i > 0;
            s = s.substring(i);
            // fraction
            long f = 0;
            double scale = 1;
            boolean post = false;
            if (!s.isEmpty() && s.charAt(0) == '.') {
                s = s.substring(1);
                int j = 0;
                boolean overflow = false;
                while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                    if (!overflow) {
                        if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                            overflow = true;
                        } else {
                            long y = f * 10 + (s.charAt(j) - '0');
                            if (Long.compareUnsigned(y, TWO_POW_63) > 0) {
                                overflow = true;
                            } else {
                                f = y;
                                scale *= 10;
                            }
                        }
                    }
                    j++;
                }
                post = j > 0;
                s = s.substring(j);
            }
            if (!pre && !post) {
                throw invalid(orig);
            }
            // unit
            int u = 0;
            while (u < s.length()) {
                char c = s.charAt(u);
                if (c == '.' || ('0' <= c && c <= '9')) {
                    break;
                }
                u++;
            }
            if (u == 0) {
                throw new InvalidDurationException("time: missing unit in duration " + quote(orig));
            }
            String unitText = s.substring(0, u);
            s = s.substring(u);
            long unit = unitNanos(unitText);
            if (unit == 0) {
                throw new InvalidDurationException(
                    "time: unknown unit " + quote(unitText) + " in duration " + quote(orig));
            }
            if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_POW_63, unit)) > 0) {
                throw invalid(orig);
            }
            v *= unit;
            if (f > 0) {
                double frac = (double) f * ((double) unit / scale);
                v += (long) frac;
                if (Long.compareUnsigned(v, TWO_POW_63) > 0) {
                    throw invalid(orig);
                }
            }
            d += v;
            if (Long.compareUnsigned(d, TWO_POW_63) > 0) {
                throw invalid(orig);
            }
        }
        if (neg) {
            return -d; // d <= 1<<63, so -d fits (1<<63 negates to itself, Long.MIN_VALUE)
        }
        if (Long.compareUnsigned(d, Long.MAX_VALUE) > 0) {
            throw invalid(orig);
        }
        return d;
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ns":
                return 1;
            case "us":
            case "\u00b5s":
            case "\u03bcs":
                return NANOS_PER_MICRO;
            case "ms":
                return NANOS_PER_MILLI;
            case "s":
                return NANOS_PER_SECOND;
            case "m":
                return NANOS_PER_MINUTE;
            case "h":
                return NANOS_PER_HOUR;
            default:
                return 0;
        }
    }

    private static InvalidDurationException invalid(String orig) {
        return new InvalidDurationException("time: invalid duration " + quote(orig));
    }

    /**
     * Go's {@code Duration.String()}.
     *
     * @throws IllegalArgumentException if the duration does not fit Go's int64 nanoseconds
     */
    public static String format(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration does not fit in int64 nanoseconds: " + duration, e);
        }
        return formatNanos(nanos);
    }

    /** Go's {@code Duration.String()} for a nanosecond count. */
    public static String formatNanos(long nanos) {
        boolean neg = nanos < 0;
        long u = neg ? -nanos : nanos; // unsigned; Long.MIN_VALUE stays as 1<<63 unsigned
        StringBuilder out = new StringBuilder();
        if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
            if (u == 0) {
                return "0s";
            }
            int prec;
            String unit;
            if (u < NANOS_PER_MICRO) {
                prec = 0;
                unit = "ns";
            } else if (u < NANOS_PER_MILLI) {
                prec = 3;
                unit = "\u00b5s";
            } else {
                prec = 6;
                unit = "ms";
            }
            out.append(integerWithFraction(u, prec)).append(unit);
        } else {
            String secondsWithFraction = fraction(u, 9);
            long wholeSeconds = Long.divideUnsigned(u, NANOS_PER_SECOND);
            long secs = Long.remainderUnsigned(wholeSeconds, 60);
            long mins = Long.divideUnsigned(wholeSeconds, 60);
            StringBuilder tail = new StringBuilder().append(secs).append(secondsWithFraction).append('s');
            if (mins > 0) {
                long m = mins % 60;
                long h = mins / 60;
                tail.insert(0, m + "m");
                if (h > 0) {
                    tail.insert(0, h + "h");
                }
            }
            out.append(tail);
        }
        if (neg) {
            out.insert(0, '-');
        }
        return out.toString();
    }

    /** Integer part of v / 10^prec followed by its fraction without trailing zeros. */
    private static String integerWithFraction(long v, int prec) {
        long pow = 1;
        for (int i = 0; i < prec; i++) {
            pow *= 10;
        }
        return Long.toUnsignedString(Long.divideUnsigned(v, pow)) + fraction(v, prec);
    }

    /** ".123" style fraction of v / 10^prec, trailing zeros dropped, empty when zero. */
    private static String fraction(long v, int prec) {
        if (prec == 0) {
            return "";
        }
        long pow = 1;
        for (int i = 0; i < prec; i++) {
            pow *= 10;
        }
        long frac = Long.remainderUnsigned(v, pow);
        if (frac == 0) {
            return "";
        }
        StringBuilder digits = new StringBuilder(Long.toString(frac));
        while (digits.length() < prec) {
            digits.insert(0, '0');
        }
        int end = digits.length();
        while (end > 0 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return "." + digits.substring(0, end);
    }

    /** Go's {@code time.quote}: ASCII printable characters kept, others as UTF-8 {@code \xNN} bytes. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= 0x80 || cp < ' ') {
                for (byte x : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    b.append("\\x").append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
                }
            } else {
                if (cp == '"' || cp == '\\') {
                    b.append('\\');
                }
                b.appendCodePoint(cp);
            }
        }
        return b.append('"').toString();
    }
}
