package org.proconsul.api.membership;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** The LAN (and, on servers, WAN) gossip pools this agent belongs to. Gossip never depends on Raft. */
@ProviderType
public interface Membership {

    List<Member> members(boolean wan);

    /**
     * Joins the pool through these addresses ({@code ip} or {@code ip:port}, the port defaulting to the
     * pool's); returns how many of them answered, 0 when none did.
     */
    int join(List<String> addresses, boolean wan) throws InterruptedException;

    /** Leaves every pool gracefully: broadcasts the intent and waits, bounded, for it to spread. */
    void leave() throws InterruptedException;

    /** Moves a failed member to {@code left} (and, with {@code prune}, erases it from the list). */
    ForceLeaveResult forceLeave(String node, boolean prune, boolean wan) throws InterruptedException;

    /**
     * Runs a keyring operation on every member of the LAN pool (and, on servers unless
     * {@code localOnly}, the WAN pool); each member applies it to its own keyring and keyring file.
     * {@code relayFactor} (0 to 5) has each member also send its answer through that many other members.
     */
    java.util.List<KeyringPool> keyring(KeyringPool.Operation operation, String key, boolean localOnly,
            int relayFactor) throws InterruptedException;

    /** Outcome of {@link #forceLeave}. */
    enum ForceLeaveResult {
        /** No member by that name: nothing to do, as Consul answers it. */
        UNKNOWN_NODE,
        /** The member is alive: the intent was sent, and the member refutes it. */
        NOT_FAILED,
        DONE
    }
}
