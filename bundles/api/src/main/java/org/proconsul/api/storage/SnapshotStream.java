package org.proconsul.api.storage;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The engine-neutral stream format of {@link Database#snapshot} and {@link Database#restore}, so a
 * snapshot of one engine restores into another (engine migration).
 *
 * <p>Layout: magic {@code PCDB}, version byte 1, then one record per entry (byte 1, map name as
 * modified UTF-8, key length + key, value length + value) and a final byte 0.
 */
public final class SnapshotStream {
    private static final int MAGIC = 0x50434442; // "PCDB"
    private static final int VERSION = 1;
    private static final int MAX_BLOB = 64 << 20;

    private SnapshotStream() {
    }

    /** Receives entries while a stream is read. */
    @FunctionalInterface
    public interface EntrySink {
        void entry(String map, byte[] key, byte[] value);
    }

    /** Writes entries to a stream; call {@link #finish()} after the last one. */
    public static final class Writer {
        private final DataOutputStream out;

        public Writer(OutputStream out) {
            this.out = new DataOutputStream(out);
            try {
                this.out.writeInt(MAGIC);
                this.out.writeByte(VERSION);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void entry(String map, byte[] key, byte[] value) {
            try {
                out.writeByte(1);
                out.writeUTF(map);
                out.writeInt(key.length);
                out.write(key);
                out.writeInt(value.length);
                out.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public void finish() {
            try {
                out.writeByte(0);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Writes every entry {@code view} holds as one complete stream. */
    public static void write(ReadView view, OutputStream out) {
        Writer writer = new Writer(out);
        for (String map : view.maps()) {
            view.scan(map, new byte[0], null, (k, v) -> {
                writer.entry(map, k, v);
                return true;
            });
        }
        writer.finish();
    }

    /** Reads a whole stream into {@code sink}; a truncated or foreign stream is a {@link StorageException}. */
    public static void read(InputStream in, EntrySink sink) {
        DataInputStream data = new DataInputStream(new BufferedInputStream(in));
        try {
            if (data.readInt() != MAGIC) {
                throw new StorageException("snapshot: not a Proconsul database snapshot");
            }
            int version = data.readUnsignedByte();
            if (version != VERSION) {
                throw new StorageException("snapshot: unsupported format version " + version);
            }
            while (data.readUnsignedByte() == 1) {
                String map = data.readUTF();
                byte[] key = blob(data);
                byte[] value = blob(data);
                sink.entry(map, key, value);
            }
        } catch (EOFException e) {
            throw new StorageException("snapshot: stream ends early", e);
        } catch (IOException e) {
            throw new StorageException("snapshot: cannot read stream: " + e.getMessage(), e);
        }
    }

    private static byte[] blob(DataInputStream data) throws IOException {
        int len = data.readInt();
        if (len < 0 || len > MAX_BLOB) {
            throw new StorageException("snapshot: corrupt record length " + len);
        }
        byte[] b = new byte[len];
        data.readFully(b);
        return b;
    }
}
