package org.proconsul.state.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.proconsul.api.autopilot.AutopilotConfigEntry;
import org.proconsul.api.autopilot.AutopilotConfiguration;

/** Autopilot's settings in commands and in the store: version byte, then the fields in record order. */
final class AutopilotCodec {
    private static final byte VERSION = 1;

    private AutopilotCodec() {
    }

    static void write(DataOutputStream out, AutopilotConfiguration c) throws IOException {
        out.writeByte(VERSION);
        out.writeBoolean(c.cleanupDeadServers());
        out.writeLong(c.lastContactThreshold().toNanos());
        out.writeLong(c.maxTrailingLogs());
        out.writeLong(c.minQuorum());
        out.writeLong(c.serverStabilizationTime().toNanos());
        out.writeUTF(c.redundancyZoneTag());
        out.writeBoolean(c.disableUpgradeMigration());
        out.writeUTF(c.upgradeVersionTag());
    }

    static AutopilotConfiguration read(DataInputStream in) throws IOException {
        byte version = in.readByte();
        if (version != VERSION) {
            throw new AssertionError("state: unsupported autopilot settings version " + version);
        }
        return new AutopilotConfiguration(in.readBoolean(), Duration.ofNanos(in.readLong()), in.readLong(),
                in.readLong(), Duration.ofNanos(in.readLong()), in.readUTF(), in.readBoolean(), in.readUTF());
    }

    static byte[] encodeEntry(AutopilotConfigEntry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out, entry.config());
            out.writeLong(entry.createIndex());
            out.writeLong(entry.modifyIndex());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static AutopilotConfigEntry decodeEntry(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            return new AutopilotConfigEntry(read(in), in.readLong(), in.readLong());
        } catch (IOException e) {
            throw new AssertionError("state: corrupt autopilot settings", e);
        }
    }
}
