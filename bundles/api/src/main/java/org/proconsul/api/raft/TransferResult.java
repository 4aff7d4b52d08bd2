package org.proconsul.api.raft;

/** How a leadership transfer ended. */
public sealed interface TransferResult {

    /** Another server leads now. */
    record Transferred(String leaderId) implements TransferResult {
    }

    /** Nothing changed hands; {@code reason} is the operator-facing text. */
    record Refused(String reason) implements TransferResult {
    }
}
