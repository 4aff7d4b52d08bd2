package org.proconsul.cli.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.proconsul.cli.Io;

/**
 * {@code consul snapshot inspect FILE}: checks an archive and prints its id, size, index, term and
 * version, then what the state holds per type, largest first, in Consul's layout.
 */
public final class SnapshotInspectCommand extends FlagCommand {

    public SnapshotInspectCommand(Io io) {
        super(io);
    }

    @Override
    public String synopsis() {
        return "Displays information about a Consul snapshot file";
    }

    @Override
    protected String usageText() {
        return "Usage: consul snapshot inspect [options] FILE\n"
                + "\n"
                + "  Checks the archive in FILE and shows which index and term it was taken at and\n"
                + "  what it holds.";
    }

    @Override
    public int run(String[] args) {
        Path file = parseFileArgument(args);
        if (file == null) {
            return 1;
        }
        SnapshotFiles.Inspection info;
        try {
            info = SnapshotFiles.read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            io.error("Error opening snapshot file: open " + file + ": no such file or directory");
            return 1;
        } catch (IOException e) {
            io.error("Error inspecting snapshot: " + e.getMessage());
            return 1;
        }
        List<String[]> head = List.of(new String[] {" ID", info.id()},
                new String[] {" Size", Long.toString(info.size())}, new String[] {" Index", Long.toString(info.index())},
                new String[] {" Term", Long.toString(info.term())},
                new String[] {" Version", Long.toString(info.version())});
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {" Type", "Count", "Size"});
        table.add(new String[] {" ----", "----", "----"});
        long total = 0;
        for (SnapshotFiles.TypeStats s : info.types()) {
            table.add(new String[] {" " + s.name(), Long.toString(s.count()), SnapshotFiles.byteSize(s.bytes())});
            total += s.bytes();
        }
        table.add(new String[] {" ----", "----", "----"});
        table.add(new String[] {" Total", "", SnapshotFiles.byteSize(total)});
        io.info(SnapshotFiles.columns(head) + "\n\n" + SnapshotFiles.columns(table));
        return 0;
    }
}
