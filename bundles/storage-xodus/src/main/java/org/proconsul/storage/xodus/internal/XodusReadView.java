package org.proconsul.storage.xodus.internal;

import static org.proconsul.storage.xodus.internal.XodusDatabase.array;
import static org.proconsul.storage.xodus.internal.XodusDatabase.bytes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.proconsul.api.storage.ReadView;

import jetbrains.exodus.ByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Environment;
import jetbrains.exodus.env.Store;
import jetbrains.exodus.env.StoreConfig;
import jetbrains.exodus.env.Transaction;

/** A Xodus read-only transaction; closing it aborts the transaction so it pins no old files. */
final class XodusReadView implements ReadView {
    private final Environment env;
    private final Transaction txn;
    private final long generation;

    XodusReadView(Environment env, Transaction txn, long generation) {
        this.env = env;
        this.txn = txn;
        this.generation = generation;
    }

    private Store store(String map) {
        String physical = XodusDatabase.physical(generation, map);
        if (!env.storeExists(physical, txn)) {
            return null;
        }
        return env.openStore(physical, StoreConfig.USE_EXISTING, txn);
    }

    @Override
    public byte[] get(String map, byte[] key) {
        Store store = store(map);
        if (store == null) {
            return null;
        }
        ByteIterable v = store.get(txn, bytes(key));
        return v == null ? null : array(v);
    }

    @Override
    public void scan(String map, byte[] from, byte[] to, EntryVisitor visitor) {
        Store store = store(map);
        if (store == null) {
            return;
        }
        ByteIterable end = to == null ? null : bytes(to);
        try (Cursor cursor = store.openCursor(txn)) {
            if (cursor.getSearchKeyRange(bytes(from)) == null) {
                return;
            }
            do {
                ByteIterable key = cursor.getKey();
                if (end != null && key.compareTo(end) >= 0) {
                    return;
                }
                if (!visitor.visit(array(key), array(cursor.getValue()))) {
                    return;
                }
            } while (cursor.getNext());
        }
    }

    @Override
    public void scanBackward(String map, byte[] toExclusive, EntryVisitor visitor) {
        Store store = store(map);
        if (store == null) {
            return;
        }
        try (Cursor cursor = store.openCursor(txn)) {
            boolean positioned;
            if (toExclusive == null) {
                positioned = cursor.getLast();
            } else if (cursor.getSearchKeyRange(bytes(toExclusive)) != null) {
                positioned = cursor.getPrev();
            } else {
                positioned = cursor.getLast();
            }
            while (positioned) {
                if (!visitor.visit(array(cursor.getKey()), array(cursor.getValue()))) {
                    return;
                }
                positioned = cursor.getPrev();
            }
        }
    }

    @Override
    public List<String> maps() {
        List<String> names = new ArrayList<>();
        for (String physical : env.getAllStoreNames(txn)) {
            String map = XodusDatabase.logical(generation, physical);
            if (map != null && env.openStore(physical, StoreConfig.USE_EXISTING, txn).count(txn) > 0) {
                names.add(map);
            }
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public void close() {
        if (!txn.isFinished()) {
            txn.abort();
        }
    }
}
