package org.proconsul.state.internal;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.SnapshotStream;
import org.proconsul.api.storage.StorageException;
import org.proconsul.api.storage.WriteBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database that acknowledges a write as soon as it is in memory and writes it to the database below
 * on a thread of its own, so a stall of the engine (Xodus's cleaner holds its write lock for 60–330 ms
 * every few seconds) holds up that thread and not the Raft thread applying commands.
 *
 * <p>Pending writes are immutable {@link Layer layers}, oldest first. A read view captures the list of
 * layers first and opens the engine's view second; the engine stores, with every flush, the sequence
 * number of the last write it holds, so the reader lays over the engine's view exactly the layers the
 * engine does not hold yet. Neighbouring layers that are not being written are merged while they build
 * up (each about twice the size of the next), so their number grows with the logarithm of the backlog.
 *
 * <p>This is safe only for a store that can be rebuilt: after a crash the writes still in memory are
 * lost, and the state store is replayed from its Raft log (or snapshot) from the applied index the
 * engine holds. Range deletes are not layered: they wait for the backlog and go straight through.
 */
final class WriteBehindDatabase implements Database {
    private static final Logger LOG = LoggerFactory.getLogger(WriteBehindDatabase.class);

    /** Where the engine keeps the sequence number of the last flushed write; hidden from views. */
    static final String MARKER_MAP = "write-behind";
    private static final byte[] MARKER_KEY = "flushed-seq".getBytes(StandardCharsets.UTF_8);
    private static final long SLOW_FLUSH_MS = 100;

    private final Database disk;
    private final String name;
    private final long maxPendingBytes;
    private final Object lock = new Object();
    /** Serializes writers: the state store has one, the Raft thread, but restore must not race it. */
    private final Object writer = new Object();
    private final Thread flusher;

    /** Pending layers, oldest first; replaced, never changed, under {@link #lock}. */
    private volatile List<Layer> layers = List.of();
    /** How many leading layers the flusher is writing; those are never merged. Guarded by lock. */
    private int flushing;
    private long pendingBytes;
    private long lastSeq;
    private boolean closing;
    private volatile StorageException failure;

    WriteBehindDatabase(Database disk, String name, long maxPendingBytes) {
        this.disk = disk;
        this.name = name;
        this.maxPendingBytes = maxPendingBytes;
        try (ReadView view = disk.read()) {
            byte[] marker = view.get(MARKER_MAP, MARKER_KEY);
            this.lastSeq = marker == null ? 0 : Codec.toLong(marker);
        }
        this.flusher = new Thread(this::flushLoop, "write-behind-" + name);
        flusher.setDaemon(true);
        flusher.start();
    }

    @Override
    public ReadView read() {
        return view(disk::read);
    }

    @Override
    public ReadView detachedRead() {
        return view(disk::detachedRead);
    }

    private ReadView view(Supplier<ReadView> open) {
        List<Layer> captured = layers; // first: a layer gone from the list is in the engine before we look
        ReadView base = open.get();
        try {
            ReadView top = base;
            if (!captured.isEmpty()) {
                byte[] marker = base.get(MARKER_MAP, MARKER_KEY);
                long flushed = marker == null ? 0 : Codec.toLong(marker);
                for (Layer layer : captured) {
                    if (layer.lastSeq() <= flushed) {
                        continue;
                    }
                    if (layer.firstSeq() <= flushed) {
                        throw new AssertionError("write-behind " + name + ": layer " + layer.firstSeq() + ".."
                                + layer.lastSeq() + " straddles flushed " + flushed);
                    }
                    top = new OverlayView(top, layer.maps());
                }
            }
            return new LayeredView(top, base);
        } catch (RuntimeException | Error e) {
            base.close();
            throw e;
        }
    }

    @Override
    public void write(WriteBatch batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (writer) {
            if (!Layer.layerable(batch)) {
                awaitFlushed();
                disk.write(batch);
                return;
            }
            synchronized (lock) {
                while (pendingBytes > maxPendingBytes && failure == null) {
                    waitOnLock();
                }
                throwIfFailed();
                List<Layer> list = new ArrayList<>(layers);
                list.add(Layer.of(++lastSeq, batch));
                coalesce(list);
                publish(list);
            }
        }
    }

