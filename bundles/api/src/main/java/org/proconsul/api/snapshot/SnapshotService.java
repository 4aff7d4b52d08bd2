package org.proconsul.api.snapshot;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;
import org.proconsul.api.raft.ReadConsistency;

/** Saves and restores the whole replicated state, as Consul's snapshot endpoint does. */
@ProviderType
public interface SnapshotService {

    /**
     * Captures the state once a read of {@code consistency} may be served here; the caller writes it out
     * and closes it. Fails with a {@link SnapshotRefusedException} when no such read may be served (no
     * leader).
     */
    CompletableFuture<SavedState> save(ReadConsistency consistency);

    /**
     * Replaces the whole replicated state with {@code stateFile} (the state stream of a saved snapshot,
     * already checked against its archive's checksums): it is replicated through Raft in chunks and takes
     * effect on every server at one log index. The file is only read.
     */
    CompletableFuture<RestoreResult> restore(Path stateFile);
}
