package org.proconsul.gossip.core;

/** Why the core wants a TCP exchange; the driver only needs it for logs and metrics. */
public enum StreamPurpose {
    /** initial full-state sync with a seed address */
    JOIN,
    /** periodic anti-entropy full-state sync */
    PUSH_PULL,
    /** periodic attempt to reach a failed member again */
    RECONNECT,
    /** ping over TCP when the UDP probe went unanswered (a one-way UDP block must not look like death) */
    FALLBACK_PING
}
