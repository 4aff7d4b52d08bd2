package org.proconsul.rpc.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Length-prefixed frames: a 4-byte big-endian length, then that many bytes. A length above the bound
 * is refused before anything is allocated, so a hostile peer cannot make us reserve memory it did not send.
 */
final class Frames {
    /** The first byte of a connection that carries multiplexed calls; message channels use theirs. */
    static final int CALL_CHANNEL = 1;

    private Frames() {
    }

    /** A frame that breaks the protocol; the message says how, for the log line that closes the connection. */
    static final class BadFrame extends IOException {
        private static final long serialVersionUID = 1L;

        BadFrame(String reason) {
            super(reason);
        }
    }

    /** Reads one frame; null at a clean end of stream (between frames). */
    static byte[] read(DataInputStream in, int maxBytes) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
        if (length < 0 || length > maxBytes) {
            throw new BadFrame("frame of " + Integer.toUnsignedString(length) + " bytes exceeds the limit of "
                    + maxBytes);
        }
        // read as it arrives (the buffer grows with the bytes received), so a header promising 32 MiB that is
        // never followed by them costs nothing
        byte[] frame = in.readNBytes(length);
        if (frame.length != length) {
            throw new BadFrame("connection closed in the middle of a frame");
        }
        return frame;
    }

    static void write(DataOutputStream out, byte[] frame) throws IOException {
        out.writeInt(frame.length);
        out.write(frame);
    }
}
