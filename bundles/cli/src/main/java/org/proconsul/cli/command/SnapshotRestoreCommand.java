package org.proconsul.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpResponse;

/** {@code consul snapshot restore FILE}: sends a saved archive to {@code PUT /v1/snapshot}. */
public final class SnapshotRestoreCommand extends HttpClientCommand {

    public SnapshotRestoreCommand(Io io) {
        super(io, ExtraFlags.NONE);
    }

    @Override
    public String synopsis() {
        return "Restores snapshot of Consul server state";
    }

    @Override
    protected String usageText() {
        return "Usage: consul snapshot restore [options] FILE\n"
                + "\n"
                + "  Replaces the servers' whole state with the archive in FILE, written by\n"
                + "  'consul snapshot save'. Everything written since that save is lost.";
    }

    @Override
    public int run(String[] args) {
        Path file = parseFileArgument(args);
        if (file == null) {
            return 1;
        }
        byte[] archive;
        try {
            archive = Files.readAllBytes(file);
        } catch (IOException e) {
            io.error("Error opening snapshot file: " + e.getMessage());
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        try (client) {
            HttpResponse r = client.send("PUT", "/v1/snapshot", null, archive, "application/octet-stream");
            if (r.status() != 200) {
                io.error("Error restoring snapshot: Unexpected response code: " + r.status() + " ("
                        + r.bodyText().strip() + ")");
                return 1;
            }
        } catch (org.proconsul.cli.http.ConsulApiException e) {
            io.error("Error restoring snapshot: " + e.getMessage());
            return 1;
        }
        io.info("Restored snapshot");
        return 0;
    }
}
