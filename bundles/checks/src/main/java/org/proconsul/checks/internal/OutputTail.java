package org.proconsul.checks.internal;

/** The last 4 KiB of a stream of bytes and how many went by, in fixed memory (Consul's circular buffer). */
final class OutputTail {
    private final byte[] ring = new byte[IntervalRules.OUTPUT_MAX];
    private long total;

    synchronized void write(byte[] buf, int off, int len) {
        for (int i = 0; i < len; i++) {
            ring[(int) ((total + i) % ring.length)] = buf[off + i];
        }
        total += len;
    }

    synchronized void write(java.nio.ByteBuffer buf) {
        byte[] copy = new byte[buf.remaining()];
        buf.get(copy);
        write(copy, 0, copy.length);
    }

    /** The bytes kept, oldest first. */
    synchronized byte[] kept() {
        int n = (int) Math.min(total, ring.length);
        byte[] out = new byte[n];
        int start = (int) ((total - n) % ring.length);
        for (int i = 0; i < n; i++) {
            out[i] = ring[(start + i) % ring.length];
        }
        return out;
    }

    synchronized long total() {
        return total;
    }

    /** Consul's body of an HTTP check output: the tail, no notice. */
    String text() {
        return new String(kept(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Consul's output of a script: the tail, with a notice when output was dropped. */
    String captured() {
        return IntervalRules.tail(kept(), total());
    }
}
