package org.proconsul.raft.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binary form of a {@link Configuration} inside {@link EntryType#CONFIGURATION} entries and snapshots. The
 * leading byte is the format version so that a later release can add fields while still reading old logs.
 *
 * <pre>
 * version 1: u8 version=1, i32 count, then per server: UTF id, UTF address, bool voter
 * </pre>
 */
public final class ConfigurationCodec {

    public static final byte VERSION_1 = 1;
    /** A limit on decoding, so that a corrupt count cannot make us allocate without bound. */
    public static final int MAX_SERVERS = 1024;

    private ConfigurationCodec() {
    }

    public static byte[] encode(Configuration configuration) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION_1);
            out.writeInt(configuration.servers().size());
            for (Server server : configuration.servers()) {
                out.writeUTF(server.id());
                out.writeUTF(server.address());
                out.writeBoolean(server.voter());
            }
        } catch (IOException e) {
            // a ByteArrayOutputStream cannot fail; reaching this is a JDK bug, not an operating error
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes {@code data}; throws {@link IllegalArgumentException} naming the problem for malformed input. */
    public static Configuration decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION_1) {
                throw new IllegalArgumentException("unknown configuration format version " + version);
            }
            int count = in.readInt();
            if (count < 0 || count > MAX_SERVERS) {
                throw new IllegalArgumentException("configuration server count out of range: " + count);
            }
            List<Server> servers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                servers.add(new Server(in.readUTF(), in.readUTF(), in.readBoolean()));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException("trailing bytes after configuration: " + in.available());
            }
            return new Configuration(servers);
        } catch (EOFException e) {
            throw new IllegalArgumentException("truncated configuration", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed configuration: " + e.getMessage(), e);
        }
    }
}
