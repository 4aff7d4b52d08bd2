package org.proconsul.http.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonGenerator;

import org.proconsul.api.agent.AgentConfig;
import org.proconsul.api.membership.Member;
import org.proconsul.api.raft.RaftView;

/** {@code /v1/agent/self} and {@code /v1/agent/members}: local agent state, no index and no leader needed. */
final class AgentEndpoint {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AgentEndpoint.class);
    /** Twice the longest heartbeat interval (raft_multiplier 5): beyond it a follower's leader is gone. */
    private static final long LEADER_SILENCE_MS = 1_000;
    static final String SELF = "/v1/agent/self";
    static final String MEMBERS = "/v1/agent/members";
    static final String JOIN = "/v1/agent/join/";
    static final String LEAVE = "/v1/agent/leave";
    static final String FORCE_LEAVE = "/v1/agent/force-leave/";

    private final ApiContext ctx;

    AgentEndpoint(ApiContext ctx) {
        this.ctx = ctx;
    }

    void members(Exchange ex) {
        requireGet(ex);
        boolean wan = flag(ex, "wan");
        List<Member> members = ctx.membership().members(wan);
        ex.sendJson(g -> {
            g.writeStartArray();
            for (Member m : members) {
                writeMember(g, m);
            }
            g.writeEndArray();
        });
    }

    /** {@code PUT /v1/agent/join/<addr>[?wan]}: 200 with no body, or 500 with why nothing answered. */
    void join(Exchange ex) {
        requirePut(ex);
        String address = ex.path().substring(JOIN.length());
        boolean wan = flag(ex, "wan");
        try {
            int joined = ctx.membership().join(java.util.List.of(address), wan);
            if (joined == 0) {
                throw new HttpError(500, "Failed to join " + address + ": no member answered");
            }
            ex.sendEmpty(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(500, "join interrupted");
        }
    }

    /**
     * {@code PUT /v1/agent/leave}: leaves gracefully (a server also its Raft configuration), answers, then
     * stops the agent as Consul's does. A step that could not be done gracefully is logged, not refused.
     */
    void leave(Exchange ex) {
        requirePut(ex);
        try {
            org.proconsul.api.agent.ClusterLeave serverLeave = ctx.server().get().leave();
            if (serverLeave != null) {
                serverLeave.leave();
            } else {
                ctx.membership().leave();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ex.sendEmpty(200);
        ctx.stopAgent().run();
    }

    /** {@code PUT /v1/agent/force-leave/<node>[?prune][&wan]}: an unknown node is a no-op, as in new Consul. */
    void forceLeave(Exchange ex) {
        requirePut(ex);
        String node = ex.path().substring(FORCE_LEAVE.length());
        try {
            var result = ctx.membership().forceLeave(node, flag(ex, "prune"), flag(ex, "wan"));
            if (result != org.proconsul.api.membership.Membership.ForceLeaveResult.UNKNOWN_NODE) {
                warnIfRaftCannotFollow(node);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(500, "force-leave interrupted");
        }
        ex.sendEmpty(200);
    }

    /**
     * Gossip marks a force-left server {@code left} without any leader, but only a leader takes it out of
     * Raft (it does so when it sees the {@code left}); without one the operator learns here why the Raft
     * peers did not change.
     */
    private void warnIfRaftCannotFollow(String node) {
        org.proconsul.api.raft.RaftView raft = ctx.raftViewOrNull();
        if (raft == null) {
            return;
        }
        // a follower still names a leader it has not heard from until its election timeout runs out
        boolean leaderReachable = !raft.leaderId().isEmpty()
                && ("Leader".equals(raft.state()) || raft.lastContactMs() <= LEADER_SILENCE_MS);
        if (leaderReachable) {
            return;
        }
        boolean server = ctx.membership().members(false).stream()
                .anyMatch(m -> m.name().equals(node) && "consul".equals(m.tags().get("role")));
        if (server) {
            LOG.warn("agent: force-leave node={}: gossip marks it left, but the Raft configuration keeps it:"
                    + " No cluster leader (Raft membership changes need a leader)", node);
        }
    }

    private static boolean flag(Exchange ex, String name) {
        String v = ex.param(name);
        return ex.has(name) && !"0".equals(v) && !"false".equals(v);
    }

    private static void requirePut(Exchange ex) {
        if (!ex.method().equals("PUT")) {
            throw Router.methodNotAllowed(ex, "PUT");
        }
    }

    void self(Exchange ex) {
        requireGet(ex);
        AgentConfig c = ctx.agent().config();
        RaftView raft = ctx.raftViewOrNull();
        List<Member> lan = ctx.membership().members(false);
        Member me = lan.stream().filter(m -> m.name().equals(c.nodeName())).findFirst().orElse(null);
        ex.sendJson(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("Config");
            g.writeStringField("Datacenter", c.datacenter());
            g.writeStringField("PrimaryDatacenter", c.datacenter());
            g.writeStringField("NodeName", c.nodeName());
            g.writeStringField("NodeID", c.nodeId());
            g.writeStringField("Revision", c.revision());
            g.writeBooleanField("Server", c.server());
            g.writeStringField("Version", c.version());
            g.writeStringField("BuildDate", c.buildDate());
            g.writeEndObject();
            g.writeObjectFieldStart("DebugConfig");
            for (Map.Entry<String, String> e : new TreeMap<>(c.settings()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            // A node that has measured no round trips yet sits at the origin, as a fresh Consul agent does.
            g.writeObjectFieldStart("Coord");
            g.writeArrayFieldStart("Vec");
            for (int i = 0; i < 8; i++) {
                g.writeNumber(0);
            }
            g.writeEndArray();
            g.writeNumberField("Error", 1.5);
            g.writeNumberField("Adjustment", 0);
            g.writeNumberField("Height", 1e-5);
            g.writeEndObject();
            g.writeFieldName("Member");
            if (me == null) {
                g.writeNull();
            } else {
                writeMember(g, me);
            }
            g.writeObjectFieldStart("Stats");
            writeStats(g, c, raft, lan.size(), c.server() ? ctx.membership().members(true).size() : 0);
            g.writeEndObject();
            g.writeObjectFieldStart("Meta");
            for (Map.Entry<String, String> e : new TreeMap<>(c.nodeMeta()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void writeStats(JsonGenerator g, AgentConfig c, RaftView raft, int lanMembers, int wanMembers)
            throws IOException {
        Runtime rt = Runtime.getRuntime();
        section(g, "build", Map.of("prerelease", "", "revision", c.revision(), "version", c.version(),
                "version_metadata", ""));
        if (c.server() && raft != null) {
            section(g, "consul", Map.of("bootstrap", Boolean.toString(c.bootstrap()), "known_datacenters", "1",
                    "leader", Boolean.toString("Leader".equals(raft.state())), "leader_addr", raft.leaderAddress(),
                    "server", "true"));
            section(g, "raft", Map.of("state", raft.state(), "term", Long.toString(raft.term()),
                    "commit_index", Long.toString(raft.commitIndex()),
                    "applied_index", Long.toString(raft.appliedIndex()),
                    "last_log_index", Long.toString(raft.lastLogIndex()),
                    "num_peers", Integer.toString(Math.max(0, raft.peers().size() - 1)),
                    "last_contact", raft.lastContactMs() == 0 ? "0" : raft.lastContactMs() + "ms",
                    "protocol_version", "3"));
        } else {
            section(g, "consul", Map.of("known_servers", "0", "server", "false"));
        }
        section(g, "runtime", Map.of("arch", System.getProperty("os.arch"), "os",
                System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT), "version",
                "java" + Runtime.version(), "cpu_count", Integer.toString(rt.availableProcessors()),
                "max_procs", Integer.toString(rt.availableProcessors()),
                "goroutines", Integer.toString(Thread.activeCount())));
        section(g, "serf_lan", Map.of("members", Integer.toString(lanMembers)));
        if (c.server()) {
            section(g, "serf_wan", Map.of("members", Integer.toString(wanMembers)));
        }
    }

    private static void section(JsonGenerator g, String name, Map<String, String> values) throws IOException {
        g.writeObjectFieldStart(name);
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    static void writeMember(JsonGenerator g, Member m) throws IOException {
        g.writeStartObject();
        g.writeStringField("Name", m.name());
        g.writeStringField("Addr", m.address());
        g.writeNumberField("Port", m.port());
        g.writeObjectFieldStart("Tags");
        for (Map.Entry<String, String> e : new TreeMap<>(m.tags()).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("Status", m.status().code());
        g.writeNumberField("ProtocolMin", m.protocolMin());
        g.writeNumberField("ProtocolMax", m.protocolMax());
        g.writeNumberField("ProtocolCur", m.protocolCur());
        g.writeNumberField("DelegateMin", m.delegateMin());
        g.writeNumberField("DelegateMax", m.delegateMax());
        g.writeNumberField("DelegateCur", m.delegateCur());
        g.writeEndObject();
    }

    private static void requireGet(Exchange ex) {
        if (!ex.method().equals("GET")) {
            throw Router.methodNotAllowed(ex, "GET");
        }
    }
}
