package org.proconsul.api.raft;

import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The Raft group this server belongs to. Commands are opaque, versioned byte records that every
 * server's {@link org.proconsul.api.state.ReplicatedStateMachine} applies in log order.
 */
@ProviderType
public interface Consensus {

    /** Replicates and applies {@code command}; completes after the local state machine applied it. */
    CompletableFuture<ApplyResult> apply(byte[] command);

    /** Completes when a read with this consistency may be served from local state, or with the reason it may not. */
    CompletableFuture<ReadPermit> readBarrier(ReadConsistency consistency);

    /** A snapshot of this server's Raft state. */
    RaftView view();

    /**
     * Hands leadership to the voter {@code targetId}, or, when it is empty, to the most up-to-date other
     * voter; a follower passes the request to its leader. Completes when another server leads or with
     * the reason it did not happen.
     */
    CompletableFuture<TransferResult> transferLeadership(String targetId);

    /**
     * On the leader, lets the non-voter {@code id} vote; refused elsewhere, for an unknown id, for a voter,
     * or while another configuration change is uncommitted (Raft's one change at a time).
     */
    CompletableFuture<MembershipResult> promote(String id);

    /** On the leader, removes the server {@code id} from the configuration; refused as {@link #promote}. */
    CompletableFuture<MembershipResult> removeServer(String id);
}
