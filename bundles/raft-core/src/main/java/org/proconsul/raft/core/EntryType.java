package org.proconsul.raft.core;

/** What a log entry carries. The order is part of the wire and disk formats: append, never reorder. */
public enum EntryType {
    /** An opaque command for the replicated state machine. */
    COMMAND,
    /** An encoded {@link Configuration} (see {@link ConfigurationCodec}); it takes effect once appended. */
    CONFIGURATION,
    /** Written by each new leader so that it can commit an entry of its own term (Raft §5.4.2, §8). */
    NOOP
}
