package org.proconsul.raft.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Snapshot files between servers as a sequence of {@code raft.snapshot} calls, each chunk acknowledged
 * before the next one leaves, so neither side holds more than one chunk in memory. A chunk is
 * {@code transferId | offset i64 | final bool | length i32 | bytes} and the final one adds the leader's
 * InstallSnapshot message ({@code length i32 | RaftWire bytes}): the message can never overtake its data.
 */
final class SnapshotTransfer {
    static final String SERVICE = "raft.snapshot";
    static final int CHUNK_BYTES = 1 << 20;
    private static final Duration CHUNK_TIMEOUT = Duration.ofSeconds(30);

    private SnapshotTransfer() {
    }

    /** The leader's side: sends {@code file} in chunks through {@code call}; completes after the last reply. */
    static CompletableFuture<Void> send(Path file, byte[] installMessage,
            Function<byte[], CompletableFuture<byte[]>> call) {
        String transferId = java.util.UUID.randomUUID().toString();
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            InputStream in = Files.newInputStream(file);
            long size = Files.size(file);
            sendNext(in, transferId, 0, size, installMessage, call, done);
        } catch (IOException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    private static void sendNext(InputStream in, String transferId, long offset, long size, byte[] installMessage,
            Function<byte[], CompletableFuture<byte[]>> call, CompletableFuture<Void> done) {
        byte[] chunk;
        try {
            chunk = in.readNBytes((int) Math.min(CHUNK_BYTES, size - offset));
        } catch (IOException e) {
            close(in);
            done.completeExceptionally(e);
            return;
        }
        boolean last = offset + chunk.length >= size;
        call.apply(encode(transferId, offset, last, chunk, last ? installMessage : null)).whenComplete((reply, failure) -> {
            if (failure != null) {
                close(in);
                done.completeExceptionally(failure);
            } else if (last) {
                close(in);
                done.complete(null);
            } else {
                sendNext(in, transferId, offset + chunk.length, size, installMessage, call, done);
            }
        });
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // reading is over either way
        }
    }

    static Duration chunkTimeout() {
        return CHUNK_TIMEOUT;
    }

    static byte[] encode(String transferId, long offset, boolean last, byte[] chunk, byte[] installMessage) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(chunk.length + 128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeUTF(transferId);
            out.writeLong(offset);
            out.writeBoolean(last);
            out.writeInt(chunk.length);
            out.write(chunk);
            if (last) {
                out.writeInt(installMessage.length);
                out.write(installMessage);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A whole file received, with the leader's message that goes with it. */
    record Received(Path file, byte[] installMessage) {
    }

    /** The follower's side: appends chunks to a file per transfer. */
    static final class Receiver {
        /** Leaders send one at a time; a few more cover a leader change mid-transfer. */
        private static final int MAX_TRANSFERS = 4;
        private final Function<String, Path> incoming;
        private final Map<String, Long> written = new ConcurrentHashMap<>();
        private final Map<String, Long> touched = new ConcurrentHashMap<>();
        /** A transfer that received nothing for this long was abandoned (leader change, timeout). */
        private static final long IDLE_NANOS = 2 * CHUNK_TIMEOUT.toNanos();

        Receiver(Function<String, Path> incoming) {
            this.incoming = incoming;
        }

        /** Stores one chunk; returns the completed transfer after the last one, else null. */
        Received accept(byte[] request) throws IOException {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(request));
            String transferId = in.readUTF();
            long offset = in.readLong();
            boolean last = in.readBoolean();
            int length = in.readInt();
            if (length < 0 || length > CHUNK_BYTES || length > in.available()) {
                throw new IOException("snapshot chunk of " + length + " bytes does not fit");
            }
            byte[] chunk = in.readNBytes(length);
            if (offset == 0 && !written.containsKey(transferId)) {
                dropAbandoned();
                if (written.size() >= MAX_TRANSFERS) {
                    throw new IOException("too many snapshot transfers at once");
                }
            }
            touched.put(transferId, System.nanoTime());
            Path file = incoming.apply(transferId);
            long expected = written.getOrDefault(transferId, 0L);
            if (offset != expected) {
                written.remove(transferId);
                Files.deleteIfExists(file);
                throw new IOException("snapshot chunk at offset " + offset + ", expected " + expected);
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, offset == 0
                    ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
                out.write(chunk);
            }
            if (!last) {
                written.put(transferId, offset + length);
                return null;
            }
            written.remove(transferId);
            touched.remove(transferId);
            int messageLength = in.readInt();
            if (messageLength < 0 || messageLength != in.available()) {
                throw new IOException("snapshot install message of " + messageLength + " bytes does not fit");
            }
            return new Received(file, in.readNBytes(messageLength));
        }

        private void dropAbandoned() {
            long now = System.nanoTime();
            for (Map.Entry<String, Long> t : touched.entrySet()) {
                if (now - t.getValue() > IDLE_NANOS) {
                    written.remove(t.getKey());
                    touched.remove(t.getKey());
                    try {
                        Files.deleteIfExists(incoming.apply(t.getKey()));
                    } catch (IOException e) {
                        // the next start removes leftover temporary files
                    }
                }
            }
        }
    }
}
