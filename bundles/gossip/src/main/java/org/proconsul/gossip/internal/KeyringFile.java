package org.proconsul.gossip.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code serf/local.keyring} (and {@code serf/remote.keyring} for WAN) as Consul keeps it: a JSON array
 * of base64 keys, primary first. {@code encrypt} seeds the file only when it does not exist yet; after
 * that the file wins, and keys change only through keyring operations. With
 * {@code disable_keyring_file} the keyring is {@code encrypt} alone, in memory.
 */
final class KeyringFile {
    static final String LAN = "local.keyring";
    static final String WAN = "remote.keyring";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    KeyringFile(Path dataDir, String name) {
        this.file = dataDir.resolve("serf").resolve(name);
    }

    Path path() {
        return file;
    }

    /** The keyring this agent starts with; {@code warn} receives Consul's warning lines. */
    static Keyring load(KeyringFile file, String encrypt, boolean disableKeyringFile, Consumer<String> warn)
            throws IOException, Keyring.KeyringException {
        byte[] configured = encrypt == null || encrypt.isBlank() ? null : Keyring.decodeKey(encrypt);
        if (disableKeyringFile || file == null) {
            return configured == null ? Keyring.disabled() : Keyring.of(List.of(configured));
        }
        if (!Files.exists(file.file)) {
            if (configured == null) {
                return Keyring.disabled();
            }
            Keyring seeded = Keyring.of(List.of(configured));
            file.save(seeded);
            return seeded;
        }
        List<String> stored = JSON.readValue(Files.readAllBytes(file.file), new TypeReference<List<String>>() { });
        List<byte[]> keys = new ArrayList<>();
        for (String k : stored) {
            keys.add(Keyring.decodeKey(k));
        }
        Keyring ring = Keyring.of(keys);
        if (configured != null && !ring.encoded().contains(java.util.Base64.getEncoder().encodeToString(configured))) {
            warn.accept("keyring doesn't include key provided with -encrypt, using keyring");
        }
        return ring;
    }

    /** Rewrites the file (owner-only) from the keyring, atomically so a crash never leaves half a file. */
    void save(Keyring ring) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(ring.encoded()));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the directory's permissions
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
