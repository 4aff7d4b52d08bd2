package org.proconsul.http.internal;

import java.util.HashMap;
import java.util.Map;

import org.proconsul.api.membership.Member;
import org.proconsul.api.raft.RaftPeer;
import org.proconsul.api.raft.RaftView;
import org.proconsul.api.raft.MembershipResult;
import org.proconsul.api.raft.ReadPermit;
import org.proconsul.api.raft.TransferResult;

/**
 * {@code /v1/operator/raft/configuration}: the servers of the Raft configuration with their gossip node
 * names, who leads, and the index of the configuration entry. Like Consul it needs a leader unless
 * {@code ?stale} is given; the answer then comes from this server's own configuration, which the read
 * barrier brought up to date.
 */
final class OperatorRaftEndpoint {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(OperatorRaftEndpoint.class);
    static final String CONFIGURATION = "/v1/operator/raft/configuration";
    static final String TRANSFER_LEADER = "/v1/operator/raft/transfer-leader";
    static final String PEER = "/v1/operator/raft/peer";

    private final ApiContext ctx;
    private final ServerForwarder leaderForwarder;

    OperatorRaftEndpoint(ApiContext ctx, ServerForwarder leaderForwarder) {
        this.ctx = ctx;
        this.leaderForwarder = leaderForwarder;
    }

    /**
     * {@code DELETE ?id=} or {@code ?address=}: removes that server from the Raft configuration. Only the
     * leader changes the configuration, so a follower passes the request on; 200 with an empty body.
     */
    void removePeer(Exchange ex) {
        if (!ex.method().equals("DELETE")) {
            throw Router.methodNotAllowed(ex, "DELETE");
        }
        ctx.checkDatacenter(ex.param("dc"));
        String id = ex.param("id");
        String address = ex.param("address");
        if (id == null && address == null) {
            throw HttpError.badRequest("Must specify either ?id with the server's ID or ?address with IP:port of peer"
                    + " to remove");
        }
        if (id != null && address != null) {
            throw HttpError.badRequest("Must specify only one of ?id or ?address");
        }
        RaftView view = ctx.consensus().view();
        if (leaderForwarder.passedToLeader(ex, view)) {
            return;
        }
        String target = id;
        if (address != null) {
            target = view.peers().stream().filter(p -> p.address().equals(address)).map(RaftPeer::id).findFirst()
                    .orElseThrow(() -> new HttpError(500, "address \"" + address
                            + "\" was not found in the Raft configuration"));
        }
        String removed = target;
        ctx.consensus().removeServer(target).whenComplete((result, failure) -> {
            if (failure != null) {
                ex.sendFailure(failure);
            } else if (result instanceof MembershipResult.Refused refused) {
                ex.sendError(new HttpError(500, refused.reason()));
            } else {
                LOG.warn("operator: removed Raft peer id={} address={} by request", removed,
                        address == null ? "" : address);
                ex.sendEmpty(200);
            }
        });
    }

    void configuration(Exchange ex) {
        if (!ex.method().equals("GET")) {
            throw Router.methodNotAllowed(ex, "GET");
        }
        QueryOptions options = ctx.queryOptions(ex);
        ctx.barrier(options).whenComplete((permit, failure) -> {
            if (failure != null) {
                ex.sendFailure(failure);
            } else if (permit instanceof ReadPermit.Refused refused) {
                ex.sendError(ApiContext.toHttp(refused.error()));
            } else {
                render(ex, ctx.consensus().view());
            }
        });
    }

    /** {@code POST ?id=}: hands leadership to that voter (or the most up-to-date one) and waits for the outcome. */
    void transferLeader(Exchange ex) {
        if (!ex.method().equals("POST")) {
            throw Router.methodNotAllowed(ex, "POST");
        }
        ctx.checkDatacenter(ex.param("dc"));
        String id = ex.param("id");
        ctx.consensus().transferLeadership(id == null ? "" : id).whenComplete((result, failure) -> {
            if (failure != null) {
                ex.sendFailure(failure);
            } else if (result instanceof TransferResult.Refused refused) {
                ex.sendError(new HttpError(500, "Failed to transfer leadership: " + refused.reason()));
            } else {
                ex.sendJson(g -> {
                    g.writeStartObject();
                    g.writeBooleanField("Success", true);
                    g.writeEndObject();
                });
            }
        });
    }

    private void render(Exchange ex, RaftView view) {
        Map<String, String> nodeNames = new HashMap<>();
        for (Member m : ctx.membership().members(false)) {
            String id = m.tags().get("id");
            if (id != null && "consul".equals(m.tags().get("role"))) {
                nodeNames.put(id, m.name());
            }
        }
        ex.sendJson(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("Servers");
            for (RaftPeer peer : view.peers()) {
                g.writeStartObject();
                g.writeStringField("ID", peer.id());
                g.writeStringField("Node", nodeNames.getOrDefault(peer.id(), "(unknown)"));
                g.writeStringField("Address", peer.address());
                g.writeBooleanField("Leader", peer.id().equals(view.leaderId()));
                g.writeStringField("ProtocolVersion", "3");
                g.writeBooleanField("Voter", peer.voter());
                g.writeNumberField("LastIndex", peer.lastIndex());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("Index", view.configurationIndex());
            g.writeEndObject();
        });
    }
}