    /** Merges the newest layers while the older one is at most twice the size of the newer. */
    private void coalesce(List<Layer> list) {
        while (list.size() - flushing >= 2) {
            int n = list.size();
            Layer newer = list.get(n - 1);
            Layer older = list.get(n - 2);
            if (older.entries() > 2L * newer.entries()) {
                return;
            }
            list.set(n - 2, older.mergedWith(newer));
            list.remove(n - 1);
        }
    }

    private void publish(List<Layer> list) {
        layers = List.copyOf(list);
        long bytes = 0;
        for (Layer layer : list) {
            bytes += layer.bytes();
        }
        pendingBytes = bytes;
        lock.notifyAll();
    }

    private void flushLoop() {
        while (true) {
            List<Layer> picked;
            synchronized (lock) {
                while (layers.isEmpty() && !closing) {
                    waitOnLockUninterruptibly();
                }
                if (layers.isEmpty()) {
                    return;
                }
                picked = layers;
                flushing = picked.size();
            }
            Layer all = picked.get(0);
            for (int i = 1; i < picked.size(); i++) {
                all = all.mergedWith(picked.get(i));
            }
            long t0 = System.nanoTime();
            try {
                disk.write(all.toBatch().put(MARKER_MAP, MARKER_KEY, Codec.longBytes(all.lastSeq())));
            } catch (RuntimeException e) {
                LOG.error("write-behind {}: cannot write seq {}..{} to storage, writes now fail: {}", name,
                        all.firstSeq(), all.lastSeq(), e.toString());
                synchronized (lock) {
                    failure = e instanceof StorageException se ? se
                            : new StorageException("write-behind " + name + ": " + e.getMessage(), e);
                    flushing = 0;
                    lock.notifyAll();
                }
                return;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (ms >= SLOW_FLUSH_MS) {
                LOG.debug("write-behind {}: slow storage write took_ms={} layers={} entries={} seq={}..{}", name, ms,
                        picked.size(), all.entries(), all.firstSeq(), all.lastSeq());
            }
            synchronized (lock) {
                List<Layer> now = layers;
                flushing = 0;
                publish(now.subList(picked.size(), now.size()));
            }
        }
    }

    /** Waits until every acknowledged write is in the engine. */
    void awaitFlushed() {
        synchronized (lock) {
            while (!layers.isEmpty() && failure == null) {
                waitOnLock();
            }
            throwIfFailed();
        }
    }

    /** Pending layers, for tests and logs. */
    int pendingLayers() {
        return layers.size();
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw new StorageException("write-behind " + name + ": storage failed earlier: " + failure.getMessage(),
                    failure);
        }
    }

    private void waitOnLock() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("write-behind " + name + ": interrupted while waiting for storage", e);
        }
    }

    private void waitOnLockUninterruptibly() {
        try {
            lock.wait();
        } catch (InterruptedException e) {
            // the flusher stops only when closed and drained
        }
    }

    @Override
    public void snapshot(OutputStream out) {
        try (ReadView view = detachedRead()) {
            SnapshotStream.write(view, out);
        }
    }

    @Override
    public void restore(InputStream in) {
        synchronized (writer) {
            awaitFlushed();
            disk.restore(in);
            disk.write(new WriteBatch().put(MARKER_MAP, MARKER_KEY, Codec.longBytes(lastSeq)));
        }
    }

    /** Writes what is pending, then closes the engine. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            flusher.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("write-behind {}: interrupted while flushing at close; pending layers={}", name, layers.size());
        }
        disk.close();
    }

    /** The layers over the engine's view; hides the marker and closes the engine's view. */
    private static final class LayeredView implements ReadView {
        private final ReadView top;
        private final ReadView base;

        LayeredView(ReadView top, ReadView base) {
            this.top = top;
            this.base = base;
        }

        @Override
        public byte[] get(String map, byte[] key) {
            return top.get(map, key);
        }

        @Override
        public void scan(String map, byte[] from, byte[] to, EntryVisitor visitor) {
            top.scan(map, from, to, visitor);
        }

        @Override
        public void scanBackward(String map, byte[] toExclusive, EntryVisitor visitor) {
            top.scanBackward(map, toExclusive, visitor);
        }

        @Override
        public List<String> maps() {
            List<String> maps = new ArrayList<>(top.maps());
            maps.remove(MARKER_MAP);
            return maps;
        }

        @Override
        public void close() {
            base.close();
        }
    }
}
