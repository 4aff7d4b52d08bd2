package org.proconsul.cli.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.HttpFlags;

/**
 * Reads a DATA argument the Consul way: {@code @file} reads the file, a lone {@code -} reads stdin,
 * anything else (including other words starting with {@code -}) is the data itself.
 */
final class DataSource {
    private DataSource() {
    }

    /** Problem reading the data; the message follows {@code Error! }. */
    static final class DataException extends Exception {
        private static final long serialVersionUID = 1L;

        DataException(String message) {
            super(message, null, false, false);
        }
    }

    static byte[] load(String arg, Io io) throws DataException {
        if (arg.isEmpty()) {
            return new byte[0];
        }
        if (arg.charAt(0) == '@') {
            String path = arg.substring(1);
            try {
                return Files.readAllBytes(Paths.get(path));
            } catch (IOException | java.nio.file.InvalidPathException e) {
                String why = e instanceof IOException
                        ? HttpFlags.goFileError("open", path, (IOException) e)
                        : "open " + path + ": invalid argument";
                throw new DataException("Failed to read file: " + why);
            }
        }
        if (arg.equals("-")) {
            try {
                return readFully(io.in());
            } catch (IOException e) {
                throw new DataException("Failed to read stdin: " + e.getMessage());
            }
        }
        return arg.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Reads a stream to its end with plain reads: JDK 17's FileInputStream.readAllBytes asks a pipe for
     * its size and position and fails with "Illegal seek" when stdin is a pipe.
     */
    static byte[] readFully(java.io.InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
