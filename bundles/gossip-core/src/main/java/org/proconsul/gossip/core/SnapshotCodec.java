package org.proconsul.gossip.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text codec for {@link Snapshot}, line oriented like serf's snapshot so an operator can read it:
 * <pre>
 * proconsul-gossip-snapshot 1
 * clock: 42
 * query-clock: 7
 * alive: web1 10.0.0.1:8301
 * not-alive: web2
 * leave
 * </pre>
 * The first line carries the format version. Later lines win (an append-only log compacts to the same state);
 * unknown lines are skipped with a warning so a newer agent's file still loads.
 */
public final class SnapshotCodec {

    public static final int VERSION = 1;
    private static final String MAGIC = "proconsul-gossip-snapshot";
    /** A snapshot is a few bytes per member; anything bigger than this is not ours. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private SnapshotCodec() {
    }

    /** Parse outcome: a snapshot with warnings, or a reason the file cannot be used at all. */
    public sealed interface Parsed {
        record Ok(Snapshot snapshot, List<String> warnings) implements Parsed {
        }

        record Invalid(String reason) implements Parsed {
        }
    }

    public static byte[] encode(Snapshot s) {
        StringBuilder b = new StringBuilder();
        b.append(MAGIC).append(' ').append(VERSION).append('\n');
        b.append("clock: ").append(s.memberLamportTime()).append('\n');
        b.append("query-clock: ").append(s.queryLamportTime()).append('\n');
        for (Snapshot.KnownMember m : s.aliveMembers()) {
            if (m.name().indexOf('\n') >= 0 || m.address().indexOf(' ') >= 0) {
                throw new IllegalArgumentException("unencodable member " + m);
            }
            b.append("alive: ").append(m.name()).append(' ').append(m.address()).append('\n');
        }
        if (s.leftCleanly()) {
            b.append("leave\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Never throws; an empty file is a fresh start (clocks zero, nobody known). */
    public static Parsed decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new Parsed.Ok(new Snapshot(0, 0, List.of(), false), List.of());
        }
        if (bytes.length > MAX_BYTES) {
            return new Parsed.Invalid("snapshot larger than " + MAX_BYTES + " bytes");
        }
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
        String first = lines[0].strip();
        if (!first.startsWith(MAGIC + " ")) {
            return new Parsed.Invalid("not a proconsul gossip snapshot (first line '" + cut(first) + "')");
        }
        String version = first.substring(MAGIC.length() + 1).strip();
        if (!version.equals(Integer.toString(VERSION))) {
            return new Parsed.Invalid("unsupported snapshot version " + cut(version));
        }
        long clock = 0;
        long queryClock = 0;
        boolean left = false;
        Map<String, String> alive = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                if (line.startsWith("clock: ")) {
                    clock = Math.max(clock, parseTime(line.substring(7)));
                } else if (line.startsWith("query-clock: ")) {
                    queryClock = Math.max(queryClock, parseTime(line.substring(13)));
                } else if (line.startsWith("alive: ")) {
                    String rest = line.substring(7);
                    int space = rest.lastIndexOf(' ');
                    String addr = space > 0 ? rest.substring(space + 1) : "";
                    if (space <= 0 || HostPort.parse(addr) == null) {
                        warnings.add("line " + (i + 1) + ": bad alive entry '" + cut(line) + "'");
                        continue;
                    }
                    alive.put(rest.substring(0, space), addr);
                    left = false; // a member seen after a leave line means we came back
                } else if (line.startsWith("not-alive: ")) {
                    alive.remove(line.substring(11));
                } else if (line.equals("leave")) {
                    left = true;
                } else {
                    warnings.add("line " + (i + 1) + ": unknown entry '" + cut(line) + "'");
                }
            } catch (NumberFormatException e) {
                warnings.add("line " + (i + 1) + ": bad number in '" + cut(line) + "'");
            }
        }
        List<Snapshot.KnownMember> members = new ArrayList<>();
        alive.forEach((n, a) -> members.add(new Snapshot.KnownMember(n, a)));
        return new Parsed.Ok(new Snapshot(clock, queryClock, members, left), warnings);
    }

    private static long parseTime(String s) {
        long v = Long.parseLong(s.strip());
        if (v < 0) {
            throw new NumberFormatException("negative");
        }
        return v;
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
