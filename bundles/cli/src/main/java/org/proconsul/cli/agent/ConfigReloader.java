package org.proconsul.cli.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import org.proconsul.cli.config.AgentConfig;
import org.proconsul.cli.config.AgentConfigLoader;
import org.proconsul.cli.config.ConfigException;

/**
 * Consul's reload ({@code SIGHUP}, {@code /v1/agent/reload}, {@code consul reload}): the configuration is
 * read again from the same flags and files, with the same checks as at start, and what reloads live is
 * written where the agent takes it from: the service and check definitions file, which the agent bundle
 * watches. The HTTP endpoint, inside Karaf, asks through a request file in the instance's {@code etc} and
 * reads the outcome from a result file, since the config parser lives here, outside the OSGi framework.
 */
final class ConfigReloader {
    static final String REQUEST = "proconsul-reload.request";
    static final String RESULT = "proconsul-reload.result";
    private static final long POLL_MS = 100;

    private final List<String> args;
    private final Map<String, String> env;
    private final Path etc;
    private final Path definitions;
    private final PrintStream out;
    private final String nodeId;
    private final org.proconsul.cli.BuildInfo build;

    ConfigReloader(List<String> args, Map<String, String> env, Path etc, Path definitions, String nodeId,
            org.proconsul.cli.BuildInfo build, PrintStream out) {
        this.args = args;
        this.env = env;
        this.etc = etc;
        this.definitions = definitions;
        this.nodeId = nodeId;
        this.build = build;
        this.out = out;
    }

    /** Answers request files and SIGHUP until the JVM ends. */
    void start() {
        Thread watcher = new Thread(this::watch, "config-reload");
        watcher.setDaemon(true);
        watcher.start();
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                out.println("==> Caught signal: hangup");
                String problem = reload();
                if (problem != null) {
                    out.println(LogLine.now("ERROR", "agent: Failed to reload configs: " + problem));
                }
                out.flush();
            });
        } catch (IllegalArgumentException e) {
            out.println(LogLine.now("WARN", "agent: cannot handle SIGHUP here; reload with consul reload instead"));
        }
    }

    private void watch() {
        Path request = etc.resolve(REQUEST);
        while (true) {
            try {
                Thread.sleep(POLL_MS);
                if (!Files.exists(request)) {
                    continue;
                }
                String nonce = Files.readString(request, StandardCharsets.UTF_8).strip();
                Files.deleteIfExists(request);
                String problem = reload();
                Path temp = etc.resolve(RESULT + ".tmp");
                Files.writeString(temp, nonce + "\n" + (problem == null ? "ok" : "error: " + problem),
                        StandardCharsets.UTF_8);
                Files.move(temp, etc.resolve(RESULT), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                out.println(LogLine.now("ERROR", "agent: reload request failed: " + e));
            }
        }
    }

    /** Reads the configuration again; null when the reloadable parts are in place, else Consul's text. */
    synchronized String reload() {
        AgentConfig fresh;
        try {
            fresh = AgentConfigLoader.load(args, env, warning -> out.println(LogLine.now("WARN", "agent: " + warning)));
        } catch (ConfigException e) {
            return e.consulText();
        }
        try {
            Path temp = definitions.resolveSibling(definitions.getFileName() + ".tmp");
            Files.writeString(temp, new AgentPids(fresh, nodeId, build).definitionsJson(), StandardCharsets.UTF_8);
            Files.move(temp, definitions, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            return "cannot write the service definitions: " + e.getMessage();
        }
        out.println(LogLine.now("INFO", "agent: Reloading configuration... services=" + fresh.services().size()
                + " checks=" + fresh.checks().size()));
        out.flush();
        return null;
    }
}
