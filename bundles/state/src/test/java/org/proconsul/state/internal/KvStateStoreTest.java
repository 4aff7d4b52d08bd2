package org.proconsul.state.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.kv.KvTxnOp;
import org.proconsul.api.kv.KvVerb;
import org.proconsul.api.state.WatchTarget;
import org.proconsul.api.storage.Durability;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

class KvStateStoreTest {

    private KvStateStore store;
    private long index;

    @BeforeEach
    void open() {
        store = new KvStateStore(new MemoryStorageEngine().open("state", Durability.BUFFERED));
        index = 10;
    }

    private ApplyResponse single(KvVerb verb, String key, String value, long casIndex) {
        KvTxnOp op = new KvTxnOp(verb, key, value == null ? null : value.getBytes(UTF_8), 0, casIndex, null);
        return (ApplyResponse) store.apply(++index, Command.encode(new Command.Kv(true, List.of(op))));
    }

    private ApplyResponse.Txn txn(KvTxnOp... ops) {
        return (ApplyResponse.Txn) store.apply(++index, Command.encode(new Command.Kv(false, List.of(ops))));
    }

    private static KvTxnOp op(KvVerb verb, String key, String value, long idx) {
        return new KvTxnOp(verb, key, value == null ? null : value.getBytes(UTF_8), 0, idx, null);
    }

    @Test
    void putThenGetKeepsCreateIndexAndBumpsModifyIndex() {
        single(KvVerb.SET, "a", "1", 0);
        long created = index;
        single(KvVerb.SET, "a", "2", 0);
        KvEntry e = store.kvGet("a").value().orElseThrow();
        assertEquals("2", new String(e.value(), UTF_8));
        assertEquals(created, e.createIndex());
        assertEquals(index, e.modifyIndex());
        assertEquals(index, store.kvGet("a").index());
    }

    @Test
    void identicalRewriteKeepsModifyIndex() {
        single(KvVerb.SET, "a", "1", 0);
        long first = index;
        single(KvVerb.SET, "a", "1", 0);
        assertEquals(first, store.kvGet("a").value().orElseThrow().modifyIndex());
    }

    @Test
    void casCreatesOnlyWhenAbsentAndMatchesModifyIndex() {
        assertEquals(new ApplyResponse.Single(true, null), single(KvVerb.CAS, "c", "1", 0));
        assertEquals(new ApplyResponse.Single(false, null), single(KvVerb.CAS, "c", "2", 0));
        long mod = store.kvGet("c").value().orElseThrow().modifyIndex();
        assertEquals(new ApplyResponse.Single(false, null), single(KvVerb.CAS, "c", "2", mod + 100));
        assertEquals(new ApplyResponse.Single(true, null), single(KvVerb.CAS, "c", "2", mod));
        assertEquals(new ApplyResponse.Single(false, null), single(KvVerb.CAS, "absent", "x", 5));
    }

    @Test
    void deleteLeavesTombstoneSoPrefixIndexMovesForward() {
        single(KvVerb.SET, "dir/a", "1", 0);
        single(KvVerb.SET, "dir/b", "1", 0);
        single(KvVerb.SET, "other", "1", 0);
        single(KvVerb.DELETE, "dir/b", null, 0);
        long deletedAt = index;
        assertEquals(deletedAt, store.kvList("dir/").index());
        assertEquals(1, store.kvList("dir/").value().size());
        assertEquals(deletedAt, store.kvGet("missing").index(), "a missing key reports the table index");
    }

    @Test
    void deleteCasRefusesStaleIndexButAcceptsAbsentKey() {
        single(KvVerb.SET, "k", "1", 0);
        assertEquals(new ApplyResponse.Single(false, null), single(KvVerb.DELETE_CAS, "k", null, 0));
        assertEquals(new ApplyResponse.Single(true, null), single(KvVerb.DELETE_CAS, "nope", null, 3));
        long mod = store.kvGet("k").value().orElseThrow().modifyIndex();
        assertEquals(new ApplyResponse.Single(true, null), single(KvVerb.DELETE_CAS, "k", null, mod));
        assertTrue(store.kvGet("k").value().isEmpty());
    }

