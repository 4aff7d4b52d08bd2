package org.proconsul.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.HttpFlags;
import org.proconsul.cli.http.HttpResponse;

/**
 * {@code consul snapshot save FILE}: fetches {@code GET /v1/snapshot}, writes it beside FILE, checks the
 * archive's sums, and only then moves it into place, so FILE is never a half-written backup.
 */
public final class SnapshotSaveCommand extends HttpClientCommand {

    public SnapshotSaveCommand(Io io) {
        super(io, ExtraFlags.NONE);
        HttpFlags.addServerFlags(flags);
    }

    @Override
    public String synopsis() {
        return "Saves snapshot of Consul server state";
    }

    @Override
    protected String usageText() {
        return "Usage: consul snapshot save [options] FILE\n"
                + "\n"
                + "  Writes an archive of the servers' whole state to FILE, read from the leader\n"
                + "  (or, with -stale, from whichever server answers), after checking it.";
    }

    @Override
    public int run(String[] args) {
        Path file = parseFileArgument(args);
        if (file == null) {
            return 1;
        }
        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        HttpResponse r = sendOnce(client, "Error saving snapshot: ", "GET", "/v1/snapshot", consistencyParams(), null);
        if (r == null) {
            return 1;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, r.body());
        } catch (IOException e) {
            io.error("Error writing snapshot file: " + e.getMessage());
            return 1;
        }
        try {
            SnapshotFiles.read(tmp);
        } catch (IOException e) {
            io.error("Error verifying snapshot file: " + e.getMessage());
            return 1;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            io.error("Error writing snapshot file: " + e.getMessage());
            return 1;
        }
        String index = r.header("X-Consul-Index");
        io.info("Saved and verified snapshot to index " + (index == null ? "0" : index));
        return 0;
    }
}
