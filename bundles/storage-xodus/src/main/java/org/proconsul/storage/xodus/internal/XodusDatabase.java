package org.proconsul.storage.xodus.internal;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.SnapshotStream;
import org.proconsul.api.storage.StorageException;
import org.proconsul.api.storage.WriteBatch;

import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.ExodusException;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.EnvironmentConfig;
import jetbrains.exodus.env.Environments;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;
import jetbrains.exodus.env.Transaction;

/**
 * One Xodus Environment; every named map is a Store without duplicates.
 *
 * <p>Stores belong to a generation: generation 0 uses the map names as they are, generation N the names
 * {@code gN/map}. A restore writes the next generation in transactions of about {@value #RESTORE_TXN_BYTES}
 * bytes (a state of gigabytes never sits in memory at once), then switches to it in one transaction and
 * removes the old one. Readers and writers take the generation from their own transaction, so they see the
 * old state or the new one, never a half-restored one, and a crash during a restore leaves the old state
 * (the leftovers are removed when the database is opened again).
 */
final class XodusDatabase implements Database {
    static final String GENERATION_STORE = "__proconsul.generation";
    private static final ArrayByteIterable CURRENT = new ArrayByteIterable(new byte[] {0});
    static final long RESTORE_TXN_BYTES = 16L << 20;
    private long restoreTxnBytes = RESTORE_TXN_BYTES;

    private final String name;
    private final Environment env;
    private final Runnable onClose;
    private final Store generations;
    private volatile boolean closed;

    private XodusDatabase(String name, Environment env, Runnable onClose) {
        this.name = name;
        this.env = env;
        this.onClose = onClose;
        this.generations = env.computeInTransaction(txn -> {
            Store store = env.openStore(GENERATION_STORE, StoreConfig.WITHOUT_DUPLICATES, txn);
            removeStoresExcept(txn, generation(store, txn));
            return store;
        });
    }

    /** Tests: smaller restore transactions, so a small state is written in several. */
    void restoreTxnBytes(long bytes) {
        this.restoreTxnBytes = bytes;
    }

    /** The store names of the environment, generation bookkeeping included (tests). */
    List<String> storeNames() {
        return env.computeInReadonlyTransaction(txn -> new ArrayList<>(env.getAllStoreNames(txn)));
    }

    /** The generation {@code txn} sees. */
    static long generation(Store generations, Transaction txn) {
        ByteIterable v = generations.get(txn, CURRENT);
        return v == null ? 0 : jetbrains.exodus.bindings.LongBinding.entryToLong(v);
    }

    long generation(Transaction txn) {
        return generation(generations, txn);
    }

    /** The store name of {@code map} in {@code generation}. */
    static String physical(long generation, String map) {
        return generation == 0 ? map : "g" + generation + "/" + map;
    }

    /** The map name of a store of {@code generation}, or null when the store belongs to another one. */
    static String logical(long generation, String store) {
        if (store.equals(GENERATION_STORE)) {
            return null;
        }
        int slash = store.indexOf('/');
        boolean generated = store.startsWith("g") && slash > 1 && store.substring(1, slash).chars()
                .allMatch(Character::isDigit);
        if (generation == 0) {
            return generated ? null : store;
        }
        String prefix = "g" + generation + "/";
        return store.startsWith(prefix) ? store.substring(prefix.length()) : null;
    }

    private void removeStoresExcept(Transaction txn, long keep) {
        for (String store : env.getAllStoreNames(txn)) {
            if (!store.equals(GENERATION_STORE) && logical(keep, store) == null) {
                env.removeStore(store, txn);
            }
        }
    }

    static XodusDatabase open(String name, File dir, Durability durability, long cacheBytes, Runnable onClose) {
        EnvironmentConfig config = new EnvironmentConfig()
                .setLogDurableWrite(durability == Durability.SYNC)
                // a buffered database is rebuilt from the Raft log after a crash: Xodus's periodic fsync of
                // it (every 10 s by default, inside a commit) would only stall the thread that applies
                .setLogSyncPeriod(durability == Durability.SYNC ? EnvironmentConfig.DEFAULT.getLogSyncPeriod()
                        : Long.MAX_VALUE / 2)
                .setMemoryUsage(cacheBytes)
                .setEnvCloseForcedly(true)
                .setManagementEnabled(false);
        try {
            return new XodusDatabase(name, Environments.newInstance(dir, config), onClose);
        } catch (ExodusException e) {
            throw new StorageException("storage: cannot open xodus database " + dir + ": " + e.getMessage(), e);
        }
    }

