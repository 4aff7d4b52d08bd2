package org.proconsul.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bin/consul agent} process started by a test. The test stops exactly this process: SIGTERM
 * with {@link #stop()}, SIGKILL with {@link #kill9()}. Output goes to a file that failures quote.
 */
final class AgentProcess implements AutoCloseable {
    static final Path ROOT = Path.of(System.getProperty("proconsul.root", "..")).toAbsolutePath().normalize();
    static final Path CONSUL = ROOT.resolve("bin/consul");

    private final Process process;
    private final Path log;
    private final String httpAddress;

    private AgentProcess(Process process, Path log, String httpAddress) {
        this.process = process;
        this.log = log;
        this.httpAddress = httpAddress;
    }

    /** Starts {@code bin/consul agent ARGS}; {@code httpAddress} is where its HTTP API will answer. */
    static AgentProcess start(Path logDir, String httpAddress, List<String> args) throws IOException {
        return start(logDir, httpAddress, args, java.util.Map.of());
    }

    /** As {@link #start(Path, String, List)}, with extra environment (the documented test settings). */
    static AgentProcess start(Path logDir, String httpAddress, List<String> args, java.util.Map<String, String> env)
            throws IOException {
        return start(logDir, httpAddress, List.of(), args, env);
    }

    /** As above, with {@code prefix} before the command (e.g. {@code ip netns exec NS}, which execs it). */
    static AgentProcess start(Path logDir, String httpAddress, List<String> prefix, List<String> args,
            java.util.Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(CONSUL.toString());
        command.add("agent");
        command.addAll(args);
        Files.createDirectories(logDir);
        Path log = Files.createTempFile(logDir, "agent-", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("PROCONSUL_START_TIMEOUT_SECONDS", "90");
        pb.environment().put("PROCONSUL_MAX_HEAP", "512m");
        pb.environment().putAll(env);
        return new AgentProcess(pb.start(), log, httpAddress);
    }

    String url(String path) {
        return "http://" + httpAddress + path;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Waits until /v1/status/leader names a leader; fails with the agent's output otherwise. */
    /** Closes every agent of {@code agents} that was started (the others are null). */
    static void closeAll(AgentProcess... agents) throws InterruptedException {
        for (AgentProcess a : agents) {
            if (a != null) {
                a.close();
            }
        }
    }

    /** Waits until the agent's output contains {@code text}. */
    AgentProcess awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + text + "\" in the output within " + timeout + ":\n" + output());
            }
            Thread.sleep(100);
        }
        return this;
    }

    AgentProcess awaitLeader(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("agent exited with " + process.exitValue() + " before electing a leader:\n"
                        + output());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/v1/status/leader")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().contains(":")) {
                    return this;
                }
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader within " + timeout + " (last: " + last + "):\n" + output());
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("agent did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM, then waits; returns the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("agent ignored SIGTERM for 30 s:\n" + output());
        }
        return process.exitValue();
    }

    /** SIGKILL: no shutdown hook runs, like a crash. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            // SIGTERM first, so a -dev agent removes its temporary directory
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
