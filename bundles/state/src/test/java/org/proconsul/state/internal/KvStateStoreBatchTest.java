package org.proconsul.state.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.proconsul.api.kv.KvEntry;
import org.proconsul.api.kv.KvTxnOp;
import org.proconsul.api.kv.KvVerb;
import org.proconsul.api.state.StateSnapshot;
import org.proconsul.api.storage.Durability;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

/** Applying committed commands in runs must give exactly what applying them one by one gives. */
class KvStateStoreBatchTest {
    private static final KvVerb[] VERBS = {KvVerb.SET, KvVerb.SET, KvVerb.CAS, KvVerb.DELETE, KvVerb.DELETE_TREE,
        KvVerb.DELETE_CAS, KvVerb.GET, KvVerb.GET_TREE, KvVerb.CHECK_INDEX, KvVerb.CHECK_NOT_EXISTS, KvVerb.LOCK};

    private static KvStateStore newStore() {
        return new KvStateStore(new MemoryStorageEngine().open("state", Durability.BUFFERED));
    }

    @Test
    void runsGiveTheSameResponsesAndStateAsOneByOne() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            List<byte[]> commands = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                commands.add(randomCommand(random, i + 1));
            }
            KvStateStore oneByOne = newStore();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < commands.size(); i++) {
                if (commands.get(i) == null) {
                    oneByOne.skip(i + 1);
                    expected.add("skip");
                } else {
                    expected.add(describe(oneByOne.apply(i + 1, commands.get(i))));
                }
            }
            KvStateStore inRuns = newStore();
            List<String> actual = new ArrayList<>();
            for (int from = 0; from < commands.size();) {
                int to = Math.min(commands.size(), from + 1 + random.nextInt(40));
                for (Object r : inRuns.applyAll(from + 1, commands.subList(from, to))) {
                    actual.add(r == null ? "skip" : describe(r));
                }
                from = to;
            }
            String where = "seed " + seed;
            assertEquals(expected, actual, where);
            assertEquals(oneByOne.lastAppliedIndex(), inRuns.lastAppliedIndex(), where);
            assertArrayEquals(snapshotBytes(oneByOne), snapshotBytes(inRuns), where);
            for (String prefix : List.of("", "a/", "b/", "a/x")) {
                assertEquals(oneByOne.kvList(prefix).index(), inRuns.kvList(prefix).index(), where + " " + prefix);
            }
        }
    }

    @Test
    void aRunWithACommandThatCannotBeDecodedAppliesNothing() {
        KvStateStore store = newStore();
        byte[] good = Command.encode(new Command.Kv(true, List.of(op(KvVerb.SET, "a/1", "v", 0))));
        assertThrows(AssertionError.class, () -> store.applyAll(1, List.of(good, new byte[] {99, 1})));
        assertEquals(0, store.lastAppliedIndex());
        assertEquals(0, store.kvList("").value().size());
        store.applyAll(1, List.of(good));
        assertEquals(1, store.kvList("").value().size());
    }

    @Test
    void aCapturedSnapshotKeepsItsIndexWhileApplyingGoesOn() {
        KvStateStore store = newStore();
        store.apply(1, Command.encode(new Command.Kv(true, List.of(op(KvVerb.SET, "a/1", "one", 0)))));
        try (StateSnapshot captured = store.snapshot()) {
            store.apply(2, Command.encode(new Command.Kv(true, List.of(op(KvVerb.SET, "a/2", "two", 0)))));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            captured.writeTo(out);
            assertEquals(1, captured.index());
            KvStateStore restored = newStore();
            restored.restore(new java.io.ByteArrayInputStream(out.toByteArray()));
            assertEquals(1, restored.lastAppliedIndex());
            assertEquals(List.of("a/1"), restored.kvList("").value().stream().map(KvEntry::key).toList());
        }
    }

    private static byte[] randomCommand(SplittableRandom random, long index) {
        int kind = random.nextInt(20);
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return Command.encode(new Command.ReapTombstones(random.nextLong(index + 1)));
        }
        int n = kind < 12 ? 1 : 1 + random.nextInt(4);
        List<KvTxnOp> ops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KvVerb verb = VERBS[random.nextInt(VERBS.length)];
            String key = (random.nextBoolean() ? "a/" : "b/") + (random.nextBoolean() ? "x" : "") + random.nextInt(4);
            if (verb == KvVerb.DELETE_TREE || verb == KvVerb.GET_TREE) {
                key = key.substring(0, 2 + random.nextInt(key.length() - 1));
            }
            long casIndex = random.nextInt(3) == 0 ? 0 : random.nextLong(index + 1);
            ops.add(op(verb, key, "v" + random.nextInt(5), casIndex));
        }
        return Command.encode(new Command.Kv(kind < 12, ops));
    }

    private static KvTxnOp op(KvVerb verb, String key, String value, long idx) {
        return new KvTxnOp(verb, key, value.getBytes(UTF_8), 0, idx, verb == KvVerb.LOCK ? "no-such-session" : null);
    }

    private static String describe(Object response) {
        if (response instanceof ApplyResponse.Txn txn) {
            return "txn results=" + txn.results().stream().map(KvStateStoreBatchTest::entry)
                    .collect(Collectors.joining(",")) + " errors=" + txn.errors();
        }
        return String.valueOf(response);
    }

    private static String entry(KvEntry e) {
        return e.key() + ":" + (e.value() == null ? "-" : new String(e.value(), UTF_8)) + ":" + e.createIndex() + ":"
                + e.modifyIndex() + ":" + e.lockIndex() + ":" + e.session();
    }

    private static byte[] snapshotBytes(KvStateStore store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StateSnapshot s = store.snapshot()) {
            s.writeTo(out);
        }
        return out.toByteArray();
    }
}
