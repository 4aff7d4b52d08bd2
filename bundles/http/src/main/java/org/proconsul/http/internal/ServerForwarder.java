package org.proconsul.http.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.eclipse.jetty.http.HttpField;
import org.proconsul.api.membership.Member;
import org.proconsul.api.membership.MemberStatus;
import org.proconsul.api.membership.Membership;
import org.proconsul.api.rpc.RpcClient;
import org.proconsul.api.rpc.RpcException;

/**
 * What a client agent does with a request only servers can answer: it picks an alive server of its
 * datacenter from gossip and hands the request to it over RPC ({@code http.forward}), then relays the
 * server's status, Consul headers and body. A server that cannot be dialled is skipped for the next one.
 */
final class ServerForwarder {
    /** Request headers that describe the connection, not the request: the server's connector sets its own. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "transfer-encoding",
            "keep-alive", "expect", "upgrade", "te", "trailer", "proxy-connection");
    private static final Set<String> ANSWER_SKIPPED = Set.of("connection", "content-length", "transfer-encoding",
            "date", "server", "content-type");

    private final Supplier<RpcClient> rpc;
    private final Membership membership;
    private final String datacenter;
    private final String nodeName;
    private final long maxBody;
    private final Duration callTimeout;

    ServerForwarder(Supplier<RpcClient> rpc, Membership membership, String datacenter, String nodeName, long maxBody,
            Duration maxQueryTime) {
        this.rpc = rpc;
        this.membership = membership;
        this.datacenter = datacenter;
        this.nodeName = nodeName;
        this.maxBody = maxBody;
        // the longest blocking query plus its jitter, plus time to answer
        this.callTimeout = maxQueryTime.plus(maxQueryTime.dividedBy(16)).plusSeconds(30);
    }

    /** The endpoints whose answers live on the servers. */
    static boolean needsServer(String path) {
        return path.startsWith(KvEndpoint.PREFIX) || path.equals(TxnEndpoint.PATH)
                || path.equals(StatusEndpoint.LEADER) || path.equals(StatusEndpoint.PEERS)
                || path.equals(OperatorRaftEndpoint.CONFIGURATION) || path.equals(OperatorRaftEndpoint.TRANSFER_LEADER)
                || path.equals(OperatorRaftEndpoint.PEER)
                || path.startsWith(OperatorAutopilotEndpoint.PREFIX) || path.equals(SnapshotEndpoint.PATH)
                || path.startsWith(CatalogEndpoint.PREFIX) || path.startsWith("/v1/health/")
                || path.startsWith("/v1/session/");
    }

    /** The node of the client agent a request came through. */
    static final String AGENT_NODE = "X-Proconsul-Agent-Node";

    /** Marks a request a server passed to its leader, so it is never passed on again. */
    private static final String FORWARDED_TO_LEADER = "X-Proconsul-Forwarded-To-Leader";

    void forward(Exchange ex) {
        // the server fills defaults that name this agent's node (a session's Node) from this header
        forward(ex, servers(), List.of(Map.entry(AGENT_NODE, nodeName)));
    }

    /**
     * For requests only the leader can answer: on the leader returns false (answer here); on a follower
     * passes the request to the leader's RPC address and returns true; with no leader, or for a request a
     * server already passed on, {@code No cluster leader}.
     */
    boolean passedToLeader(Exchange ex, org.proconsul.api.raft.RaftView view) {
        if ("Leader".equals(view.state())) {
            return false;
        }
        if (!view.knownLeader() || ex.request().getHeaders().get(FORWARDED_TO_LEADER) != null) {
            throw new HttpError(500, "No cluster leader");
        }
        forward(ex, List.of(view.leaderAddress()), List.of(Map.entry(FORWARDED_TO_LEADER, "true")));
        return true;
    }

    private void forward(Exchange ex, List<String> servers, List<Map.Entry<String, String>> extraHeaders) {
        RpcClient client = rpc.get();
        if (servers.isEmpty() || client == null) {
            throw new HttpError(500, "No known Consul servers");
        }
        BodyReader.read(ex.request(), maxBody, seen -> new HttpError(413, "Request body too large"))
                .whenComplete((body, failure) -> {
                    if (failure != null) {
                        ex.sendFailure(failure);
                        return;
                    }
                    ex.bodyConsumed();
                    List<Map.Entry<String, String>> headers = new ArrayList<>(extraHeaders);
                    for (HttpField f : ex.request().getHeaders()) {
                        if (!HOP_BY_HOP.contains(f.getName().toLowerCase(java.util.Locale.ROOT))) {
                            headers.add(Map.entry(f.getName(), f.getValue()));
                        }
                    }
                    String target = ex.request().getHttpURI().getPathQuery();
                    byte[] request = new ForwardedRequest(ex.method(), target, headers, body).encode();
                    send(ex, client, servers, 0, request);
                });
    }

    private void send(Exchange ex, RpcClient client, List<String> servers, int attempt, byte[] request) {
        String server = servers.get(attempt);
        java.util.concurrent.CompletableFuture<byte[]> call = client.call(server, ForwardedRequest.SERVICE, request,
                callTimeout);
        // a client that goes away takes its forwarded request (a parked blocking query, say) with it
        ex.request().addFailureListener(t -> call.cancel(false));
        call.whenComplete((raw, failure) -> {
            if (call.isCancelled()) {
                return;
            }
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                boolean notSent = cause instanceof RpcException r && !r.maybeDelivered();
                if (notSent && attempt + 1 < servers.size()) {
                    send(ex, client, servers, attempt + 1, request);
                } else {
                    ex.sendError(new HttpError(500, cause.getMessage() == null ? "rpc error making call"
                            : cause.getMessage()));
                }
                return;
            }
            try {
                ForwardedResponse answer = ForwardedResponse.parse(raw);
                for (Map.Entry<String, String> h : answer.headers()) {
                    if (!ANSWER_SKIPPED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                        ex.header(h.getKey(), h.getValue());
                    }
                }
                ex.send(answer.status(), answer.header("Content-Type"), answer.body());
            } catch (RuntimeException e) {
                ex.sendError(new HttpError(500, "rpc error: unreadable answer from " + server));
            }
        });
    }

    /** Alive servers of our datacenter, shuffled so clients spread over them. */
    private List<String> servers() {
        List<String> out = new ArrayList<>();
        for (Member m : membership.members(false)) {
            String port = m.tags().get("port");
            if (m.status() == MemberStatus.ALIVE && "consul".equals(m.tags().get("role"))
                    && datacenter.equals(m.tags().get("dc")) && port != null) {
                out.add(m.address() + ":" + port);
            }
        }
        Collections.shuffle(out);
        return out;
    }
}
