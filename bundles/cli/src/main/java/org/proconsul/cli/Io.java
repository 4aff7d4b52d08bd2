package org.proconsul.cli;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The process surroundings a command may touch: standard streams and environment variables. Production code
 * gets {@link #system()}; tests build one over byte buffers and a fixed environment map.
 */
public final class Io {
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public Io(InputStream in, PrintStream out, PrintStream err, Map<String, String> env) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Real stdin/stdout/stderr (UTF-8, buffered: call {@link #flush()} before exiting) and the real environment. */
    public static Io system() {
        PrintStream out = new PrintStream(
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 8192), false, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        return new Io(new FileInputStream(FileDescriptor.in), out, err, System.getenv());
    }

    public InputStream in() {
        return in;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /** An environment variable, or the empty string when unset (Go's {@code os.Getenv}). */
    public String env(String name) {
        String v = env.get(name);
        return v == null ? "" : v;
    }

    /** Writes one line to stdout (Consul's {@code UI.Output}/{@code UI.Info}). */
    public void info(String line) {
        out.print(line);
        out.print('\n');
    }

    /** Writes one line to stderr (Consul's {@code UI.Error}); stdout is flushed first to keep the order. */
    public void error(String line) {
        out.flush();
        err.print(line);
        err.print('\n');
    }

    public void flush() {
        out.flush();
        err.flush();
    }
}
