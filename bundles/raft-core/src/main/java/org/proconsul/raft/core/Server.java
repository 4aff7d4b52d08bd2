package org.proconsul.raft.core;

import java.util.Objects;

/**
 * A member of the Raft configuration. Non-voters receive the log but never vote, never count toward a quorum
 * and never campaign; they exist so that a new server can catch up before it is promoted.
 */
public record Server(String id, String address, boolean voter) {

    public Server {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        if (id.isBlank()) {
            throw new IllegalArgumentException("server id must not be blank");
        }
    }

    public static Server voter(String id, String address) {
        return new Server(id, address, true);
    }

    public static Server nonVoter(String id, String address) {
        return new Server(id, address, false);
    }
}
