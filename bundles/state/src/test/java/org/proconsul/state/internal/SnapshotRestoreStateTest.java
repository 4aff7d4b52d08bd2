package org.proconsul.state.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.proconsul.api.kv.KvTxnOp;
import org.proconsul.api.kv.KvVerb;
import org.proconsul.api.state.StateSnapshot;
import org.proconsul.api.storage.Durability;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

/** The restore commands as every server applies them: parts, then a finish that replaces the state. */
class SnapshotRestoreStateTest {

    private static KvStateStore store() {
        return new KvStateStore(new MemoryStorageEngine().open("state", Durability.BUFFERED));
    }

    private static void put(KvStateStore store, long index, String key, String value) {
        store.apply(index, Command.encode(new Command.Kv(true,
                List.of(new KvTxnOp(KvVerb.SET, key, value.getBytes(UTF_8), 0, 0, null)))));
    }

    private static byte[] stateOf(KvStateStore store) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (StateSnapshot s = store.snapshot()) {
            s.writeTo(out);
        }
        return out.toByteArray();
    }

    private static List<byte[]> parts(byte[] state, int size) {
        List<byte[]> parts = new ArrayList<>();
        for (int at = 0; at < state.length; at += size) {
            parts.add(Arrays.copyOfRange(state, at, Math.min(state.length, at + size)));
        }
        return parts;
    }

    private static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void theJoinedPartsReplaceTheStateAtTheFinishIndex() throws Exception {
        KvStateStore source = store();
        for (int i = 1; i <= 50; i++) {
            put(source, i, "saved/" + i, "v" + i);
        }
        byte[] state = stateOf(source);

        KvStateStore target = store();
        put(target, 1, "other", "gone after the restore");
        List<byte[]> parts = parts(state, 100);
        long index = 1;
        List<byte[]> commands = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            commands.add(Command.encode(new Command.RestoreChunk("r1", i, parts.get(i))));
        }
        // parts arrive in any order within one run, with a write before and after the finish
        java.util.Collections.reverse(commands);
        commands.add(Command.encode(new Command.Kv(true, List.of(new KvTxnOp(KvVerb.SET, "before", "b".getBytes(UTF_8), 0, 0, null)))));
        commands.add(Command.encode(new Command.RestoreFinish("r1", parts.size(), sha(state), false)));
        commands.add(Command.encode(new Command.Kv(true, List.of(new KvTxnOp(KvVerb.SET, "after", "a".getBytes(UTF_8), 0, 0, null)))));
        List<Object> responses = target.applyAll(index + 1, commands);
        long finishIndex = index + 1 + parts.size() + 1;
        assertTrue(((ApplyResponse.Single) responses.get(parts.size() + 1)).success());
        assertEquals(finishIndex + 1, target.lastAppliedIndex());
        assertEquals(50 + 1, target.kvList("").value().size(), "the saved keys and the write after the finish");
        assertEquals("v7", new String(target.kvGet("saved/7").value().orElseThrow().value(), UTF_8));
        assertFalse(target.kvGet("other").value().isPresent(), "the old state is gone");
        assertFalse(target.kvGet("before").value().isPresent(), "a write before the finish is replaced too");
        assertTrue(target.kvGet("after").value().isPresent());
        assertTrue(target.kvList("saved/").index() >= finishIndex, "blocking queries see the restore's index");
        try (var view = target.snapshot()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            view.writeTo(out);
            assertFalse(new String(out.toByteArray(), UTF_8).contains("restore"), "no parts survive the restore");
        }
    }

    @Test
    void aRestoreThatDoesNotCheckOutChangesNothingButDropsItsParts() throws Exception {
        KvStateStore source = store();
        put(source, 1, "k", "v");
        byte[] state = stateOf(source);
        KvStateStore target = store();
        put(target, 1, "kept", "yes");
        List<byte[]> parts = parts(state, 16);
        long index = 1;
        for (int i = 0; i < parts.size(); i++) {
            if (i != 1) {
                target.apply(++index, Command.encode(new Command.RestoreChunk("r2", i, parts.get(i))));
            }
        }
        ApplyResponse.Single missing = (ApplyResponse.Single) target.apply(++index,
                Command.encode(new Command.RestoreFinish("r2", parts.size(), sha(state), false)));
        assertFalse(missing.success());
        assertEquals("snapshot restore is missing parts: received 1 of " + parts.size(), missing.error());

        for (int i = 0; i < parts.size(); i++) {
            target.apply(++index, Command.encode(new Command.RestoreChunk("r3", i, parts.get(i))));
        }
        ApplyResponse.Single wrongSum = (ApplyResponse.Single) target.apply(++index,
                Command.encode(new Command.RestoreFinish("r3", parts.size(), sha(new byte[1]), false)));
        assertEquals("snapshot restore parts do not match their checksum", wrongSum.error());

        byte[] garbage = "not a state stream".getBytes(UTF_8);
        target.apply(++index, Command.encode(new Command.RestoreChunk("r4", 0, garbage)));
        ApplyResponse.Single unreadable = (ApplyResponse.Single) target.apply(++index,
                Command.encode(new Command.RestoreFinish("r4", 1, sha(garbage), false)));
        assertTrue(unreadable.error().startsWith("snapshot state is not readable: "), unreadable.error());

        target.apply(++index, Command.encode(new Command.RestoreChunk("r5", 0, garbage)));
        assertTrue(((ApplyResponse.Single) target.apply(++index,
                Command.encode(new Command.RestoreFinish("r5", 1, "", true)))).success(), "an abort drops the parts");

        assertEquals("yes", new String(target.kvGet("kept").value().orElseThrow().value(), UTF_8));
        assertEquals(index, target.lastAppliedIndex());
        assertFalse(new String(stateOf(target), UTF_8).contains("restore"), "every refused restore dropped its parts");
    }
}
