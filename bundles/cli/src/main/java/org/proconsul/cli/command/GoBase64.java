package org.proconsul.cli.command;

import java.io.ByteArrayOutputStream;

/**
 * Standard padded base64 decoding with the strictness and error offsets of Go's
 * {@code base64.StdEncoding.DecodeString}: CR and LF are skipped, padding is required, and a failure names
 * the offending input byte ({@code illegal base64 data at input byte 4}).
 */
final class GoBase64 {
    private GoBase64() {
    }

    /** A decoding failure; the message is Go's. */
    static final class Base64Exception extends Exception {
        private static final long serialVersionUID = 1L;

        Base64Exception(int offset) {
            super("illegal base64 data at input byte " + offset, null, false, false);
        }
    }

    static byte[] decode(byte[] src) throws Base64Exception {
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
                    throw new Base64Exception(si - j);
                }
                int c = src[si] & 0xff;
                si++;
                if (c == '\n' || c == '\r') {
                    continue;
                }
                if (c == '=') {
                    if (j < 2) {
                        throw new Base64Exception(si - 1);
                    }
                    if (j == 2) {
                        while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                            si++;
                        }
                        if (si == src.length) {
                            throw new Base64Exception(src.length);
                        }
                        if (src[si] != '=') {
                            throw new Base64Exception(si - 1);
                        }
                        si++;
                    }
                    while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
                        si++;
                    }
                    if (si < src.length) {
                        throw new Base64Exception(si);
                    }
                    end = true;
                    break;
                }
                int v = value(c);
                if (v < 0) {
                    throw new Base64Exception(si - 1);
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
