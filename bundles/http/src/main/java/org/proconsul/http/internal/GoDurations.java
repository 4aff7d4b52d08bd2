package org.proconsul.http.internal;

import java.time.Duration;

/** Go's time.ParseDuration and Duration.String(), as Consul's query parameters and JSON use them. */
final class GoDurations {
    private GoDurations() {
    }

    /** Parses "1h2m3.5s", "200ms", "10us"/"µs", "5ns"; a bare "0" is zero. Null when malformed. */
    static Duration parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            return null;
        }
        java.math.BigDecimal totalNanos = java.math.BigDecimal.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                return null;
            }
            java.math.BigDecimal number;
            try {
                number = new java.math.BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                return null;
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = unitNanos(s.substring(unitStart, i));
            if (unit == 0) {
                return null;
            }
            totalNanos = totalNanos.add(number.multiply(java.math.BigDecimal.valueOf(unit)));
        }
        if (totalNanos.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return null;
        }
        long nanos = totalNanos.longValue();
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    private static long unitNanos(String unit) {
        switch (unit) {
            case "ns": return 1L;
            case "us": case "µs": case "μs": return 1_000L;
            case "ms": return 1_000_000L;
            case "s": return 1_000_000_000L;
            case "m": return 60_000_000_000L;
            case "h": return 3_600_000_000_000L;
            default: return 0;
        }
    }
}
