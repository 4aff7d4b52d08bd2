package org.proconsul.gossip.core.wire;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/** Bounds-checked reader: every read that would run past the end raises {@link Bad}, caught by the codec. */
final class ByteReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    ByteReader(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    /** Internal signal for undecodable input; never escapes {@link WireCodec}. No stack trace: garbage is cheap. */
    static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;
        final DropReason reason;

        Bad(DropReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    int remaining() {
        return end - pos;
    }

    int position() {
        return pos;
    }

    private void need(int n, String what) throws Bad {
        if (n < 0 || end - pos < n) {
            throw new Bad(DropReason.TRUNCATED, what);
        }
    }

    int u8(String what) throws Bad {
        need(1, what);
        return buf[pos++] & 0xff;
    }

    int u16(String what) throws Bad {
        need(2, what);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    int i32(String what) throws Bad {
        need(4, what);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    long i64(String what) throws Bad {
        need(8, what);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buf[pos++] & 0xff);
        }
        return v;
    }

    boolean bool(String what) throws Bad {
        int v = u8(what);
        if (v > 1) {
            throw new Bad(DropReason.MALFORMED, what + " is not a boolean");
        }
        return v == 1;
    }

    byte[] raw(int n, String what) throws Bad {
        need(n, what);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** A u16-prefixed strict UTF-8 string of at most {@code maxBytes}. */
    String str(int maxBytes, String what) throws Bad {
        int len = u16(what);
        if (len > maxBytes) {
            throw new Bad(DropReason.OVERSIZED, what + " is " + len + " bytes, bound " + maxBytes);
        }
        need(len, what);
        boolean ascii = true;
        for (int i = pos; i < pos + len; i++) {
            if (buf[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            // the common case (names, addresses, tag keys) needs no decoder
            String s = new String(buf, pos, len, StandardCharsets.US_ASCII);
            pos += len;
            return s;
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(buf, pos, len)).toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw new Bad(DropReason.MALFORMED, what + " is not UTF-8");
        }
    }

    byte[] blob(int maxBytes, String what) throws Bad {
        int len = i32(what);
        if (len < 0 || len > maxBytes) {
            throw new Bad(DropReason.OVERSIZED, what + " length " + len + ", bound " + maxBytes);
        }
        return raw(len, what);
    }
}
