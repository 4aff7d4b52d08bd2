package org.proconsul.raft.internal;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.proconsul.raft.core.Message;

/** How the driver reaches other servers: Raft messages one way, forwarded requests as calls. */
interface RaftTransport {

    /** Best effort, in order per peer; a lost message is resent by Raft. */
    void send(String address, Message message);

    /** A call to a service of another server's RPC (forwarded writes, read indexes). */
    CompletableFuture<byte[]> call(String address, String service, byte[] request, Duration timeout);

    /**
     * Streams a snapshot file to a follower in chunks, each acknowledged before the next (so a large snapshot
     * never piles up in memory), the last one carrying {@code install}; completes when the follower has it all.
     */
    default CompletableFuture<Void> sendSnapshot(String address, java.nio.file.Path file,
            org.proconsul.raft.core.InstallSnapshot install) {
        return CompletableFuture.failedFuture(new IllegalStateException("no transport"));
    }

    /** No peers reachable: a lone server (tests, and the single-voter case before RPC is wired). */
    RaftTransport NONE = new RaftTransport() {
        @Override
        public void send(String address, Message message) {
        }

        @Override
        public CompletableFuture<byte[]> call(String address, String service, byte[] request, Duration timeout) {
            return CompletableFuture.failedFuture(new IllegalStateException("no transport"));
        }
    };
}
