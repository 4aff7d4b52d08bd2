package org.proconsul.raft.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-index requests a leader has not answered yet. Requests that arrive before the leader has committed an
 * entry of its own term wait, since until then its commit index may lag what an earlier leader committed; the
 * rest wait for a quorum to answer a heartbeat round started no earlier than the request.
 */
final class PendingReads {

    private record Read(long requestId, long readIndex, long round) {
    }

    private final ArrayDeque<Long> awaitingOwnTermCommit = new ArrayDeque<>();
    private final ArrayDeque<Read> awaitingQuorum = new ArrayDeque<>();

    void deferUntilOwnTermCommit(long requestId) {
        awaitingOwnTermCommit.add(requestId);
    }

    List<Long> takeDeferred() {
        List<Long> ids = new ArrayList<>(awaitingOwnTermCommit);
        awaitingOwnTermCommit.clear();
        return ids;
    }

    void add(long requestId, long readIndex, long round) {
        if (!awaitingQuorum.isEmpty() && awaitingQuorum.getLast().round() > round) {
            throw new AssertionError("read rounds must not go backwards");
        }
        awaitingQuorum.add(new Read(requestId, readIndex, round));
    }

    boolean awaitingQuorum() {
        return !awaitingQuorum.isEmpty();
    }

    /** Answers every read whose round a quorum has confirmed. */
    void confirmUpTo(long confirmedRound, String leaderId, List<ReadState> out) {
        while (!awaitingQuorum.isEmpty() && awaitingQuorum.getFirst().round() <= confirmedRound) {
            Read read = awaitingQuorum.removeFirst();
            out.add(ReadState.confirmed(read.requestId(), read.readIndex(), leaderId));
        }
    }

    void rejectAll(ReadState.ReadStatus status, List<ReadState> out) {
        for (long id : awaitingOwnTermCommit) {
            out.add(ReadState.rejected(id, status, null));
        }
        for (Read read : awaitingQuorum) {
            out.add(ReadState.rejected(read.requestId(), status, null));
        }
        awaitingOwnTermCommit.clear();
        awaitingQuorum.clear();
    }
}
