package org.proconsul.gossip.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** S10's rules for keys: rotation verbs, the primary protected, and the keyring file winning over encrypt. */
class KeyringTest {
    private static final String K1 = "Atmv2ENPBeGGR9/neXPIaIkbf+JSKe+Q2nIxYhnawsA=";
    private static final String K2 = Base64.getEncoder().encodeToString(new byte[16]);

    @Test
    void S10_installUseRemoveRotateThePrimaryAndNeverRemoveIt() throws Exception {
        Keyring ring = Keyring.of(List.of(Keyring.decodeKey(K1)));
        ring.install(Keyring.decodeKey(K2));
        ring.install(Keyring.decodeKey(K2));
        assertEquals(List.of(K1, K2), ring.encoded());
        Keyring.KeyringException primary = assertThrows(Keyring.KeyringException.class,
                () -> ring.remove(Keyring.decodeKey(K1)));
        assertEquals("Removing the primary key is not allowed", primary.getMessage());
        ring.use(Keyring.decodeKey(K2));
        assertEquals(List.of(K2, K1), ring.encoded());
        ring.remove(Keyring.decodeKey(K1));
        assertEquals(List.of(K2), ring.encoded());
        assertThrows(Keyring.KeyringException.class, () -> ring.use(Keyring.decodeKey(K1)));
        assertThrows(Keyring.KeyringException.class, () -> Keyring.decodeKey("c2hvcnQ="));
    }

    @Test
    void S10_encryptSeedsTheFileOnlyOnceAndTheFileWinsAfterwards(@TempDir Path dataDir) throws Exception {
        KeyringFile file = new KeyringFile(dataDir, KeyringFile.LAN);
        List<String> warnings = new ArrayList<>();
        Keyring first = KeyringFile.load(file, K1, false, warnings::add);
        assertEquals(List.of(K1), first.encoded());
        assertEquals("[\"" + K1 + "\"]", Files.readString(dataDir.resolve("serf/local.keyring"), StandardCharsets.UTF_8));

        Keyring afterRestart = KeyringFile.load(file, K2, false, warnings::add);
        assertEquals(List.of(K1), afterRestart.encoded(), "a changed encrypt value changes nothing");
        assertEquals(List.of("keyring doesn't include key provided with -encrypt, using keyring"), warnings);

        afterRestart.install(Keyring.decodeKey(K2));
        afterRestart.use(Keyring.decodeKey(K2));
        file.save(afterRestart);
        assertEquals(List.of(K2, K1), KeyringFile.load(file, null, false, warnings::add).encoded());
    }

    @Test
    void S10_disableKeyringFileKeepsOnlyEncryptInMemory(@TempDir Path dataDir) throws Exception {
        KeyringFile file = new KeyringFile(dataDir, KeyringFile.LAN);
        Keyring ring = KeyringFile.load(file, K1, true, w -> { });
        assertEquals(List.of(K1), ring.encoded());
        assertFalse(Files.exists(dataDir.resolve("serf/local.keyring")));
        assertFalse(KeyringFile.load(file, null, true, w -> { }).enabled());
    }

    @Test
    void sealedPacketsOpenWithAnyInstalledKeyAndOnlyForTheSameLabel() throws Exception {
        byte[] k1 = Keyring.decodeKey(K1);
        byte[] k2 = Keyring.decodeKey(K2);
        PacketCipher lan = new PacketCipher("dc1");
        byte[] payload = "ping node=web1".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = lan.seal(k1, payload);
        assertEquals(payload.length + PacketCipher.OVERHEAD, sealed.length);

        PacketCipher.Opened opened = lan.open(List.of(k2, k1), sealed);
        assertTrue(opened.ok());
        assertArrayEquals(payload, opened.plaintext());
        assertEquals(PacketCipher.Rejection.NO_KEY_MATCHED, lan.open(List.of(k2), sealed).rejection());
        assertEquals(PacketCipher.Rejection.NO_KEY_MATCHED, new PacketCipher("dc2").open(List.of(k1), sealed).rejection(),
                "another pool's label fails authentication");
        assertEquals(PacketCipher.Rejection.TOO_SHORT, lan.open(List.of(k1), new byte[5]).rejection());
        sealed[0] = 9;
        assertEquals(PacketCipher.Rejection.UNKNOWN_VERSION, lan.open(List.of(k1), sealed).rejection());
        byte[] flipped = lan.seal(k1, payload);
        flipped[flipped.length - 1] ^= 1;
        assertEquals(PacketCipher.Rejection.NO_KEY_MATCHED, lan.open(List.of(k1), flipped).rejection());
    }
}
