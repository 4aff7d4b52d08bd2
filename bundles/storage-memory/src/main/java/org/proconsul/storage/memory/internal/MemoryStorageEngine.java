package org.proconsul.storage.memory.internal;

import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.StorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps every database in the heap; {@link Durability} is ignored because nothing is ever durable here. */
@Component(service = StorageEngine.class, property = StorageEngine.ENGINE_PROPERTY + "=memory")
public final class MemoryStorageEngine implements StorageEngine {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryStorageEngine.class);

    private final ConcurrentHashMap<String, MemoryDatabase> open = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Database open(String name, Durability durability) {
        MemoryDatabase db = new MemoryDatabase(name, () -> open.remove(name));
        if (open.putIfAbsent(name, db) != null) {
            throw new IllegalStateException("storage: database already open name=" + name);
        }
        LOG.debug("storage: opened in-memory database name={}", name);
        return db;
    }
}
