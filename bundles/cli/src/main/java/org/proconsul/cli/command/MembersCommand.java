package org.proconsul.cli.command;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.proconsul.cli.ColumnFormatter;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.AgentApi;
import org.proconsul.cli.http.AgentMember;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;

/**
 * {@code consul members}: the gossip members known to the agent, as Consul's table
 * {@code Node Address Status Type Build Protocol DC Segment} (the column set before Admin Partitions,
 * which the project's scenarios pin) or, with {@code -detailed}, {@code Node Address Status Tags}.
 * Servers come first, then members by segment and name. No member matching {@code -status} exits 2
 * without output.
 */
public final class MembersCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;
    /** Segment value asking the agent for members of every segment. */
    static final String ALL_SEGMENTS = "_all";

    private static final char D = ColumnFormatter.DELIM;

    public MembersCommand(Io io) {
        super(io, ExtraFlags.PARTITION);
        flags.bool(CMD, "detailed", false, "Print every tag of each member instead of the summary columns.");
        flags.string(CMD, "filter", "", "string", "Filter expression evaluated by the agent on the members.");
        flags.string(CMD, "segment", ALL_SEGMENTS, "string",
                "Only members of this network segment (an Enterprise feature); default: all segments.");
        flags.string(CMD, "status", ".*", "string", "Only members whose status matches this regular expression.");
        flags.bool(CMD, "wan", false, "On a server, list the WAN pool (servers of all datacenters) instead.");
    }

    @Override
    public String synopsis() {
        return "Lists the members of the cluster";
    }

    @Override
    protected String usageText() {
        return "Usage: consul members [options]\n"
                + "\n"
                + "  Lists the cluster members the agent knows from gossip, with their state.";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        Pattern status;
        try {
            status = Pattern.compile(flags.getString("status"));
        } catch (PatternSyntaxException e) {
            io.error("Failed to compile status regexp: error parsing regexp: " + e.getDescription() + ": `"
                    + flags.getString("status") + "`");
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        String segment = flags.getString("segment");
        List<AgentMember> members;
        try (client) {
            members = new AgentApi(client).members(segment, flags.getBool("wan"), flags.getString("filter"));
        } catch (ConsulApiException e) {
            io.error("Error retrieving members: " + e.getMessage());
            return 1;
        }
        List<AgentMember> shown = new ArrayList<>();
        for (AgentMember m : members) {
            Map<String, String> tags = m.tags();
            String seg = tags.get("segment");
            if (ALL_SEGMENTS.equals(segment) && "consul".equals(tags.get("role"))) {
                tags.put("segment", "<all>");
            } else if (seg == null || seg.isEmpty()) {
                tags.put("segment", "<default>");
            }
            if (status.matcher(statusName(m.status())).find()) {
                shown.add(m);
            }
        }
        if (shown.isEmpty()) {
            return 2;
        }
        shown.sort(new MemberOrder());
        io.info(flags.getBool("detailed") ? detailed(shown) : standard(shown));
        return 0;
    }

    static String standard(List<AgentMember> members) {
        ColumnFormatter table = new ColumnFormatter();
        table.row("Node" + D + "Address" + D + "Status" + D + "Type" + D + "Build" + D + "Protocol" + D + "DC" + D
                + "Segment");
        for (AgentMember m : members) {
            Map<String, String> tags = m.tags();
            String address = address(m.addr(), m.port());
            String state = statusName(m.status());
            String role = tags.getOrDefault("role", "");
            String type = "consul".equals(role) ? "server" : "node".equals(role) ? "client" : null;
            if (type == null) {
                table.row(m.name() + D + address + D + state + D + "unknown" + D + D + D + D);
                continue;
            }
            String build = tags.getOrDefault("build", "");
            if (build.isEmpty()) {
                build = "< 0.3";
            } else if (build.indexOf(':') >= 0) {
                build = build.substring(0, build.indexOf(':'));
            }
            table.row(m.name() + D + address + D + state + D + type + D + build + D + tags.getOrDefault("vsn", "")
                    + D + tags.getOrDefault("dc", "") + D + tags.getOrDefault("segment", ""));
        }
        return table.format();
    }

    static String detailed(List<AgentMember> members) {
        ColumnFormatter table = new ColumnFormatter();
        table.row("Node" + D + "Address" + D + "Status" + D + "Tags");
        for (AgentMember m : members) {
            StringBuilder tags = new StringBuilder();
            for (Map.Entry<String, String> t : new TreeMap<>(m.tags()).entrySet()) {
                if (tags.length() > 0) {
                    tags.append(',');
                }
                tags.append(t.getKey()).append('=').append(t.getValue());
            }
            table.row(m.name() + D + address(m.addr(), m.port()) + D + statusName(m.status()) + D + tags);
        }
        return table.format();
    }

    /** Serf's member status names. */
    static String statusName(int status) {
        switch (status) {
            case 0: return "none";
            case 1: return "alive";
            case 2: return "leaving";
            case 3: return "left";
            case 4: return "failed";
            default: return "unknown";
        }
    }

    /** {@code ip:port} as Go's {@code net.TCPAddr} prints it ({@code [v6]:port}, {@code :port} for a bad IP). */
    static String address(String ip, int port) {
        if (isIpv4(ip)) {
            return ip + ":" + port;
        }
        if (ip.indexOf(':') >= 0) {
            try {
                java.net.InetAddress a = java.net.InetAddress.getByName(ip.startsWith("[") ? ip : "[" + ip + "]");
                if (a instanceof java.net.Inet4Address) {
                    return a.getHostAddress() + ":" + port; // IPv4-mapped IPv6 prints as IPv4 in Go
                }
                return "[" + org.proconsul.cli.http.GoNet.compressIpv6(a.getHostAddress()) + "]:" + port;
            } catch (java.net.UnknownHostException e) {
                return ":" + port;
            }
        }
        return ":" + port;
    }

    private static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3) {
                return false;
            }
            for (int i = 0; i < p.length(); i++) {
                if (!Character.isDigit(p.charAt(i)) || p.charAt(i) > '9') {
                    return false;
                }
            }
            if (Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Servers first, then by segment, then by name. */
    private static final class MemberOrder implements Comparator<AgentMember> {
        @Override
        public int compare(AgentMember a, AgentMember b) {
            boolean sa = "consul".equals(a.tags().get("role"));
            boolean sb = "consul".equals(b.tags().get("role"));
            if (sa != sb) {
                return sa ? -1 : 1;
            }
            int c = a.tags().getOrDefault("segment", "").compareTo(b.tags().getOrDefault("segment", ""));
            return c != 0 ? c : a.name().compareTo(b.name());
        }
    }
}
