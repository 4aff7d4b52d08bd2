package org.proconsul.api.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotArchiveTest {
    @TempDir
    Path dir;

    private byte[] archive(byte[] meta, byte[] state) throws Exception {
        Path file = dir.resolve("state-in");
        Files.write(file, state);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SnapshotArchive.write(meta, file, out);
        return out.toByteArray();
    }

    @Test
    void whatIsWrittenReadsBackWithItsSums() throws Exception {
        byte[] state = new byte[700_000];
        new Random(7).nextBytes(state);
        byte[] meta = "{\"Version\":1,\"Index\":42}".getBytes(StandardCharsets.UTF_8);
        byte[] archive = archive(meta, state);
        Path out = dir.resolve("state-out");
        SnapshotArchive.Contents contents = SnapshotArchive.read(new ByteArrayInputStream(archive), out);
        assertArrayEquals(meta, contents.meta());
        assertEquals(state.length, contents.stateBytes());
        assertArrayEquals(state, Files.readAllBytes(out));
    }

    @Test
    void everyDamageIsRefused() throws Exception {
        byte[] state = new byte[5_000];
        new Random(8).nextBytes(state);
        byte[] archive = archive("{}".getBytes(StandardCharsets.UTF_8), state);
        Path out = dir.resolve("state-out");
        assertTrue(message(new byte[0], out).startsWith("not a snapshot archive"));
        assertTrue(message("garbage".getBytes(StandardCharsets.UTF_8), out).startsWith("not a snapshot archive"));
        assertTrue(message(Arrays.copyOf(archive, archive.length / 2), out).contains("snapshot archive"));
        for (int at = 20; at < archive.length - 20; at += 97) {
            byte[] damaged = archive.clone();
            damaged[at] ^= 0x41;
            String why = message(damaged, out);
            assertTrue(why.contains("snapshot archive") || why.contains("checksum mismatch")
                    || why.contains("unexpected file") || why.contains("too large") || why.contains("SHA256SUMS"),
                    "byte " + at + ": " + why);
        }
    }

    private static String message(byte[] archive, Path out) {
        return assertThrows(java.io.IOException.class,
                () -> SnapshotArchive.read(new ByteArrayInputStream(archive), out)).getMessage();
    }
}
