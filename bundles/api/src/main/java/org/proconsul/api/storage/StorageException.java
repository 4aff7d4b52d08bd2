package org.proconsul.api.storage;

/**
 * An I/O failure of the storage below an engine (disk full, unreadable file). Not a programming error:
 * callers that cannot continue safely (the Raft log) stop serving and say why.
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
