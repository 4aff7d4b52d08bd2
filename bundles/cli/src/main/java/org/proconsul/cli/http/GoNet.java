package org.proconsul.cli.http;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Network addresses printed the way Go's {@code net} package prints them. */
public final class GoNet {
    private GoNet() {
    }

    /** {@code ip:port} as Go prints a TCP address ({@code [::1]:8500} for IPv6). */
    public static String address(InetAddress a, int port) {
        if (a instanceof Inet6Address) {
            return "[" + compressIpv6(a.getHostAddress()) + "]:" + port;
        }
        return a.getHostAddress() + ":" + port;
    }

    /** RFC 5952 text of a fully written IPv6 address ({@code 0:0:0:0:0:0:0:1} becomes {@code ::1}). */
    public static String compressIpv6(String full) {
        String zone = "";
        int pct = full.indexOf('%');
        if (pct >= 0) {
            zone = full.substring(pct);
            full = full.substring(0, pct);
        }
        String[] parts = full.split(":");
        if (parts.length != 8) {
            return full + zone;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (Integer.parseInt(parts[i], 16) != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && Integer.parseInt(parts[j], 16) == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(Integer.parseInt(parts[i], 16)));
        }
        return b + zone;
    }
}