    @Test
    void keysWithSeparatorAreCutAfterThePrefix() {
        for (String k : List.of("web/a/1", "web/a/2", "web/b", "web/c/x/y", "webx")) {
            single(KvVerb.SET, k, "v", 0);
        }
        assertEquals(List.of("web/a/", "web/b", "web/c/"), store.kvKeys("web/", "/").value());
        assertEquals(List.of("web/", "webx"), store.kvKeys("", "/").value());
        assertEquals(List.of("web/a/1", "web/a/2", "web/b", "web/c/x/y", "webx"), store.kvKeys("", "").value());
    }

    @Test
    void failingTransactionChangesNothingAndListsEveryError() {
        single(KvVerb.SET, "x", "1", 0);
        long before = store.lastIndex();
        ApplyResponse.Txn result = txn(op(KvVerb.SET, "y", "2", 0), op(KvVerb.CAS, "x", "3", 999),
                op(KvVerb.GET, "nope", null, 0));
        assertEquals(2, result.errors().size());
        assertEquals(1, result.errors().get(0).opIndex());
        assertEquals("failed to set key \"x\", index is stale", result.errors().get(0).what());
        assertEquals("key \"nope\" doesn't exist", result.errors().get(1).what());
        assertTrue(store.kvGet("y").value().isEmpty());
        assertEquals(before + 1, store.lastIndex());
    }

    @Test
    void transactionSeesItsOwnEarlierWrites() {
        ApplyResponse.Txn result = txn(op(KvVerb.SET, "t/1", "a", 0), op(KvVerb.GET, "t/1", null, 0),
                op(KvVerb.DELETE_TREE, "t/", null, 0), op(KvVerb.CHECK_NOT_EXISTS, "t/1", null, 0));
        assertTrue(result.errors().isEmpty(), () -> result.errors().toString());
        assertEquals(2, result.results().size());
        assertEquals("a", new String(result.results().get(1).value(), UTF_8));
    }

    @Test
    void lockWithUnknownSessionIsARequestError() {
        KvTxnOp lock = new KvTxnOp(KvVerb.LOCK, "l", new byte[0], 0, 0, "abc");
        ApplyResponse r = (ApplyResponse) store.apply(++index, Command.encode(new Command.Kv(true, List.of(lock))));
        assertEquals(new ApplyResponse.Single(false, "invalid session \"abc\""), r);
    }

    @Test
    void writeWakesOnlyWatchersOfWhatItTouched() {
        AtomicInteger keyA = new AtomicInteger();
        AtomicInteger keyB = new AtomicInteger();
        AtomicInteger prefix = new AtomicInteger();
        store.watch(new WatchTarget.Key("kv", "a/1"), keyA::incrementAndGet);
        store.watch(new WatchTarget.Key("kv", "b"), keyB::incrementAndGet);
        store.watch(new WatchTarget.Prefix("kv", "a/"), prefix::incrementAndGet);
        single(KvVerb.SET, "a/1", "v", 0);
        assertEquals(1, keyA.get());
        assertEquals(0, keyB.get());
        assertEquals(1, prefix.get());
        single(KvVerb.SET, "a/1", "w", 0);
        assertEquals(1, keyA.get(), "watches are one-shot");
        assertEquals(1, store.parkedWatches());
    }

    @Test
    void deleteTreeWakesPrefixWatchers() {
        single(KvVerb.SET, "p/1", "v", 0);
        AtomicInteger woke = new AtomicInteger();
        store.watch(new WatchTarget.Prefix("kv", "p/"), woke::incrementAndGet);
        single(KvVerb.DELETE_TREE, "p/", null, 0);
        assertEquals(1, woke.get());
        assertFalse(store.kvList("p/").value().iterator().hasNext());
    }

    @Test
    void reapDropsOldTombstones() {
        single(KvVerb.SET, "r", "v", 0);
        single(KvVerb.DELETE, "r", null, 0);
        long deletedAt = index;
        ApplyResponse.Reaped reaped = (ApplyResponse.Reaped) store.apply(++index,
                Command.encode(new Command.ReapTombstones(deletedAt)));
        assertEquals(1, reaped.count());
    }
}
