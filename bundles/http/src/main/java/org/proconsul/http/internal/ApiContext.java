package org.proconsul.http.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import java.util.function.Supplier;

import org.proconsul.api.agent.LocalAgent;
import org.proconsul.api.kv.KvService;
import org.proconsul.api.membership.Membership;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.raft.RaftError;
import org.proconsul.api.raft.ReadPermit;
import org.proconsul.api.state.QueryResult;
import org.proconsul.api.state.StateStore;
import org.proconsul.api.state.WatchTarget;

/**
 * The services and limits every endpoint shares, and the one read path all reads take. Raft, the state
 * store and KV exist on servers only: on a client agent the endpoints that need them answer 500.
 */
record ApiContext(LocalAgent agent, java.util.function.Supplier<ServerServices> server, Membership membership,
        BlockingQueries blocking, Limits limits, Runnable stopAgent,
        java.util.function.Supplier<org.proconsul.api.agent.AgentServices> agentServicesSupplier) {

    /** The local agent's services and checks, or null while that component is not up. */
    org.proconsul.api.agent.AgentServices agentServices() {
        return agentServicesSupplier.get();
    }

    /** What only a server has; null parts mean it is not (yet) running here. */
    record ServerServices(Consensus consensus, StateStore store, KvService kv,
            org.proconsul.api.autopilot.AutopilotConfigService autopilotConfig,
            org.proconsul.api.autopilot.AutopilotStatus autopilotStatus, org.proconsul.api.agent.ClusterLeave leave,
            org.proconsul.api.snapshot.SnapshotService snapshots, org.proconsul.api.catalog.CatalogWriter catalogWriter,
            org.proconsul.api.session.SessionService sessions, org.proconsul.api.session.SessionTimers sessionTimers) {
        boolean complete() {
            return consensus != null && store != null && kv != null;
        }
    }

    Consensus consensus() {
        return require().consensus();
    }

    StateStore store() {
        return require().store();
    }

    KvService kv() {
        return require().kv();
    }

    /** Autopilot's report; empty on a server whose autopilot is not running (yet). */
    org.proconsul.api.autopilot.AutopilotReport autopilotReport() {
        org.proconsul.api.autopilot.AutopilotStatus status = require().autopilotStatus();
        return status == null ? org.proconsul.api.autopilot.AutopilotReport.EMPTY : status.report();
    }

    org.proconsul.api.autopilot.AutopilotConfigService autopilotConfig() {
        org.proconsul.api.autopilot.AutopilotConfigService service = require().autopilotConfig();
        if (service == null) {
            throw new HttpError(500, "No cluster leader");
        }
        return service;
    }

    org.proconsul.api.catalog.CatalogWriter catalogWriter() {
        org.proconsul.api.catalog.CatalogWriter writer = require().catalogWriter();
        if (writer == null) {
            throw new HttpError(500, "No cluster leader");
        }
        return writer;
    }

    org.proconsul.api.session.SessionService sessions() {
        org.proconsul.api.session.SessionService service = require().sessions();
        if (service == null) {
            throw new HttpError(500, "No cluster leader");
        }
        return service;
    }

    org.proconsul.api.session.SessionTimers sessionTimers() {
        org.proconsul.api.session.SessionTimers timers = require().sessionTimers();
        if (timers == null) {
            throw new HttpError(500, "No cluster leader");
        }
        return timers;
    }

    org.proconsul.api.snapshot.SnapshotService snapshots() {
        org.proconsul.api.snapshot.SnapshotService service = require().snapshots();
        if (service == null) {
            throw new HttpError(500, "No cluster leader");
        }
        return service;
    }

    /** Raft's view on a server, null on a client agent. */
    org.proconsul.api.raft.RaftView raftViewOrNull() {
        Consensus c = server.get().consensus();
        return c == null ? null : c.view();
    }

    private ServerServices require() {
        ServerServices s = server.get();
        if (s.complete()) {
            return s;
        }
        if (agent.config().server()) {
            // a server between its HTTP listener and its Raft log coming up
            throw new HttpError(500, "No cluster leader");
        }
        boolean serversKnown = membership.members(false).stream()
                .anyMatch(m -> "consul".equals(m.tags().get("role")) && m.status() == org.proconsul.api.membership.MemberStatus.ALIVE);
        throw new HttpError(500, serversKnown
                ? "rpc error making call: this client agent cannot forward to the servers yet (server RPC is not in this build)"
                : "No known Consul servers");
    }

    /** Sizes and times from the agent configuration. */
    record Limits(long kvMaxValueSize, long txnMaxReqLen, int txnMaxOps, Duration defaultQueryTime,
            Duration maxQueryTime, boolean prettyAlways) {
    }

    QueryOptions queryOptions(Exchange ex) {
        QueryOptions options = QueryOptions.parse(ex.query(), limits.defaultQueryTime(), limits.maxQueryTime(),
                limits.prettyAlways());
        checkDatacenter(options.datacenter());
        return options;
    }

    /** {@code ?dc=} of any datacenter but ours has no route until WAN federation exists. */
    void checkDatacenter(String dc) {
        if (dc != null && !dc.isEmpty() && !dc.equals(agent.config().datacenter())) {
            throw new HttpError(500, "No path to datacenter");
        }
    }

    /**
     * Serves a read: waits for the consistency barrier, runs the (possibly blocking) query, sets Consul's
     * read headers and renders the result.
     */
    <T> void read(Exchange ex, QueryOptions options, WatchTarget target, Supplier<QueryResult<T>> query,
            Consumer<QueryResult<T>> render) {
        barrier(options).whenComplete((permit, failure) -> {
            if (failure != null) {
                ex.sendFailure(failure);
            } else if (permit instanceof ReadPermit.Refused refused) {
                ex.sendError(toHttp(refused.error()));
            } else {
                ReadPermit.Granted granted = (ReadPermit.Granted) permit;
                blocking.run(options, target, query, result -> {
                    try {
                        ex.readHeaders(result.index(), granted);
                        render.accept(result);
                    } catch (HttpError e) {
                        ex.sendError(e);
                    } catch (RuntimeException e) {
                        ex.sendFailure(e);
                    }
                }, ex::sendFailure);
            }
        });
    }

    /**
     * The consistency barrier of a read. A stale read whose server last heard from the leader longer ago than
     * {@code max_stale} is served as a default read instead, as Consul re-runs it on the leader.
     */
    CompletableFuture<ReadPermit> barrier(QueryOptions options) {
        CompletableFuture<ReadPermit> first = consensus().readBarrier(options.consistency());
        if (options.consistency() != org.proconsul.api.raft.ReadConsistency.STALE || options.maxStale().isZero()) {
            return first;
        }
        return first.thenCompose(permit -> permit instanceof ReadPermit.Granted g
                && (!g.knownLeader() || g.lastContactMs() > options.maxStale().toMillis())
                ? consensus().readBarrier(org.proconsul.api.raft.ReadConsistency.DEFAULT)
                : CompletableFuture.completedFuture(permit));
    }

    /** Completes a write future into a response, mapping consensus refusals to Consul's texts. */
    static <R> void complete(Exchange ex, CompletableFuture<R> future, Consumer<R> onResult) {
        future.whenComplete((result, failure) -> {
            if (failure != null) {
                ex.sendFailure(failure);
                return;
            }
            try {
                onResult.accept(result);
            } catch (HttpError e) {
                ex.sendError(e);
            } catch (RuntimeException e) {
                ex.sendFailure(e);
            }
        });
    }

    static HttpError toHttp(RaftError error) {
        if (error instanceof RaftError.NoLeader || error instanceof RaftError.NotLeader) {
            return new HttpError(500, "No cluster leader");
        } else if (error instanceof RaftError.LeadershipLost) {
            return new HttpError(500, "leadership lost while committing log");
        } else if (error instanceof RaftError.ShuttingDown) {
            return new HttpError(500, "raft is already shutdown");
        } else if (error instanceof RaftError.StorageFailed failed) {
            return new HttpError(500, "storage failure: " + failed.reason());
        }
        throw new AssertionError("unmapped raft error " + error);
    }

}
