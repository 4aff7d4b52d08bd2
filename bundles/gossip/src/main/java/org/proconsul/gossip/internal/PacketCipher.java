package org.proconsul.gossip.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals gossip packets and streams with AES-GCM under the keyring's primary key, and opens them with
 * any installed key. The cluster label is authenticated as associated data, so a packet of another
 * pool fails to open even with the same key. Layout: version byte 1, 12-byte random nonce, then the
 * ciphertext with its 16-byte tag.
 */
final class PacketCipher {
    static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Version, nonce and tag: what sealing adds to a payload. */
    static final int OVERHEAD = 1 + NONCE_BYTES + TAG_BITS / 8;

    /** Why a packet could not be opened; the driver counts these and drops the packet. */
    enum Rejection { TOO_SHORT, UNKNOWN_VERSION, NO_KEY_MATCHED }

    /** The outcome of {@link #open}: the plaintext, or the reason it was dropped. */
    record Opened(byte[] plaintext, Rejection rejection) {
        boolean ok() {
            return rejection == null;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final byte[] label;

    PacketCipher(String label) {
        this.label = label.getBytes(StandardCharsets.UTF_8);
    }

    byte[] seal(byte[] primaryKey, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(primaryKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(label);
            byte[] sealed = gcm.doFinal(plaintext);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new AssertionError("AES-GCM unavailable or key rejected after validation", e);
        }
    }

    Opened open(List<byte[]> keys, byte[] packet) {
        if (packet.length < OVERHEAD) {
            return new Opened(null, Rejection.TOO_SHORT);
        }
        if (packet[0] != VERSION) {
            return new Opened(null, Rejection.UNKNOWN_VERSION);
        }
        GCMParameterSpec spec = new GCMParameterSpec(TAG_BITS, packet, 1, NONCE_BYTES);
        for (byte[] key : keys) {
            try {
                Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), spec);
                gcm.updateAAD(label);
                return new Opened(gcm.doFinal(packet, 1 + NONCE_BYTES, packet.length - 1 - NONCE_BYTES), null);
            } catch (javax.crypto.AEADBadTagException e) {
                // not this key: try the next one
            } catch (GeneralSecurityException e) {
                throw new AssertionError("AES-GCM unavailable", e);
            }
        }
        return new Opened(null, Rejection.NO_KEY_MATCHED);
    }
}
