package org.proconsul.state.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.proconsul.api.autopilot.AutopilotConfiguration;
import org.proconsul.api.kv.KvTxnOp;
import org.proconsul.api.kv.KvVerb;

/**
 * The commands of the state machine and their wire form: a type byte, a version byte, then the
 * payload. Type codes are fixed forever; never reorder or reuse them.
 */
sealed interface Command {

    byte TYPE_KV = 1;
    byte TYPE_REAP_TOMBSTONES = 2;
    byte TYPE_AUTOPILOT_CONFIG = 3;
    byte TYPE_RESTORE_CHUNK = 4;
    byte TYPE_RESTORE_FINISH = 5;
    byte TYPE_CATALOG_REGISTER = 6;
    byte TYPE_CATALOG_DEREGISTER = 7;
    byte TYPE_SESSION_CREATE = 8;
    byte TYPE_SESSION_DESTROY = 9;
    byte VERSION = 1;

    /**
     * KV operations applied atomically. {@code single} marks a plain {@code /v1/kv} request, whose
     * failures answer {@code false} instead of a transaction error list.
     */
    record Kv(boolean single, List<KvTxnOp> ops) implements Command {
    }

    /** Drops delete tombstones at or below {@code upToIndex} (issued by the leader's tombstone reaper). */
    record ReapTombstones(long upToIndex) implements Command {
    }

    /** Replaces autopilot's settings, unconditionally or under a condition (wire codes fixed forever). */
    record SetAutopilotConfig(AutopilotConfiguration config, Condition condition, long casIndex) implements Command {
    }

    /**
     * Part {@code seq} of a snapshot restore's state stream, kept in the replicated {@code restore} table
     * until its finish, so a Raft snapshot taken in between carries the parts written so far.
     */
    record RestoreChunk(String restoreId, int seq, byte[] data) implements Command {
    }

    /**
     * Ends restore {@code restoreId}: with {@code abort} its parts are dropped; otherwise parts
     * {@code 0..chunks-1}, whose bytes must hash to {@code sha256}, replace the whole state.
     */
    record RestoreFinish(String restoreId, int chunks, String sha256, boolean abort) implements Command {
    }

    /** Consul's catalog register: a node, optionally one service, and checks. */
    record CatalogRegister(org.proconsul.api.catalog.Registration registration) implements Command {
    }

    /** Consul's catalog deregister: a node with everything on it, one service with its checks, or one check. */
    record CatalogDeregister(org.proconsul.api.catalog.Deregistration deregistration) implements Command {
    }

    /** A new session, its id chosen by the server that took the request. */
    record SessionCreate(org.proconsul.api.session.Session session) implements Command {
    }

    /** Ends a session (destroy, TTL expiry): its behavior applies to its keys and their lock delay starts. */
    record SessionDestroy(String id) implements Command {
    }

    /** When a settings write lands. */
    enum Condition {
        /** Always. */
        ALWAYS,
        /** Only if the stored settings were last written at the given index (none stored: never), as {@code ?cas=}. */
        CHECK_AND_SET,
        /** Only if nothing is stored yet: the leader seeding the agent configuration's block. */
        IF_ABSENT
    }

