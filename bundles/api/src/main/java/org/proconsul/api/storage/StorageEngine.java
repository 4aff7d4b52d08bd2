package org.proconsul.api.storage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A storage engine, registered as an OSGi service with the property {@code engine=<name>}.
 *
 * <p>An engine hands out independent {@link Database}s by name; each database is its own unit of
 * durability, so the Raft log (fsynced) and the state store (rebuilt from snapshot + log, so buffered)
 * can live in separate databases of the same engine.
 */
@ConsumerType
public interface StorageEngine {

    /** The service property naming an engine, e.g. {@code (engine=xodus)}. */
    String ENGINE_PROPERTY = "engine";

    /** Short name of this engine, equal to its {@link #ENGINE_PROPERTY}. */
    String name();

    /**
     * Opens (creating if absent) the database with this name. Opening the same name twice without
     * closing is a programming error.
     *
     * @throws StorageException when the underlying files cannot be opened
     */
    Database open(String name, Durability durability);
}
