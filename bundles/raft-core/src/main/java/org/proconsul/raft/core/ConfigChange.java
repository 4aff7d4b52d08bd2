package org.proconsul.raft.core;

import java.util.Objects;

/**
 * A single-server membership change (Raft dissertation §4.1). Only one may be in flight: the leader refuses a
 * new change until the previous configuration entry is committed.
 */
public record ConfigChange(Kind kind, String serverId, String address) {

    public enum Kind {
        /** Add a new voter, or promote an existing non-voter. */
        ADD_VOTER,
        /** Add a server that replicates the log without voting (a "learner"). */
        ADD_NON_VOTER,
        /** Turn an existing non-voter into a voter. */
        PROMOTE,
        /** Remove a voter or non-voter. */
        REMOVE
    }

    public ConfigChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(serverId, "serverId");
        Objects.requireNonNull(address, "address");
    }

    public static ConfigChange addVoter(String id, String address) {
        return new ConfigChange(Kind.ADD_VOTER, id, address);
    }

    public static ConfigChange addNonVoter(String id, String address) {
        return new ConfigChange(Kind.ADD_NON_VOTER, id, address);
    }

    public static ConfigChange promote(String id) {
        return new ConfigChange(Kind.PROMOTE, id, "");
    }

    public static ConfigChange remove(String id) {
        return new ConfigChange(Kind.REMOVE, id, "");
    }

    /** Why this change cannot apply to {@code current}, or null when it can. */
    public String rejectionReason(Configuration current) {
        var existing = current.server(serverId);
        switch (kind) {
            case ADD_VOTER:
                if (existing.isPresent() && existing.get().voter()) {
                    return "server " + serverId + " is already a voter";
                }
                return null;
            case ADD_NON_VOTER:
                return existing.isPresent() ? "server " + serverId + " is already in the configuration" : null;
            case PROMOTE:
                if (existing.isEmpty()) {
                    return "server " + serverId + " is not in the configuration";
                }
                return existing.get().voter() ? "server " + serverId + " is already a voter" : null;
            case REMOVE:
                if (existing.isEmpty()) {
                    return "server " + serverId + " is not in the configuration";
                }
                if (existing.get().voter() && current.voterIds().size() == 1) {
                    return "cannot remove the last voter " + serverId;
                }
                return null;
            default:
                throw new AssertionError("unknown change kind " + kind);
        }
    }

    /** The configuration after this change; call only when {@link #rejectionReason} is null. */
    public Configuration applyTo(Configuration current) {
        String reason = rejectionReason(current);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        switch (kind) {
            case ADD_VOTER: {
                String addr = current.server(serverId).map(Server::address).filter(a -> address.isEmpty())
                        .orElse(address);
                return current.with(Server.voter(serverId, addr));
            }
            case ADD_NON_VOTER:
                return current.with(Server.nonVoter(serverId, address));
            case PROMOTE:
                return current.with(Server.voter(serverId, current.server(serverId).orElseThrow().address()));
            case REMOVE:
                return current.without(serverId);
            default:
                throw new AssertionError("unknown change kind " + kind);
        }
    }
}
