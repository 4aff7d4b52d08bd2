package org.proconsul.http.internal;

import org.proconsul.api.raft.RaftPeer;
import org.proconsul.api.raft.RaftView;

/** {@code /v1/status/leader} and {@code /v1/status/peers}: this server's own Raft view, no leader needed. */
final class StatusEndpoint {
    static final String LEADER = "/v1/status/leader";
    static final String PEERS = "/v1/status/peers";

    private final ApiContext ctx;

    StatusEndpoint(ApiContext ctx) {
        this.ctx = ctx;
    }

    void leader(Exchange ex) {
        requireGet(ex);
        ctx.checkDatacenter(ex.param("dc"));
        RaftView view = ctx.consensus().view();
        ex.sendJson(g -> g.writeString(view.leaderAddress()));
    }

    void peers(Exchange ex) {
        requireGet(ex);
        ctx.checkDatacenter(ex.param("dc"));
        RaftView view = ctx.consensus().view();
        ex.sendJson(g -> {
            g.writeStartArray();
            for (RaftPeer peer : view.peers()) {
                g.writeString(peer.address());
            }
            g.writeEndArray();
        });
    }

    private static void requireGet(Exchange ex) {
        if (!ex.method().equals("GET")) {
            throw Router.methodNotAllowed(ex, "GET");
        }
    }
}
