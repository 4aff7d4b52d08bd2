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

/** The services and limits every endpoint shares, and the one read path all reads take. */
record ApiContext(LocalAgent agent, Consensus consensus, StateStore store, KvService kv, Membership membership,
        BlockingQueries blocking, Limits limits, Runnable stopAgent) {

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
        consensus.readBarrier(options.consistency()).whenComplete((permit, failure) -> {
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
