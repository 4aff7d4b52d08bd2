package org.proconsul.cli.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * URL escaping as Go's {@code net/url} does it, so that requests carry the same bytes Consul's client sends
 * and error messages show the same URL text: path segments keep {@code /} and sub-delimiters, query values
 * use {@code +} for spaces, and parameters are sorted by name.
 */
final class GoUrl {
    private GoUrl() {
    }

    /** {@code url.PathEscape}-like escaping for a full path (slashes kept). */
    static String escapePath(String path) {
        return escape(path, Mode.PATH);
    }

    /** {@code url.QueryEscape}. */
    static String queryEscape(String s) {
        return escape(s, Mode.QUERY);
    }

    /** Host escaping used when printing a URL whose host is a Unix socket path. */
    static String escapeHost(String s) {
        return escape(s, Mode.HOST);
    }

    /** {@code url.Values.Encode} of single-valued parameters, given in sorted order. */
    static String encodeQuery(Map<String, String> sortedParams) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : sortedParams.entrySet()) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(queryEscape(e.getKey())).append('=').append(queryEscape(e.getValue()));
        }
        return b.toString();
    }

    private enum Mode { PATH, QUERY, HOST }

    private static String escape(String s, Mode mode) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(bytes.length + 8);
        for (byte raw : bytes) {
            int c = raw & 0xff;
            if (!shouldEscape(c, mode)) {
                b.append((char) c);
            } else if (c == ' ' && mode == Mode.QUERY) {
                b.append('+');
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return b.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean shouldEscape(int c, Mode mode) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return false;
        }
        if (mode == Mode.HOST) {
            switch (c) {
                case '!': case '$': case '&': case '\'': case '(': case ')': case '*': case '+': case ',':
                case ';': case '=': case ':': case '[': case ']': case '<': case '>': case '"':
                case '-': case '_': case '.': case '~':
                    return false;
                default:
                    return true;
            }
        }
        switch (c) {
            case '-': case '_': case '.': case '~':
                return false;
            case '$': case '&': case '+': case ',': case '/': case ':': case ';': case '=': case '?': case '@':
                return mode == Mode.PATH ? c == '?' : true;
            default:
                return true;
        }
    }
}
