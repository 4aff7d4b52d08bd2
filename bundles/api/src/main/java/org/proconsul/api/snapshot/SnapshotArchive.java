package org.proconsul.api.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The file {@code consul snapshot save} writes, laid out as Consul's: a gzipped tar holding
 * {@code meta.json}, {@code state.bin} and {@code SHA256SUMS} (one {@code <hex>  <name>} line per file).
 * {@code state.bin} is Proconsul's state stream, so archives move between Proconsul clusters, not to or
 * from Consul. Reading checks every sum before anything trusts the contents.
 */
public final class SnapshotArchive {
    public static final String META = "meta.json";
    public static final String STATE = "state.bin";
    public static final String SUMS = "SHA256SUMS";
    private static final int BLOCK = 512;
    private static final int MAX_SMALL_FILE = 1 << 20;

    /** What an archive holds besides the state, which {@link #read} wrote to a file. */
    public record Contents(byte[] meta, long stateBytes) {
    }

    /** An archive that is not one, or whose contents do not match its sums; the message says which. */
    public static final class InvalidArchiveException extends IOException {
        private static final long serialVersionUID = 1L;

        public InvalidArchiveException(String message) {
            super(message);
        }
    }

    private SnapshotArchive() {
    }

    /** Writes {@code meta} and the state file as an archive to {@code out} (not closed). */
    public static void write(byte[] meta, Path state, OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16);
        long mtime = System.currentTimeMillis() / 1000;
        String stateSum;
        entry(gz, META, meta.length, mtime);
        gz.write(meta);
        pad(gz, meta.length);
        long size = Files.size(state);
        entry(gz, STATE, size, mtime);
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(state)) {
            byte[] buf = new byte[1 << 16];
            long copied = 0;
            for (int n; (n = in.read(buf)) > 0; copied += n) {
                digest.update(buf, 0, n);
                gz.write(buf, 0, n);
            }
            if (copied != size) {
                throw new IOException("snapshot: the state file changed while it was archived");
            }
        }
        stateSum = HexFormat.of().formatHex(digest.digest());
        pad(gz, size);
        byte[] sums = (HexFormat.of().formatHex(sha256().digest(meta)) + "  " + META + "\n" + stateSum + "  " + STATE
                + "\n").getBytes(StandardCharsets.UTF_8);
        entry(gz, SUMS, sums.length, mtime);
        gz.write(sums);
        pad(gz, sums.length);
        gz.write(new byte[2 * BLOCK]);
        gz.finish();
    }

    /**
     * Reads an archive, writing {@code state.bin} to {@code stateFile}; checks both sums. Throws
     * {@link InvalidArchiveException} for anything that is not a complete, intact archive.
     */
    public static Contents read(InputStream in, Path stateFile) throws IOException {
        InputStream tar;
        try {
            tar = new GZIPInputStream(in, 1 << 16);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidArchiveException("not a snapshot archive (gzip): " + e.getMessage());
        }
        Map<String, String> sums = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        byte[] meta = null;
        long stateBytes = -1;
        byte[] header = new byte[BLOCK];
        try {
            while (true) {
                if (tar.readNBytes(header, 0, BLOCK) < BLOCK) {
                    throw new InvalidArchiveException("snapshot archive is truncated");
                }
                if (allZero(header)) {
                    break;
                }
                checkHeader(header);
                String name = text(header, 0, 100);
                long size = octal(header, 124, 12);
                switch (name) {
                    case META -> {
                        meta = small(tar, size, name);
                        actual.put(META, HexFormat.of().formatHex(sha256().digest(meta)));
                    }
                    case STATE -> {
                        MessageDigest digest = sha256();
                        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(stateFile), digest)) {
                            copy(tar, out, size);
                        }
                        stateBytes = size;
                        actual.put(STATE, HexFormat.of().formatHex(digest.digest()));
                    }
                    case SUMS -> parseSums(new String(small(tar, size, name), StandardCharsets.UTF_8), sums);
                    default -> throw new InvalidArchiveException("unexpected file in snapshot archive: " + name);
                }
                skipPadding(tar, size);
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new InvalidArchiveException("snapshot archive is damaged: " + e.getMessage());
        }
        for (String name : new String[] {META, STATE}) {
            if (!actual.containsKey(name)) {
                throw new InvalidArchiveException("snapshot archive has no " + name);
            }
            String expected = sums.get(name);
            if (expected == null) {
                throw new InvalidArchiveException("snapshot archive has no checksum for " + name);
            }
            if (!expected.equalsIgnoreCase(actual.get(name))) {
                throw new InvalidArchiveException("checksum mismatch for " + name + ": the archive is corrupt");
            }
        }
        return new Contents(meta, stateBytes);
    }

    private static void parseSums(String text, Map<String, String> sums) throws InvalidArchiveException {
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int gap = line.indexOf("  ");
            if (gap != 64) {
                throw new InvalidArchiveException("malformed " + SUMS + " line: " + line);
            }
            sums.put(line.substring(gap + 2).trim(), line.substring(0, gap));
        }
    }

    private static byte[] small(InputStream in, long size, String name) throws IOException {
        if (size > MAX_SMALL_FILE) {
            throw new InvalidArchiveException(name + " of " + size + " bytes is too large");
        }
        byte[] out = in.readNBytes((int) size);
        if (out.length < size) {
            throw new InvalidArchiveException("snapshot archive is truncated in " + name);
        }
        return out;
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new InvalidArchiveException("snapshot archive is truncated in " + STATE);
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void skipPadding(InputStream in, long size) throws IOException {
        int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
        if (in.readNBytes(padding).length < padding) {
            throw new InvalidArchiveException("snapshot archive is truncated");
        }
    }

    private static void entry(OutputStream out, String name, long size, long mtime) throws IOException {
        byte[] h = new byte[BLOCK];
        put(h, 0, name, 100);
        put(h, 100, "0000644", 8);
        put(h, 108, "0000000", 8);
        put(h, 116, "0000000", 8);
        put(h, 124, String.format("%011o", size), 12);
        put(h, 136, String.format("%011o", mtime), 12);
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = '0';
        put(h, 257, "ustar", 6);
        put(h, 263, "00", 2);
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum), 7);
        h[155] = ' ';
        out.write(h);
    }

    private static void checkHeader(byte[] h) throws InvalidArchiveException {
        long expected = octal(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : h[i] & 0xff;
        }
        if (sum != expected) {
            throw new InvalidArchiveException("snapshot archive has a damaged tar header");
        }
        if (h[156] != '0' && h[156] != 0) {
            throw new InvalidArchiveException("unexpected entry type in snapshot archive: " + text(h, 0, 100));
        }
    }

    private static void pad(OutputStream out, long size) throws IOException {
        int padding = (int) ((BLOCK - size % BLOCK) % BLOCK);
        out.write(new byte[padding]);
    }

    private static void put(byte[] h, int at, String value, int width) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, Math.min(b.length, width));
    }

    private static String text(byte[] h, int at, int width) {
        int end = at;
        while (end < at + width && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int at, int width) throws InvalidArchiveException {
        String s = text(h, at, width).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new InvalidArchiveException("snapshot archive has a damaged tar header");
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
