package org.proconsul.raft.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

import org.proconsul.raft.core.ConfigurationCodec;
import org.proconsul.raft.core.SnapshotMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State machine snapshots as files in {@code DATA_DIR/raft/snapshots}: {@code <index>-<term>.snap}, each
 * {@code magic | version | index | term | clusterId | configuration | state | CRC32C of everything before}.
 * A snapshot is written to a temporary name, fsynced and renamed, so a crash leaves either the whole file
 * or none; a file whose checksum fails is ignored. The newest two are kept.
 */
final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    private static final int MAGIC = 0x5043534e; // "PCSN"
    private static final int VERSION = 1;
    private static final int KEEP = 2;

    /** One snapshot file and what its header says. */
    record Stored(Path file, SnapshotMetadata metadata, String clusterId) {
    }

    private final Path dir;

    SnapshotStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            try (var stale = Files.list(dir)) {
                for (Path p : stale.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("raft: cannot use snapshot directory " + dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Writes the state {@code body} produces as the snapshot at {@code metadata}; returns the stored file. */
    Stored write(SnapshotMetadata metadata, String clusterId, Consumer<OutputStream> body) {
        String name = metadata.index() + "-" + metadata.term();
        Path tmp = dir.resolve(name + ".tmp");
        Path done = dir.resolve(name + ".snap");
        try {
            CRC32C crc = new CRC32C();
            try (OutputStream file = Files.newOutputStream(tmp);
                    CheckedOutputStream checked = new CheckedOutputStream(new BufferedOutputStream(file, 1 << 16), crc)) {
                DataOutputStream out = new DataOutputStream(checked);
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeLong(metadata.index());
                out.writeLong(metadata.term());
                out.writeUTF(clusterId);
                byte[] config = ConfigurationCodec.encode(metadata.configuration());
                out.writeInt(config.length);
                out.write(config);
                body.accept(new NonClosing(out));
                out.flush();
                new DataOutputStream(file).writeLong(crc.getValue());
                // the checksum goes after the checked bytes, straight to the file
            }
            sync(tmp);
            Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("raft: cannot write snapshot " + done, e);
        }
        prune();
        return new Stored(done, metadata, clusterId);
    }

    /** Moves a received, verified snapshot file into the store. */
    Stored adopt(Path received) {
        Stored s = read(received).orElseThrow(() -> new IllegalArgumentException("raft: received snapshot "
                + received + " is damaged"));
        Path done = dir.resolve(s.metadata().index() + "-" + s.metadata().term() + ".snap");
        try {
            sync(received);
            Files.move(received, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("raft: cannot keep received snapshot " + done, e);
        }
        prune();
        return new Stored(done, s.metadata(), s.clusterId());
    }

    /** A fresh file for a snapshot being received. */
    Path incoming(String transferId) {
        return dir.resolve("incoming-" + transferId.replaceAll("[^A-Za-z0-9-]", "_") + ".tmp");
    }

    /** The newest snapshot whose checksum holds. */
    Optional<Stored> latest() {
        for (Path p : files()) {
            Optional<Stored> s = read(p);
            if (s.isPresent()) {
                return s;
            }
            LOG.warn("raft: ignoring damaged snapshot file={}", p);
        }
        return Optional.empty();
    }

    /** Opens the state part of a snapshot file (after its header). */
    static InputStream openState(Stored s) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(s.file()), 1 << 16));
        in.readInt();
        in.readInt();
        in.readLong();
        in.readLong();
        in.readUTF();
        in.skipNBytes(in.readInt());
        long stateBytes = Files.size(s.file()) - headerBytes(s) - 8;
        return new java.io.FilterInputStream(in) {
            private long left = stateBytes;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }
        };
    }

    private static long headerBytes(Stored s) {
        return 4 + 4 + 8 + 8 + 2 + s.clusterId().getBytes(StandardCharsets.UTF_8).length + 4
                + ConfigurationCodec.encode(s.metadata().configuration()).length;
    }

    /** Reads and verifies a snapshot file's header and checksum. */
    static Optional<Stored> read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long size = Files.size(file);
            if (size < 8) {
                return Optional.empty();
            }
            CRC32C crc = new CRC32C();
            CheckedInputStream checked = new CheckedInputStream(raw, crc);
            DataInputStream in = new DataInputStream(checked);
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                return Optional.empty();
            }
            long index = in.readLong();
            long term = in.readLong();
            String clusterId = in.readUTF();
            int configLength = in.readInt();
            if (configLength < 0 || configLength > size) {
                return Optional.empty();
            }
            byte[] config = in.readNBytes(configLength);
            SnapshotMetadata metadata = new SnapshotMetadata(index, term, ConfigurationCodec.decode(config));
            Stored s = new Stored(file, metadata, clusterId);
            long state = size - headerBytes(s) - 8;
            if (state < 0) {
                return Optional.empty();
            }
            in.skipNBytes(state);
            long expected = crc.getValue();
            long stored = new DataInputStream(raw).readLong();
            return stored == expected ? Optional.of(s) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private List<Path> files() {
        try (var all = Files.list(dir)) {
            List<Path> snaps = new ArrayList<>(all.filter(p -> p.getFileName().toString().endsWith(".snap")).toList());
            snaps.sort(Comparator.comparingLong(SnapshotStore::indexOf).reversed());
            return snaps;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long indexOf(Path p) {
        String n = p.getFileName().toString();
        try {
            return Long.parseLong(n.substring(0, n.indexOf('-')));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Synchronized: the writer thread and the Raft thread (adopting a received snapshot) both prune. */
    private synchronized void prune() {
        List<Path> all = files();
        for (int i = KEEP; i < all.size(); i++) {
            try {
                Files.deleteIfExists(all.get(i));
            } catch (IOException e) {
                LOG.warn("raft: cannot delete old snapshot file={}: {}", all.get(i), e.getMessage());
            }
        }
    }

    private static void sync(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.force(true);
        }
    }

    private void syncDirectory() {
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            // not every file system lets a directory be opened for sync; the rename is still atomic
        }
    }

    /** The state machine closes what it is given; the header's stream must stay open for the checksum. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
