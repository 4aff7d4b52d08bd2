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

/** One Xodus Environment; every named map is a Store without duplicates. */
final class XodusDatabase implements Database {
    private final String name;
    private final Environment env;
    private final Runnable onClose;
    private volatile boolean closed;

    private XodusDatabase(String name, Environment env, Runnable onClose) {
        this.name = name;
        this.env = env;
        this.onClose = onClose;
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
            return new XodusReadView(env, env.beginReadonlyTransaction());
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
                for (WriteBatch.Op op : batch.ops()) {
                    apply(txn, op);
                }
            });
        } catch (ExodusException e) {
            throw new StorageException("storage: write failed name=" + name + ": " + e.getMessage(), e);
        }
    }

    private void apply(Transaction txn, WriteBatch.Op op) {
        Store store = env.openStore(op.map(), StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn);
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
        SnapshotStream.Writer writer = new SnapshotStream.Writer(out);
        env.executeInReadonlyTransaction(txn -> {
            for (String map : env.getAllStoreNames(txn)) {
                Store store = env.openStore(map, StoreConfig.USE_EXISTING, txn);
                try (Cursor cursor = store.openCursor(txn)) {
                    while (cursor.getNext()) {
                        writer.entry(map, array(cursor.getKey()), array(cursor.getValue()));
                    }
                }
            }
        });
        writer.finish();
    }

    @Override
    public void restore(InputStream in) {
        ensureOpen();
        try {
            env.executeInTransaction(txn -> {
                List<String> existing = new ArrayList<>(env.getAllStoreNames(txn));
                for (String map : existing) {
                    env.truncateStore(map, txn);
                }
                SnapshotStream.read(in, (map, k, v) -> env
                        .openStore(map, StoreConfig.WITHOUT_DUPLICATES_WITH_PREFIXING, txn).put(txn, bytes(k), bytes(v)));
            });
        } catch (ExodusException e) {
            throw new StorageException("storage: restore failed name=" + name + ": " + e.getMessage(), e);
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
