package org.proconsul.state.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.proconsul.api.session.Session;

/** A session's stored and wire form: a version byte, then its fields (durations in nanoseconds, -1 = none). */
final class SessionCodec {
    private static final byte VERSION = 1;

    private SessionCodec() {
    }

    static void write(DataOutputStream out, Session s) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(s.id());
        out.writeUTF(s.name());
        out.writeUTF(s.node());
        out.writeLong(s.lockDelay().toNanos());
        out.writeUTF(s.behavior());
        out.writeLong(s.ttl() == null ? -1 : s.ttl().toNanos());
        writeList(out, s.nodeChecks());
        writeList(out, s.serviceChecks());
        out.writeLong(s.createIndex());
        out.writeLong(s.modifyIndex());
    }

    static Session read(DataInputStream in) throws IOException {
        byte v = in.readByte();
        if (v != VERSION) {
            throw new IOException("unsupported session record version " + v);
        }
        String id = in.readUTF();
        String name = in.readUTF();
        String node = in.readUTF();
        Duration lockDelay = Duration.ofNanos(in.readLong());
        String behavior = in.readUTF();
        long ttl = in.readLong();
        List<String> nodeChecks = readList(in);
        List<String> serviceChecks = readList(in);
        return new Session(id, name, node, lockDelay, behavior, ttl < 0 ? null : Duration.ofNanos(ttl), nodeChecks,
                serviceChecks, in.readLong(), in.readLong());
    }

    static byte[] encode(Session s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Session decode(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            return read(in);
        } catch (IOException e) {
            throw new AssertionError("state: corrupt session record", e);
        }
    }

    private static void writeList(DataOutputStream out, List<String> items) throws IOException {
        out.writeInt(items.size());
        for (String s : items) {
            out.writeUTF(s);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative list length");
        }
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(in.readUTF());
        }
        return out;
    }
}
