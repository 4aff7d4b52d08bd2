package org.proconsul.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Runs the CLI in-process with captured streams and a controlled environment. */
public final class CliRun {
    public final int code;
    public final String out;
    public final String err;
    public final byte[] outBytes;

    private CliRun(int code, byte[] out, String err) {
        this.code = code;
        this.outBytes = out;
        this.out = new String(out, StandardCharsets.UTF_8);
        this.err = err;
    }

    /** Runs with CONSUL_HTTP_ADDR pointing at {@code agent} (null for none) and empty stdin. */
    public static CliRun run(FakeAgent agent, String... args) {
        Map<String, String> env = new HashMap<>();
        if (agent != null) {
            env.put("CONSUL_HTTP_ADDR", agent.address());
        }
        return run(env, new byte[0], args);
    }

    public static CliRun run(Map<String, String> env, byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, false, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        Io io = new Io(new ByteArrayInputStream(stdin), o, e, env);
        int code = new Cli(io).run(args);
        io.flush();
        return new CliRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
