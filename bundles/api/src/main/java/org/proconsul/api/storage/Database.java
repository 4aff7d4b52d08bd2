package org.proconsul.api.storage;

import java.io.InputStream;
import java.io.OutputStream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A set of named, ordered maps of byte keys to byte values (keys compare as unsigned bytes).
 *
 * <p>Writes are atomic per {@link WriteBatch}; reads see a consistent snapshot through a
 * {@link ReadView}. Read views must be closed quickly: long-lived ones pin old data in some engines.
 */
@ConsumerType
public interface Database extends AutoCloseable {

    /** Opens a consistent read snapshot of every map. */
    ReadView read();

    /**
     * Opens a consistent read snapshot that another thread may use and close, and that does not hold up
     * writes while it is open: for long reads, such as writing a Raft snapshot while applying goes on.
     */
    ReadView detachedRead();

    /** Applies every operation of the batch atomically, durably if the database is {@link Durability#SYNC}. */
    void write(WriteBatch batch);

    /** Streams a self-describing copy of every map; used for Raft snapshots and engine migration. */
    void snapshot(OutputStream out);

    /** Replaces the whole content with what {@link #snapshot(OutputStream)} wrote (of any engine). */
    void restore(InputStream in);

    /** Releases files and memory. Further use is a programming error. */
    @Override
    void close();
}
