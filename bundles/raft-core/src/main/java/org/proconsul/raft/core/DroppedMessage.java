package org.proconsul.raft.core;

/** An inbound message the core refused before handling it, with the reason for the driver to log. */
public record DroppedMessage(Message message, String reason) {
}
