package org.proconsul.raft.core;

/**
 * The answer to {@link RaftCore#readIndex(long)}. When {@link ReadStatus#CONFIRMED}, the driver may serve the
 * read once it has applied up to {@code readIndex}; otherwise it answers "no leader" (with {@code leaderId}
 * as a hint when known) and {@code readIndex} is 0.
 */
public record ReadState(long requestId, long readIndex, ReadStatus status, String leaderId) {

    public enum ReadStatus {
        /** Leadership was confirmed by a quorum after the request arrived. */
        CONFIRMED,
        /** This server was not the leader when asked. */
        NOT_LEADER,
        /** This server lost leadership before it could confirm the read. */
        LEADERSHIP_LOST
    }

    public static ReadState confirmed(long requestId, long readIndex, String leaderId) {
        return new ReadState(requestId, readIndex, ReadStatus.CONFIRMED, leaderId);
    }

    public static ReadState rejected(long requestId, ReadStatus status, String leaderId) {
        return new ReadState(requestId, 0, status, leaderId);
    }

    public boolean isConfirmed() {
        return status == ReadStatus.CONFIRMED;
    }
}
