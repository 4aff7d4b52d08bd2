package org.proconsul.api.catalog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;


/**
 * Catalog records as bytes: in state-machine commands, in the store, and between an agent and a server.
 * Each record is a version byte, then its fields in record order.
 */
public final class CatalogWire {
    private static final byte VERSION = 1;

    private CatalogWire() {
    }

    public static void writeNode(DataOutputStream out, CatalogNode n) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(n.id());
        out.writeUTF(n.name());
        out.writeUTF(n.address());
        out.writeUTF(n.datacenter());
        writeMap(out, n.taggedAddresses());
        writeMap(out, n.meta());
        out.writeLong(n.createIndex());
        out.writeLong(n.modifyIndex());
    }

    public static CatalogNode readNode(DataInputStream in) throws IOException {
        version(in, "node");
        return new CatalogNode(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), readMap(in), readMap(in),
                in.readLong(), in.readLong());
    }

    public static void writeService(DataOutputStream out, CatalogService s) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(s.id());
        out.writeUTF(s.name());
        writeList(out, s.tags());
        out.writeUTF(s.address());
        writeMap(out, s.meta());
        out.writeInt(s.port());
        out.writeInt(s.weightPassing());
        out.writeInt(s.weightWarning());
        out.writeBoolean(s.enableTagOverride());
        out.writeLong(s.createIndex());
        out.writeLong(s.modifyIndex());
    }

    public static CatalogService readService(DataInputStream in) throws IOException {
        version(in, "service");
        return new CatalogService(in.readUTF(), in.readUTF(), readList(in), in.readUTF(), readMap(in), in.readInt(),
                in.readInt(), in.readInt(), in.readBoolean(), in.readLong(), in.readLong());
    }

    public static void writeCheck(DataOutputStream out, HealthCheck c) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(c.node());
        out.writeUTF(c.checkId());
        out.writeUTF(c.name());
        out.writeUTF(c.status());
        out.writeUTF(c.notes());
        writeLongString(out, c.output());
        out.writeUTF(c.serviceId());
        out.writeUTF(c.serviceName());
        writeList(out, c.serviceTags());
        out.writeUTF(c.type());
        out.writeLong(c.createIndex());
        out.writeLong(c.modifyIndex());
    }

    public static HealthCheck readCheck(DataInputStream in) throws IOException {
        version(in, "check");
        return new HealthCheck(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(),
                readLongString(in), in.readUTF(), in.readUTF(), readList(in), in.readUTF(), in.readLong(), in.readLong());
    }

    public static byte[] node(CatalogNode n) {
        return encode(out -> writeNode(out, n));
    }

    public static byte[] service(CatalogService s) {
        return encode(out -> writeService(out, s));
    }

    public static byte[] check(HealthCheck c) {
        return encode(out -> writeCheck(out, c));
    }

    public static CatalogNode node(byte[] stored) {
        return decode(stored, CatalogWire::readNode);
    }

    public static CatalogService service(byte[] stored) {
        return decode(stored, CatalogWire::readService);
    }

    public static HealthCheck check(byte[] stored) {
        return decode(stored, CatalogWire::readCheck);
    }

    /** Check output can exceed writeUTF's 64 KiB (a script's whole stdout). */
    private static void writeLongString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readLongString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("string of " + n + " bytes does not fit");
        }
        return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeMap(DataOutputStream out, Map<String, String> map) throws IOException {
        Map<String, String> sorted = new TreeMap<>(map);
        out.writeInt(sorted.size());
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static Map<String, String> readMap(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(in.readUTF(), in.readUTF());
        }
        return map;
    }

    private static void writeList(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            out.writeUTF(s);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> list = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            list.add(in.readUTF());
        }
        return list;
    }

    private static void version(DataInputStream in, String what) throws IOException {
        byte v = in.readByte();
        if (v != VERSION) {
            throw new IOException("unsupported " + what + " record version " + v);
        }
    }

    /** A list of checks, as a server answers a client agent's read of a node's checks. */
    public static byte[] checks(List<HealthCheck> checks) {
        return encode(out -> {
            out.writeByte(VERSION);
            out.writeInt(checks.size());
            for (HealthCheck c : checks) {
                writeCheck(out, c);
            }
        });
    }

    public static List<HealthCheck> checks(byte[] bytes) {
        return decode(bytes, in -> {
            version(in, "check list");
            int n = in.readInt();
            List<HealthCheck> checks = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                checks.add(readCheck(in));
            }
            return checks;
        });
    }

    /** A node's whole local state, as an agent sends it to a server for anti-entropy. */
    public static byte[] nodeState(NodeState state) {
        return encode(out -> {
            out.writeByte(VERSION);
            writeNode(out, state.node());
            out.writeInt(state.services().size());
            for (CatalogService s : state.services()) {
                writeService(out, s);
            }
            out.writeInt(state.checks().size());
            for (HealthCheck c : state.checks()) {
                writeCheck(out, c);
            }
        });
    }

    public static NodeState nodeState(byte[] bytes) {
        return decode(bytes, in -> {
            version(in, "node state");
            CatalogNode node = readNode(in);
            int n = in.readInt();
            List<CatalogService> services = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                services.add(readService(in));
            }
            int m = in.readInt();
            List<HealthCheck> checks = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                checks.add(readCheck(in));
            }
            return new NodeState(node, services, checks);
        });
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] encode(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T decode(byte[] stored, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt catalog record: " + e.getMessage(), e);
        }
    }
}
