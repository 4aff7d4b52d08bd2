package org.proconsul.state.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.proconsul.api.raft.ApplyResult;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.raft.RaftView;
import org.proconsul.api.raft.ReadConsistency;
import org.proconsul.api.raft.ReadPermit;
import org.proconsul.api.snapshot.RestoreResult;
import org.proconsul.api.snapshot.SavedState;
import org.proconsul.api.snapshot.SnapshotRefusedException;
import org.proconsul.api.snapshot.SnapshotService;
import org.proconsul.api.state.ReplicatedStateMachine;
import org.proconsul.api.state.StateSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshot save and restore. A save captures the state machine once a read of the asked consistency may
 * be served here (a follower's consistent read asks its leader for the index first). A restore goes
 * through Raft as ordinary commands: the state stream in parts of 256 KiB (kept in the replicated
 * {@code restore} table), then a finish that every server applies at the same index by replacing its
 * state with the joined parts. Raft's own rules thus decide when the restore counts, on any server that
 * received the request, leader or not.
 */
@Component(service = SnapshotService.class)
public final class SnapshotServiceComponent implements SnapshotService {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotServiceComponent.class);
    static final int PART_BYTES = 256 * 1024;
    private static final int PARTS_IN_FLIGHT = 4;

    private final Consensus consensus;
    private final ReplicatedStateMachine fsm;
    private final ExecutorService restores = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "snapshot-restore");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public SnapshotServiceComponent(@Reference Consensus consensus, @Reference ReplicatedStateMachine fsm) {
        this.consensus = consensus;
        this.fsm = fsm;
    }

    @Override
    public CompletableFuture<SavedState> save(ReadConsistency consistency) {
        return consensus.readBarrier(consistency).thenApply(permit -> {
            if (permit instanceof ReadPermit.Refused refused) {
                throw new SnapshotRefusedException(refused.error());
            }
            StateSnapshot state = fsm.snapshot();
            RaftView view = consensus.view();
            return new SavedState(state, state.index(), view.term(), view.peers(), view.configurationIndex());
        });
    }

    /** One restore at a time per server; each waits for its parts to commit before it sends the finish. */
    @Override
    public CompletableFuture<RestoreResult> restore(Path stateFile) {
        return CompletableFuture.supplyAsync(() -> replicate(stateFile), restores);
    }

    private RestoreResult replicate(Path stateFile) {
        String id = UUID.randomUUID().toString();
        MessageDigest digest = sha256();
        Deque<CompletableFuture<ApplyResult>> inFlight = new ArrayDeque<>();
        int parts = 0;
        try (InputStream in = new DigestInputStream(Files.newInputStream(stateFile), digest)) {
            LOG.info("state: snapshot restore started restore={} bytes={}", id, Files.size(stateFile));
            byte[] part;
            while ((part = in.readNBytes(PART_BYTES)).length > 0 || parts == 0) {
                inFlight.add(consensus.apply(Command.encode(new Command.RestoreChunk(id, parts++, part))));
                if (inFlight.size() >= PARTS_IN_FLIGHT) {
                    RestoreResult refused = refusal(inFlight.poll().get());
                    if (refused != null) {
                        return abort(id, parts, refused, inFlight);
                    }
                }
                if (part.length == 0) {
                    break;
                }
            }
            while (!inFlight.isEmpty()) {
                RestoreResult refused = refusal(inFlight.poll().get());
                if (refused != null) {
                    return abort(id, parts, refused, inFlight);
                }
            }
            String sum = HexFormat.of().formatHex(digest.digest());
            ApplyResult finish = consensus.apply(Command.encode(new Command.RestoreFinish(id, parts, sum, false))).get();
            if (finish instanceof ApplyResult.Refused r) {
                return new RestoreResult.Refused(r.error());
            }
            ApplyResult.Applied applied = (ApplyResult.Applied) finish;
            ApplyResponse.Single response = (ApplyResponse.Single) applied.response();
            if (!response.success()) {
                return new RestoreResult.Failed(response.error());
            }
            LOG.info("state: snapshot restore committed restore={} index={} parts={}", id, applied.index(), parts);
            return new RestoreResult.Restored(applied.index());
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot restore cannot read its state file: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RestoreResult.Failed("snapshot restore interrupted");
        } catch (ExecutionException e) {
            return new RestoreResult.Failed("snapshot restore failed: " + e.getCause());
        }
    }

    private static RestoreResult refusal(ApplyResult result) {
        return result instanceof ApplyResult.Refused r ? new RestoreResult.Refused(r.error()) : null;
    }

    /** Drops the parts already stored, best effort (without a leader this fails too, and a later restore ignores them). */
    private RestoreResult abort(String id, int parts, RestoreResult why,
            Deque<CompletableFuture<ApplyResult>> inFlight) throws InterruptedException {
        for (CompletableFuture<ApplyResult> f : inFlight) {
            try {
                f.get();
            } catch (ExecutionException e) {
                // refused like the others
            }
        }
        consensus.apply(Command.encode(new Command.RestoreFinish(id, parts, "", true)));
        LOG.warn("state: snapshot restore abandoned restore={} reason={}", id, why);
        return why;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Deactivate
    void deactivate() {
        restores.shutdownNow();
    }
}
