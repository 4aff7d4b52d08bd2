package org.proconsul.http.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.proconsul.api.raft.RaftPeer;
import org.proconsul.api.raft.ReadConsistency;
import org.proconsul.api.snapshot.RestoreResult;
import org.proconsul.api.snapshot.SavedState;
import org.proconsul.api.snapshot.SnapshotArchive;
import org.proconsul.api.snapshot.SnapshotRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /v1/snapshot}: GET streams an archive of the whole state ({@code ?stale} lets any server answer
 * from its own state; otherwise it first confirms a read with the leader), with {@code X-Consul-Index};
 * PUT takes such an archive, checks it, and restores it through Raft on every server. Both read and
 * write files, so they run on their own threads, never on Jetty's.
 */
final class SnapshotEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotEndpoint.class);
    static final String PATH = "/v1/snapshot";
    private static final int SNAPSHOT_VERSION = 1;

    private final ApiContext ctx;
    private final ExecutorService workers;

    SnapshotEndpoint(ApiContext ctx) {
        this.ctx = ctx;
        // snapshots are rare: two at a time at most, and no thread kept waiting between them
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(2, 2, 30,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "http-snapshot");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        this.workers = pool;
    }

    void handle(Exchange ex) {
        if (!ex.method().equals("GET") && !ex.method().equals("PUT")) {
            throw Router.methodNotAllowed(ex, "GET", "PUT");
        }
        ReadConsistency consistency = ctx.queryOptions(ex).consistency();
        var service = ctx.snapshots();
        workers.execute(() -> {
            try {
                if (ex.method().equals("GET")) {
                    save(ex, service, consistency);
                } else {
                    restore(ex, service);
                }
            } catch (HttpError e) {
                ex.sendError(e);
            } catch (RuntimeException e) {
                ex.sendFailure(e);
            }
        });
    }

    private void save(Exchange ex, org.proconsul.api.snapshot.SnapshotService service, ReadConsistency consistency) {
        Path state = tempFile("proconsul-save-");
        try {
            byte[] meta;
            long index;
            try (SavedState saved = await(service.save(consistency))) {
                try (OutputStream out = Files.newOutputStream(state)) {
                    saved.state().writeTo(out);
                }
                meta = meta(saved, Files.size(state));
                index = saved.index();
            }
            ex.header("X-Consul-Index", Long.toString(Math.max(1, index)));
            ex.sendStream(200, "application/x-gzip", out -> SnapshotArchive.write(meta, state, out));
            LOG.info("http: snapshot saved index={} bytes={}", index, size(state));
        } catch (IOException e) {
            throw new HttpError(500, "failed to save snapshot: " + e.getMessage());
        } finally {
            delete(state);
        }
    }

    private void restore(Exchange ex, org.proconsul.api.snapshot.SnapshotService service) {
        Path state = tempFile("proconsul-restore-");
        try {
            SnapshotArchive.Contents contents;
            try (InputStream in = ex.bodyStream()) {
                contents = SnapshotArchive.read(in, state);
            } catch (SnapshotArchive.InvalidArchiveException e) {
                throw new HttpError(500, "failed to read snapshot file: " + e.getMessage());
            }
            checkMeta(contents.meta());
            RestoreResult result = await(service.restore(state));
            if (result instanceof RestoreResult.Refused refused) {
                throw ApiContext.toHttp(refused.error());
            }
            if (result instanceof RestoreResult.Failed failed) {
                throw new HttpError(500, "failed to restore snapshot: " + failed.reason());
            }
            LOG.info("http: snapshot restored index={} bytes={}", ((RestoreResult.Restored) result).index(),
                    contents.stateBytes());
            ex.sendEmpty(200);
        } catch (IOException e) {
            throw new HttpError(500, "failed to read snapshot file: " + e.getMessage());
        } finally {
            delete(state);
        }
    }

    private static void checkMeta(byte[] meta) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(meta);
        } catch (IOException e) {
            throw new HttpError(500, "failed to read snapshot file: meta.json is not JSON");
        }
        if (json == null || !json.isObject() || !json.path("Version").isIntegralNumber()) {
            throw new HttpError(500, "failed to read snapshot file: meta.json has no Version");
        }
        int version = json.get("Version").asInt();
        if (version != SNAPSHOT_VERSION) {
            throw new HttpError(500, "failed to read snapshot file: unsupported snapshot version " + version);
        }
    }

    /** Consul's meta.json: the snapshot's id, Raft index and term, and the Raft configuration then. */
    static byte[] meta(SavedState saved, long stateBytes) {
        ObjectNode meta = Json.MAPPER.createObjectNode();
        meta.put("Version", SNAPSHOT_VERSION);
        meta.put("ID", saved.term() + "-" + saved.index() + "-" + System.currentTimeMillis());
        meta.put("Index", saved.index());
        meta.put("Term", saved.term());
        ObjectNode configuration = meta.putObject("Configuration");
        ArrayNode servers = configuration.putArray("Servers");
        for (RaftPeer p : saved.servers()) {
            ObjectNode s = servers.addObject();
            s.put("Suffrage", p.voter() ? 0 : 1);
            s.put("ID", p.id());
            s.put("Address", p.address());
        }
        meta.put("ConfigurationIndex", saved.configurationIndex());
        meta.put("Size", stateBytes);
        try {
            return Json.MAPPER.writeValueAsBytes(meta);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpError(500, "interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SnapshotRefusedException refused) {
                throw ApiContext.toHttp(refused.error());
            }
            throw new HttpError(500, String.valueOf(e.getCause().getMessage()));
        }
    }

    private static Path tempFile(String prefix) {
        try {
            return Files.createTempFile(prefix, ".state");
        } catch (IOException e) {
            throw new HttpError(500, "cannot create a temporary snapshot file: " + e.getMessage());
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warn("http: cannot delete temporary snapshot file={}: {}", p, e.getMessage());
        }
    }
}
