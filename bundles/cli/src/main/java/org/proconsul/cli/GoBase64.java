package org.proconsul.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's {@code base64.StdEncoding.DecodeString}, including where it reports bad input: standard alphabet,
 * padding required, CR and LF skipped, and a failure names the offending input byte
 * ({@code illegal base64 data at input byte 4}). Consul prints that text verbatim, both for a bad
 * {@code encrypt} key in the agent config and for {@code kv put -base64} / {@code kv import} values.
 */
public final class GoBase64 {
    private GoBase64() {
    }

    /** Go's {@code base64.CorruptInputError}; the message is Go's. */
    public static final class CorruptInputException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptInputException(int offset) {
            super("illegal base64 data at input byte " + offset, null, false, false);
        }
    }

    /** Decodes the UTF-8 bytes of {@code text}, as Go's {@code DecodeString} sees a string. */
    public static byte[] decode(String text) throws CorruptInputException {
        return decode(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes {@code src} one quantum at a time, following Go's {@code decodeQuantum}. */
    public static byte[] decode(byte[] src) throws CorruptInputException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(src.length * 3 / 4);
        int si = 0;
        while (true) {
            int[] quantum = new int[4];
            int j = 0;
            boolean end = false;
            while (j < 4) {
                if (si == src.length) {
                    if (j == 0) {
                        return out.toByteArray();
                    }
                    // padding is required in StdEncoding: Go reports the start of the short quantum
                    throw new CorruptInputException(si - j);
                }
                int c = src[si] & 0xff;
                si++;
                if (c == '\n' || c == '\r') {
                    continue;
                }
                if (c == '=') {
                    if (j < 2) {
                        throw new CorruptInputException(si - 1);
                    }
                    if (j == 2) {
                        // "xx=" must be followed by a second '=' (newlines may sit in between)
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
                    // nothing but newlines may follow the padding
                    while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                        si++;
                    }
                    if (si < src.length) {
                        throw new CorruptInputException(si);
                    }
                    end = true;
                    break;
                }
                int v = value(c);
                if (v < 0) {
                    throw new CorruptInputException(si - 1);
                }
                quantum[j++] = v;
            }
            int bits = quantum[0] << 18 | quantum[1] << 12 | quantum[2] << 6 | quantum[3];
            if (j >= 2) {
                out.write(bits >> 16);
            }
            if (j >= 3) {
                out.write(bits >> 8);
            }
            if (j == 4) {
                out.write(bits);
            }
            if (end) {
                return out.toByteArray();
            }
        }
    }

    private static int value(int c) {
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
}
