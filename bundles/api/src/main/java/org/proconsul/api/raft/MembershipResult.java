package org.proconsul.api.raft;

/** How a change of the Raft configuration ended. */
public sealed interface MembershipResult {

    /** The leader appended the change at {@code index}; it takes effect there. */
    record Appended(long index) implements MembershipResult {
    }

    /** Nothing changed; {@code reason} is the operator-facing text. */
    record Refused(String reason) implements MembershipResult {
    }
}
