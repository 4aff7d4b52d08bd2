package org.proconsul.raft.core;

import java.util.List;

/**
 * One batch of work for the driver, taken with {@link RaftCore#ready()} and handed back with
 * {@link RaftCore#advance(Ready)}. The driver handles the parts in this order (see {@link RaftCore}):
 * <ol>
 *   <li>persist, with fsync: {@code snapshotToInstall} (replacing the whole log), then {@code entries} (after
 *       cutting the persisted log after {@code truncateAfter} when that is not {@link #NO_TRUNCATION}), then
 *       {@code hardState}; {@link RaftLog#persist(Ready)} does exactly this;</li>
 *   <li>send {@code messages};</li>
 *   <li>restore the state machine from {@code snapshotToInstall} if present, then apply {@code committed} in
 *       order; answer {@code readStates}; hand {@code snapshotsNeeded} to the snapshot sender; log
 *       {@code events} and {@code dropped};</li>
 *   <li>call {@code advance(ready)}.</li>
 * </ol>
 *
 * @param hardState         term, vote and commit index to persist; null when unchanged
 * @param snapshotToInstall a snapshot the leader sent this follower, to install before anything else; or null
 * @param truncateAfter     when not {@link #NO_TRUNCATION}, persisted entries above this index are replaced:
 *                          delete them before appending {@code entries} (which then start at truncateAfter + 1)
 * @param entries           new log entries to append, contiguous and ascending
 * @param messages          to send once the above is durable
 * @param committed         entries now committed, to apply in order; they may include entries of this same Ready
 * @param readStates        answers to {@link RaftCore#readIndex(long)} calls
 * @param softState         role and leader, when changed since the last Ready; else null
 * @param events            operator-worthy one-line events, e.g. {@code became leader term=3 index=12}
 * @param dropped           inbound messages refused before handling (cluster id mismatch, wrong recipient)
 * @param snapshotsNeeded   followers the leader cannot catch up from its log
 */
public record Ready(
        HardState hardState,
        InstallSnapshot snapshotToInstall,
        long truncateAfter,
        List<Entry> entries,
        List<Message> messages,
        List<Entry> committed,
        List<ReadState> readStates,
        SoftState softState,
        List<String> events,
        List<DroppedMessage> dropped,
        List<SnapshotNeeded> snapshotsNeeded) {

    public static final long NO_TRUNCATION = -1;

    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        committed = List.copyOf(committed);
        readStates = List.copyOf(readStates);
        events = List.copyOf(events);
        dropped = List.copyOf(dropped);
        snapshotsNeeded = List.copyOf(snapshotsNeeded);
        if (truncateAfter != NO_TRUNCATION && (entries.isEmpty() || entries.get(0).index() != truncateAfter + 1)) {
            throw new IllegalArgumentException("truncateAfter " + truncateAfter + " must precede the first entry");
        }
    }

    /** Whether the driver must write (and fsync) anything before sending. */
    public boolean mustPersist() {
        return hardState != null || snapshotToInstall != null || !entries.isEmpty();
    }
}
