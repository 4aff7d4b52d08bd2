package org.proconsul.cli.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.proconsul.cli.GoText;
import org.proconsul.cli.config.HostEnvironment.NetInterface;

/**
 * IP address handling as Consul does it: Go's {@code net.ParseIP} and {@code IP.String()}, Consul's
 * detection of the address to advertise ({@code ipaddr.GetPrivateIPv4}, {@code ipaddr.GetPublicIPv6}),
 * and a small part of the go-sockaddr templates Consul accepts in address settings.
 */
final class GoNet {

    private GoNet() {
    }

    /** An address template could not be evaluated. */
    static final class TemplateException extends Exception {
        private static final long serialVersionUID = 1L;
        /** The template uses go-sockaddr features Proconsul does not implement (not an error in Consul). */
        final boolean unsupported;

        TemplateException(String message) {
            this(message, false);
        }

        TemplateException(String message, boolean unsupported) {
            super(message);
            this.unsupported = unsupported;
        }
    }

    /** Go's {@code net.ParseIP}: a literal IPv4 or IPv6 address (no zone, no brackets), else null. */
    static InetAddress parseIP(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            byte[] v4 = parseIPv4(s);
            if (v4 == null) {
                return null;
            }
            try {
                return InetAddress.getByAddress(v4);
            } catch (UnknownHostException e) {
                return null;
            }
        }
        if (!s.matches("[0-9A-Fa-f:.]+") || s.contains(":::")) {
            return null;
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return null;
        }
        int lastColon = s.lastIndexOf(':');
        String head = s;
        int groupsNeeded = 8;
        if (s.indexOf('.') >= 0) {
            // embedded IPv4 must be the last part
            if (parseIPv4(s.substring(lastColon + 1)) == null) {
                return null;
            }
            head = s.substring(0, lastColon + 1) + "0:0";
        }
        String[] parts = head.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                continue;
            }
            if (p.length() > 4) {
                return null;
            }
            groups++;
        }
        if (doubleColon < 0 && groups != groupsNeeded) {
            return null;
        }
        if (doubleColon >= 0 && groups > groupsNeeded - 1) {
            return null;
        }
        if (doubleColon < 0 && (s.startsWith(":") || s.endsWith(":"))) {
            return null;
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Dotted decimal, four parts of 1-3 digits, each at most 255, no leading zeros (Go 1.17+). */
    private static byte[] parseIPv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') {
                    return null;
                }
                v = v * 10 + (c - '0');
            }
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** Go's {@code IP.String()}: dotted IPv4 (also for IPv4-mapped IPv6), RFC 5952 IPv6. */
    static String ipString(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] b = ip.getAddress();
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                mapped = false;
                break;
            }
        }
        if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen && j - i >= 2) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString();
    }

    /** Go's {@code net.JoinHostPort}-style text of an address and port, as {@code TCPAddr.String()}. */
    static String hostPort(String ip, int port) {
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
    }

    private static final int[][] PRIVATE_V4 = {
        {10, 0, 0, 0, 8}, {100, 64, 0, 0, 10}, {127, 0, 0, 0, 8}, {169, 254, 0, 0, 16}, {172, 16, 0, 0, 12},
        {192, 168, 0, 0, 16},
    };

    static boolean inBlock(InetAddress ip, int[] block) {
        byte[] b = ip.getAddress();
        if (b.length != 4) {
            return false;
        }
        long addr = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        long net = ((long) block[0] << 24) | ((long) block[1] << 16) | ((long) block[2] << 8) | block[3];
        long mask = block[4] == 0 ? 0 : (0xffffffffL << (32 - block[4])) & 0xffffffffL;
        return (addr & mask) == (net & mask);
    }

    /** Consul's private IPv4 blocks (RFC 1918, shared 100.64/10, loopback and link-local). */
    static boolean isPrivateIPv4(InetAddress ip) {
        for (int[] block : PRIVATE_V4) {
            if (inBlock(ip, block)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Consul's {@code ipaddr.GetPrivateIPv4}: the private IPv4 addresses of the interfaces that are up,
     * loopback interfaces counting only when no other interface is up with an address.
     */
    static List<InetAddress> privateIPv4(HostEnvironment host) throws IOException {
        List<InetAddress> up = new ArrayList<>();
        List<InetAddress> loopback = new ArrayList<>();
        for (NetInterface ni : host.interfaces()) {
            if (!ni.up()) {
                continue;
            }
            (ni.loopback() ? loopback : up).addAll(ni.addresses());
        }
        List<InetAddress> candidates = up.isEmpty() ? loopback : up;
        List<InetAddress> out = new ArrayList<>();
        for (InetAddress a : candidates) {
            if (a instanceof Inet4Address && isPrivateIPv4(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /**
     * Consul's {@code ipaddr.GetPublicIPv6}: every IPv6 address of every interface that is not
     * link-local, not loopback and not in {@code fc00::/16}.
     */
    static List<InetAddress> publicIPv6(HostEnvironment host) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetInterface ni : host.interfaces()) {
            for (InetAddress a : ni.addresses()) {
                if (!(a instanceof Inet6Address)) {
                    continue;
                }
                byte[] b = a.getAddress();
                boolean linkLocal = (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
                boolean ula = (b[0] & 0xff) == 0xfc && b[1] == 0;
                if (linkLocal || ula || a.isLoopbackAddress()) {
                    continue;
                }
                out.add(a);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- go-sockaddr templates (a subset)

    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}", Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile("(\\w+)(?:\\s+\"([^\"]*)\")?");

    static boolean isTemplate(String s) {
        return s.contains("{{");
    }

    /**
     * Expands the go-sockaddr functions Proconsul supports: {@code GetPrivateIP}, {@code GetPrivateIPs},
     * {@code GetPublicIP}, {@code GetPublicIPs}, {@code GetInterfaceIP "name"},
     * {@code GetInterfaceIPs "name"}. Text outside {@code {{ }}} is kept.
     */
    static String expandTemplate(String s, HostEnvironment host) throws TemplateException {
        Matcher m = ACTION.matcher(s);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start());
            out.append(evaluate(m.group(1), host));
            last = m.end();
        }
        if (s.indexOf("{{", last) >= 0) {
            throw new TemplateException("unable to parse template: unclosed action");
        }
        out.append(s.substring(last));
        return out.toString();
    }

    private static String evaluate(String action, HostEnvironment host) throws TemplateException {
        Matcher m = CALL.matcher(action.trim());
        if (!m.matches()) {
            throw new TemplateException("unable to parse template: Proconsul supports only GetPrivateIP, "
                + "GetPrivateIPs, GetPublicIP, GetPublicIPs, GetInterfaceIP and GetInterfaceIPs, got "
                + GoText.quote(action), true);
        }
        String fn = m.group(1);
        String arg = m.group(2);
        List<NetInterface> ifaces;
        try {
            ifaces = host.interfaces();
        } catch (IOException e) {
            throw new TemplateException("unable to list network interfaces: " + e.getMessage());
        }
        List<String> found = new ArrayList<>();
        switch (fn) {
            case "GetPrivateIP", "GetPrivateIPs", "GetPublicIP", "GetPublicIPs" -> {
                boolean wantPrivate = fn.startsWith("GetPrivate");
                for (NetInterface ni : ifaces) {
                    if (!ni.up() || ni.loopback()) {
                        continue;
                    }
                    for (InetAddress a : ni.addresses()) {
                        if (!(a instanceof Inet4Address) || inBlock(a, new int[] {169, 254, 0, 0, 16})
                            || a.isLoopbackAddress()) {
                            continue;
                        }
                        if (isPrivateIPv4(a) == wantPrivate) {
                            found.add(ipString(a));
                        }
                    }
                }
                if (fn.endsWith("IP") && found.size() > 1) {
                    found = found.subList(0, 1);
                }
            }
            case "GetInterfaceIP", "GetInterfaceIPs" -> {
                if (arg == null) {
                    throw new TemplateException("unable to parse template: " + fn + " needs an interface name");
                }
                List<String> v4 = new ArrayList<>();
                List<String> v6 = new ArrayList<>();
                for (NetInterface ni : ifaces) {
                    if (!ni.name().equals(arg)) {
                        continue;
                    }
                    for (InetAddress a : ni.addresses()) {
                        (a instanceof Inet4Address ? v4 : v6).add(ipString(a));
                    }
                }
                found.addAll(v4);
                found.addAll(v6);
                if (fn.endsWith("IP")) {
                    if (found.isEmpty()) {
                        throw new TemplateException("unable to find interface " + GoText.quote(arg));
                    }
                    found = found.subList(0, 1);
                }
            }
            default -> throw new TemplateException("unable to parse template: function " + GoText.quote(fn)
                + " is not supported by Proconsul (supported: GetPrivateIP, GetPrivateIPs, GetPublicIP, "
                + "GetPublicIPs, GetInterfaceIP, GetInterfaceIPs)", true);
        }
        return String.join(" ", found);
    }
}
