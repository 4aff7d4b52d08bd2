package org.proconsul.state.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.ReadView;
import org.proconsul.api.storage.WriteBatch;
import org.proconsul.storage.memory.internal.MemoryStorageEngine;

/** A staged view must read exactly like the database does once its batch is written. */
class StagedViewTest {

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> forward(ReadView view, String map, byte[] from, byte[] to, int limit) {
        List<String> seen = new ArrayList<>();
        view.scan(map, from, to, (k, v) -> {
            seen.add(new String(k, UTF_8) + "=" + new String(v, UTF_8));
            return seen.size() < limit;
        });
        return seen;
    }

    private static List<String> backward(ReadView view, String map, byte[] toExclusive, int limit) {
        List<String> seen = new ArrayList<>();
        view.scanBackward(map, toExclusive, (k, v) -> {
            seen.add(new String(k, UTF_8) + "=" + new String(v, UTF_8));
            return seen.size() < limit;
        });
        return seen;
    }

    @Test
    void readsMatchTheDatabaseAfterTheBatchIsWritten() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            Database before = new MemoryStorageEngine().open("a", Durability.BUFFERED);
            Database after = new MemoryStorageEngine().open("b", Durability.BUFFERED);
            WriteBatch base = new WriteBatch();
            for (int i = 0; i < 12; i++) {
                base.put(map(random), key(random), b("base" + i));
            }
            before.write(base);
            after.write(base);
            try (ReadView view = before.read()) {
                StagedView staged = new StagedView(view);
                for (int i = 0; i < 15; i++) {
                    String map = map(random);
                    byte[] key = key(random);
                    if (random.nextInt(3) == 0) {
                        staged.delete(map, key);
                    } else {
                        staged.put(map, key, b(random.nextInt(2) == 0 ? "" : "staged" + i));
                    }
                }
                after.write(staged.batch());
                try (ReadView expected = after.read()) {
                    String where = "seed " + seed;
                    for (String map : List.of("m1", "m2", "m3")) {
                        for (int k = 0; k < 10; k++) {
                            byte[] key = b("k" + k);
                            assertEquals(text(expected.get(map, key)), text(staged.get(map, key)), where);
                        }
                        byte[] from = key(random);
                        byte[] to = random.nextInt(3) == 0 ? null : key(random);
                        if (to != null && org.proconsul.api.storage.Bytes.compare(from, to) > 0) {
                            byte[] swap = from;
                            from = to;
                            to = swap;
                        }
                        int limit = 1 + random.nextInt(12);
                        assertEquals(forward(expected, map, from, to, limit), forward(staged, map, from, to, limit),
                                where + " scan " + map);
                        byte[] below = random.nextInt(3) == 0 ? null : key(random);
                        assertEquals(backward(expected, map, below, limit), backward(staged, map, below, limit),
                                where + " scanBackward " + map);
                    }
                }
            }
        }
    }

    private static String map(SplittableRandom random) {
        return "m" + (1 + random.nextInt(2));
    }

    private static byte[] key(SplittableRandom random) {
        return b("k" + random.nextInt(10));
    }

    private static String text(byte[] v) {
        return v == null ? null : new String(v, UTF_8);
    }
}
