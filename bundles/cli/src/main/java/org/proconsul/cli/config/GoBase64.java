package org.proconsul.cli.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's {@code base64.StdEncoding.DecodeString}, including where it reports bad input: Consul's message for
 * a bad {@code encrypt} value is {@code encrypt has invalid key: illegal base64 data at input byte N}.
 * Standard alphabet, padding required, CR and LF ignored.
 */
final class GoBase64 {

    private GoBase64() {
    }

    /** Go's {@code base64.CorruptInputError}. */
    static final class CorruptInputException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptInputException(long offset) {
            super("illegal base64 data at input byte " + offset);
        }
    }

    private static int decodeChar(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        if (c == '+') {
            return 62;
        }
        if (c == '/') {
            return 63;
        }
        return -1;
    }

    static byte[] decode(String text) throws CorruptInputException {
        byte[] src = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int si = 0;
        while (si < src.length) {
            // one quantum, following Go's decodeQuantum
            int[] dbuf = new int[4];
            int dlen = 4;
            int j = 0;
            boolean end = false;
            CorruptInputException trailing = null;
            while (j < 4) {
                if (si == src.length) {
                    if (j == 0) {
                        return out.toByteArray();
                    }
                    // padding is required in StdEncoding
                    throw new CorruptInputException(si - j);
                }
                int in = src[si] & 0xff;
                si++;
                int v = decodeChar(in);
                if (v >= 0) {
                    dbuf[j] = v;
                    j++;
                    continue;
                }
                if (in == '\n' || in == '\r') {
                    continue;
                }
                if (in != '=') {
                    throw new CorruptInputException(si - 1);
                }
                // padding
                if (j == 0 || j == 1) {
                    throw new CorruptInputException(si - 1);
                }
                if (j == 2) {
                    while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                        si++;
                    }
                    if (si == src.length) {
                        throw new CorruptInputException(src.length);
                    }
                    if (src[si] != '=') {
                        throw new CorruptInputException(si - 1);
                    }
                    si++;
                }
                while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                    si++;
                }
                if (si < src.length) {
                    trailing = new CorruptInputException(si);
                }
                dlen = j;
                end = true;
                break;
            }
            int val = (dbuf[0] << 18) | (dbuf[1] << 12) | (dbuf[2] << 6) | dbuf[3];
            byte b0 = (byte) (val >> 16);
            byte b1 = (byte) (val >> 8);
            byte b2 = (byte) val;
            switch (dlen) {
                case 4 -> {
                    out.write(b0);
                    out.write(b1);
                    out.write(b2);
                }
                case 3 -> {
                    out.write(b0);
                    out.write(b1);
                }
                case 2 -> out.write(b0);
                default -> {
                }
            }
            if (trailing != null) {
                throw trailing;
            }
            if (end) {
                return out.toByteArray();
            }
        }
        return out.toByteArray();
    }
}