    static ArrayByteIterable bytes(byte[] b) {
        return new ArrayByteIterable(b);
    }

    static byte[] array(ByteIterable it) {
        return java.util.Arrays.copyOf(it.getBytesUnsafe(), it.getLength());
    }

    @Override
    public ReadView read() {
        ensureOpen();
        try {
            Transaction txn = env.beginReadonlyTransaction();
            return new XodusReadView(env, txn, generation(txn));
        } catch (ExodusException e) {
            throw new StorageException("storage: cannot begin read name=" + name + ": " + e.getMessage(), e);
        }
    }

    /** A Xodus read-only transaction is not bound to its thread and does not block writers. */
    @Override
    public ReadView detachedRead() {
        return read();
    }

    @Override
    public void write(WriteBatch batch) {
        ensureOpen();
        if (batch.isEmpty()) {
            return;
        }
        try {
            env.executeInTransaction(txn -> {
                long generation = generation(txn);
                for (WriteBatch.Op op : batch.ops()) {
                    apply(txn, generation, op);
                }
            });
        } catch (ExodusException e) {
            throw new StorageException("storage: write failed name=" + name + ": " + e.getMessage(), e);
        }
    }

    private void apply(Transaction txn, long generation, WriteBatch.Op op) {
        String physical = physical(generation, op.map());
        if (op instanceof WriteBatch.DeleteRange range && range.from().length == 0 && range.to() == null) {
            // the whole map: dropping the store costs the same for any size, where deleting key by key writes
            // every leaf (the Raft log drops its compacted segments this way)
            if (env.storeExists(physical, txn)) {
                env.removeStore(physical, txn);
            }
            return;
        }
        Store store = env.openStore(physical, StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn);
        if (op instanceof WriteBatch.Put put) {
            store.put(txn, bytes(put.key()), bytes(put.value()));
        } else if (op instanceof WriteBatch.Delete del) {
            store.delete(txn, bytes(del.key()));
        } else if (op instanceof WriteBatch.DeleteRange range) {
            deleteRange(txn, store, range);
        } else {
            throw new AssertionError("unknown batch op " + op);
        }
    }

    private static void deleteRange(Transaction txn, Store store, WriteBatch.DeleteRange range) {
        try (Cursor cursor = store.openCursor(txn)) {
            ByteIterable to = range.to() == null ? null : bytes(range.to());
            if (cursor.getSearchKeyRange(bytes(range.from())) == null) {
                return;
            }
            do {
                if (to != null && cursor.getKey().compareTo(to) >= 0) {
                    return;
                }
                cursor.deleteCurrent();
            } while (cursor.getNext());
        }
    }

    @Override
    public void snapshot(OutputStream out) {
        ensureOpen();
        try (ReadView view = read()) {
            SnapshotStream.write(view, out);
        }
    }

    @Override
    public void restore(InputStream in) {
        ensureOpen();
        Transaction[] txn = {env.beginExclusiveTransaction()};
        try {
            long old = generation(txn[0]);
            long next = old + 1;
            removeStoresExcept(txn[0], old);
            long[] pending = {0};
            SnapshotStream.read(in, (map, k, v) -> {
                Store store = env.openStore(physical(next, map), StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn[0]);
                store.put(txn[0], bytes(k), bytes(v));
                pending[0] += k.length + v.length;
                if (pending[0] >= restoreTxnBytes) {
                    // the new generation is invisible until the switch below, so it may be written in pieces
                    commit(txn[0]);
                    txn[0] = env.beginExclusiveTransaction();
                    pending[0] = 0;
                }
            });
            generations.put(txn[0], CURRENT, jetbrains.exodus.bindings.LongBinding.longToEntry(next));
            removeStoresExcept(txn[0], next);
            commit(txn[0]);
        } catch (ExodusException e) {
            throw new StorageException("storage: restore failed name=" + name + ": " + e.getMessage(), e);
        } finally {
            if (!txn[0].isFinished()) {
                txn[0].abort();
            }
        }
    }

    private void commit(Transaction txn) {
        if (!txn.commit()) {
            throw new StorageException("storage: restore of " + name + " lost a write conflict");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                env.close();
            } finally {
                onClose.run();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("storage: database closed name=" + name);
        }
    }
}
