package org.proconsul.gossip.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Gossip encryption keys: the primary key seals what this agent sends; every installed key is tried to
 * open what it receives, so a pool can rotate keys without a flag day (install everywhere, use, remove).
 * Thread-safe: every method is synchronized and the key list is copied on change.
 */
final class Keyring {
    /** A key change refused, with the text operators see. */
    static final class KeyringException extends Exception {
        private static final long serialVersionUID = 1L;

        KeyringException(String message) {
            super(message);
        }
    }

    private List<byte[]> keys;

    private Keyring(List<byte[]> keys) {
        this.keys = List.copyOf(keys);
    }

    /** A keyring with {@code primary} first; null or empty means encryption off. */
    static Keyring of(List<byte[]> keysPrimaryFirst) {
        return new Keyring(keysPrimaryFirst);
    }

    static Keyring disabled() {
        return new Keyring(List.of());
    }

    /** Decodes a base64 key as Consul's {@code encrypt} takes it: 16, 24 or 32 bytes. */
    static byte[] decodeKey(String base64) throws KeyringException {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new KeyringException("Invalid key: " + e.getMessage());
        }
        checkSize(key);
        return key;
    }

    private static void checkSize(byte[] key) throws KeyringException {
        if (key.length != 16 && key.length != 24 && key.length != 32) {
            throw new KeyringException("key size must be 16, 24 or 32 bytes");
        }
    }

    synchronized boolean enabled() {
        return !keys.isEmpty();
    }

    synchronized byte[] primary() {
        return keys.isEmpty() ? null : keys.get(0);
    }

    /** Every key, primary first. */
    synchronized List<byte[]> keys() {
        return keys;
    }

    /** Adds a key as a secondary; installing a key twice changes nothing. */
    synchronized void install(byte[] key) throws KeyringException {
        checkSize(key);
        if (indexOf(key) >= 0) {
            return;
        }
        List<byte[]> next = new ArrayList<>(keys);
        next.add(key);
        keys = List.copyOf(next);
    }

    /** Makes an installed key the primary. */
    synchronized void use(byte[] key) throws KeyringException {
        int at = indexOf(key);
        if (at < 0) {
            throw new KeyringException("Requested key is not in the keyring");
        }
        List<byte[]> next = new ArrayList<>(keys);
        next.add(0, next.remove(at));
        keys = List.copyOf(next);
    }

    /** Removes a secondary key; the primary cannot be removed (use another key first). */
    synchronized void remove(byte[] key) throws KeyringException {
        int at = indexOf(key);
        if (at == 0) {
            throw new KeyringException("Removing the primary key is not allowed");
        }
        if (at < 0) {
            return;
        }
        List<byte[]> next = new ArrayList<>(keys);
        next.remove(at);
        keys = List.copyOf(next);
    }

    private int indexOf(byte[] key) {
        for (int i = 0; i < keys.size(); i++) {
            if (Arrays.equals(keys.get(i), key)) {
                return i;
            }
        }
        return -1;
    }

    /** The keys as Consul lists them: base64, primary first. */
    synchronized List<String> encoded() {
        List<String> out = new ArrayList<>();
        for (byte[] k : keys) {
            out.add(Base64.getEncoder().encodeToString(k));
        }
        return out;
    }
}
