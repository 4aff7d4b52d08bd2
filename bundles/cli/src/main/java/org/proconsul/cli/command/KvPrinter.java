package org.proconsul.cli.command;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.proconsul.cli.http.KvPair;

/**
 * The aligned {@code -detailed} view of one KV entry, laid out like Consul's (Go {@code tabwriter} with a
 * six-space gap after the widest label): {@code CreateIndex}, {@code Flags}, {@code Key}, {@code LockIndex},
 * {@code ModifyIndex}, {@code Session} ({@code -} when unlocked), optional {@code Partition}/{@code Namespace},
 * and {@code Value} unless only keys are shown.
 */
final class KvPrinter {
    private static final int GAP = 6;

    private KvPrinter() {
    }

    /** The block's bytes, without the newline the caller adds when printing it. */
    static byte[] detailed(KvPair p, boolean base64Value, boolean keysOnly) {
        String[] labels = {"CreateIndex", "Flags", "Key", "LockIndex", "ModifyIndex", "Session", "Partition",
            "Namespace"};
        String[] values = {Long.toUnsignedString(p.createIndex()), Long.toUnsignedString(p.flags()), p.key(),
            Long.toUnsignedString(p.lockIndex()), Long.toUnsignedString(p.modifyIndex()),
            p.session().isEmpty() ? "-" : p.session(), p.partition(), p.namespace()};
        int width = "CreateIndex".length() + GAP;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < labels.length; i++) {
            if (i >= 6 && values[i].isEmpty()) {
                continue;
            }
            write(out, pad(labels[i], width) + values[i] + "\n");
        }
        if (!keysOnly) {
            write(out, pad("Value", width));
            byte[] v = base64Value
                    ? Base64.getEncoder().encodeToString(p.value()).getBytes(StandardCharsets.US_ASCII)
                    : p.value();
            out.write(v, 0, v.length);
        }
        return out.toByteArray();
    }

    private static String pad(String label, int width) {
        return label + " ".repeat(width - label.length());
    }

    private static void write(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
    }
}
