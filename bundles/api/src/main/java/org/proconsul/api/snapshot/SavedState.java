package org.proconsul.api.snapshot;

import java.util.List;

import org.proconsul.api.raft.RaftPeer;
import org.proconsul.api.state.StateSnapshot;

/**
 * A captured state and the Raft facts an archive records with it: the index it holds, the term, and the
 * Raft configuration then. Close {@code state} once written.
 */
public record SavedState(StateSnapshot state, long index, long term, List<RaftPeer> servers,
        long configurationIndex) implements AutoCloseable {

    public SavedState {
        servers = List.copyOf(servers);
    }

    @Override
    public void close() {
        state.close();
    }
}
