package org.proconsul.api.raft;

/** The outcome of a read barrier: whether a read may be served now, and the headers Consul sends with it. */
public sealed interface ReadPermit {

    /** Serve the read from local state; {@code lastContactMs} is 0 on the leader. */
    record Granted(boolean knownLeader, long lastContactMs, ReadConsistency effective) implements ReadPermit {
    }

    record Refused(RaftError error) implements ReadPermit {
    }
}