    static byte[] encode(Command command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (command instanceof Kv kv) {
                out.writeByte(TYPE_KV);
                out.writeByte(VERSION);
                out.writeBoolean(kv.single());
                out.writeInt(kv.ops().size());
                for (KvTxnOp op : kv.ops()) {
                    out.writeUTF(op.verb().wireName());
                    writeBlob(out, Codec.utf8(op.key()));
                    writeBlob(out, op.value());
                    out.writeLong(op.flags());
                    out.writeLong(op.index());
                    out.writeUTF(op.session() == null ? "" : op.session());
                }
            } else if (command instanceof ReapTombstones reap) {
                out.writeByte(TYPE_REAP_TOMBSTONES);
                out.writeByte(VERSION);
                out.writeLong(reap.upToIndex());
            } else if (command instanceof SetAutopilotConfig set) {
                out.writeByte(TYPE_AUTOPILOT_CONFIG);
                out.writeByte(VERSION);
                AutopilotCodec.write(out, set.config());
                out.writeByte(set.condition().ordinal());
                out.writeLong(set.casIndex());
            } else if (command instanceof RestoreChunk chunk) {
                out.writeByte(TYPE_RESTORE_CHUNK);
                out.writeByte(VERSION);
                out.writeUTF(chunk.restoreId());
                out.writeInt(chunk.seq());
                writeBlob(out, chunk.data());
            } else if (command instanceof RestoreFinish finish) {
                out.writeByte(TYPE_RESTORE_FINISH);
                out.writeByte(VERSION);
                out.writeUTF(finish.restoreId());
                out.writeInt(finish.chunks());
                out.writeUTF(finish.sha256());
                out.writeBoolean(finish.abort());
            } else if (command instanceof CatalogRegister register) {
                org.proconsul.api.catalog.Registration r = register.registration();
                out.writeByte(TYPE_CATALOG_REGISTER);
                out.writeByte(VERSION);
                org.proconsul.api.catalog.CatalogWire.writeNode(out, r.node());
                out.writeBoolean(r.service() != null);
                if (r.service() != null) {
                    org.proconsul.api.catalog.CatalogWire.writeService(out, r.service());
                }
                out.writeInt(r.checks().size());
                for (org.proconsul.api.catalog.HealthCheck c : r.checks()) {
                    org.proconsul.api.catalog.CatalogWire.writeCheck(out, c);
                }
                out.writeBoolean(r.skipNodeUpdate());
            } else if (command instanceof CatalogDeregister deregister) {
                org.proconsul.api.catalog.Deregistration d = deregister.deregistration();
                out.writeByte(TYPE_CATALOG_DEREGISTER);
                out.writeByte(VERSION);
                out.writeUTF(d.node());
                out.writeUTF(d.serviceId());
                out.writeUTF(d.checkId());
            } else if (command instanceof SessionCreate create) {
                out.writeByte(TYPE_SESSION_CREATE);
                out.writeByte(VERSION);
                SessionCodec.write(out, create.session());
            } else if (command instanceof SessionDestroy destroy) {
                out.writeByte(TYPE_SESSION_DESTROY);
                out.writeByte(VERSION);
                out.writeUTF(destroy.id());
            } else {
                throw new AssertionError("unknown command " + command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Command decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte type = in.readByte();
            byte version = in.readByte();
            if (version != VERSION) {
                throw new AssertionError("state: unsupported command version " + version + " type=" + type);
            }
            switch (type) {
                case TYPE_KV: {
                    boolean single = in.readBoolean();
                    int n = in.readInt();
                    List<KvTxnOp> ops = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        String verbName = in.readUTF();
                        KvVerb verb = KvVerb.fromWire(verbName);
                        if (verb == null) {
                            throw new AssertionError("state: unknown kv verb " + verbName);
                        }
                        String key = Codec.string(readBlob(in));
                        byte[] value = readBlob(in);
                        long flags = in.readLong();
                        long index = in.readLong();
                        String session = in.readUTF();
                        ops.add(new KvTxnOp(verb, key, value, flags, index, session.isEmpty() ? null : session));
                    }
                    return new Kv(single, ops);
                }
                case TYPE_REAP_TOMBSTONES:
                    return new ReapTombstones(in.readLong());
                case TYPE_AUTOPILOT_CONFIG:
                    return new SetAutopilotConfig(AutopilotCodec.read(in), condition(in.readByte()), in.readLong());
                case TYPE_RESTORE_CHUNK:
                    return new RestoreChunk(in.readUTF(), in.readInt(), readBlob(in));
                case TYPE_RESTORE_FINISH:
                    return new RestoreFinish(in.readUTF(), in.readInt(), in.readUTF(), in.readBoolean());
                case TYPE_CATALOG_REGISTER: {
                    org.proconsul.api.catalog.CatalogNode node = org.proconsul.api.catalog.CatalogWire.readNode(in);
                    org.proconsul.api.catalog.CatalogService service = in.readBoolean() ? org.proconsul.api.catalog.CatalogWire.readService(in)
                            : null;
                    int n = in.readInt();
                    List<org.proconsul.api.catalog.HealthCheck> checks = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        checks.add(org.proconsul.api.catalog.CatalogWire.readCheck(in));
                    }
                    return new CatalogRegister(new org.proconsul.api.catalog.Registration(node, service, checks,
                            in.readBoolean()));
                }
                case TYPE_CATALOG_DEREGISTER:
                    return new CatalogDeregister(new org.proconsul.api.catalog.Deregistration(in.readUTF(), in.readUTF(),
                            in.readUTF()));
                case TYPE_SESSION_CREATE:
                    return new SessionCreate(SessionCodec.read(in));
                case TYPE_SESSION_DESTROY:
                    return new SessionDestroy(in.readUTF());
                default:
                    throw new AssertionError("state: unknown command type " + type);
            }
        } catch (IOException e) {
            throw new AssertionError("state: corrupt command", e);
        }
    }

    private static Condition condition(byte code) {
        if (code < 0 || code >= Condition.values().length) {
            throw new AssertionError("state: unknown settings write condition " + code);
        }
        return Condition.values()[code];
    }

    private static void writeBlob(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBlob(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0) {
            throw new AssertionError("state: negative blob length");
        }
        return in.readNBytes(len);
    }
}
