package org.proconsul.raft.core;

import java.util.List;

/**
 * Replicates {@code entries} after ({@code prevIndex}, {@code prevTerm}); with no entries it probes where the
 * follower's log matches or tells it a newer commit index.
 */
public record AppendEntries(String from, String to, long term, String clusterId, long prevIndex, long prevTerm,
                            List<Entry> entries, long leaderCommit) implements Message {

    public AppendEntries {
        Message.checkHeader(from, to, term, clusterId);
        entries = List.copyOf(entries);
        if (prevIndex < 0 || prevTerm < 0 || leaderCommit < 0) {
            throw new IllegalArgumentException("negative prevIndex, prevTerm or leaderCommit");
        }
        long expected = prevIndex + 1;
        long lastTerm = prevTerm;
        for (Entry e : entries) {
            if (e.index() != expected || e.term() < lastTerm || e.term() > term) {
                throw new IllegalArgumentException("entries must follow prevIndex contiguously with terms between"
                        + " prevTerm and the message term; bad entry " + e);
            }
            expected++;
            lastTerm = e.term();
        }
    }
}
