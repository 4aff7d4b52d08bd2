package org.proconsul.api.storage;

/** Unsigned lexicographic byte order, the order every engine keeps its keys in. */
public final class Bytes {
    private Bytes() {
    }

    public static int compare(byte[] a, byte[] b) {
        return java.util.Arrays.compareUnsigned(a, b);
    }

    /** The smallest key greater than every key starting with {@code prefix}, or null if none exists. */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return java.util.Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }
}
