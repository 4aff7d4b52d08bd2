package org.proconsul.storage.xodus.internal;

import java.io.File;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.StorageEngine;
import org.proconsul.api.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens each database as a Xodus Environment in {@code dataDir/<name>}. Waits for its configuration
 * (the data directory comes from the agent's {@code -data-dir}); it never picks a directory of its own.
 */
@Component(service = StorageEngine.class, property = StorageEngine.ENGINE_PROPERTY + "=xodus",
        configurationPid = "org.proconsul.storage.xodus", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = XodusStorageEngine.Config.class)
public final class XodusStorageEngine implements StorageEngine {
    private static final Logger LOG = LoggerFactory.getLogger(XodusStorageEngine.class);

    @ObjectClassDefinition(name = "Proconsul Xodus storage",
            description = "Where and how the Xodus engine keeps databases. Changes reactivate the engine.")
    public @interface Config {
        @AttributeDefinition(description = "Directory holding one sub-directory per database (the agent's data_dir/raft).")
        String dataDir();

        @AttributeDefinition(description = "Cap of Xodus's page cache per database, in MiB (Xodus's own default takes half the heap).")
        int cacheMb() default 32;
    }

    private final File baseDir;
    private final long cacheBytes;
    private static final Object PLACEHOLDER = new Object();
    private final ConcurrentHashMap<String, Object> open = new ConcurrentHashMap<>();

    @Activate
    public XodusStorageEngine(Config config) {
        this(new File(config.dataDir()), config.cacheMb() * 1024L * 1024L);
    }

    XodusStorageEngine(File baseDir, long cacheBytes) {
        this.baseDir = baseDir;
        this.cacheBytes = cacheBytes;
        if (!baseDir.isDirectory() && !baseDir.mkdirs()) {
            throw new StorageException("storage: cannot create directory " + baseDir);
        }
    }

    @Override
    public String name() {
        return "xodus";
    }

    @Override
    public Database open(String name, Durability durability) {
        File dir = new File(baseDir, name);
        // Reserve the name first: a second Xodus open of the same directory would fail on its file lock.
        if (open.putIfAbsent(name, PLACEHOLDER) != null) {
            throw new IllegalStateException("storage: database already open name=" + name);
        }
        XodusDatabase db;
        try {
            db = XodusDatabase.open(name, dir, durability, cacheBytes, () -> open.remove(name));
        } catch (RuntimeException e) {
            open.remove(name);
            throw e;
        }
        open.put(name, db);
        LOG.info("storage: opened xodus database name={} dir={} durability={}", name, dir, durability);
        return db;
    }

    @Deactivate
    void deactivate() {
        open.values().stream().filter(XodusDatabase.class::isInstance).map(XodusDatabase.class::cast)
                .forEach(XodusDatabase::close);
    }
}
