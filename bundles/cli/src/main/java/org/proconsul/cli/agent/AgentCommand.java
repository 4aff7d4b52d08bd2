package org.proconsul.cli.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.karaf.main.Main;
import org.proconsul.cli.BuildInfo;
import org.proconsul.cli.config.AgentConfig;
import org.proconsul.cli.config.AgentConfigLoader;
import org.proconsul.cli.config.ConfigException;

/**
 * {@code consul agent}: validates the configuration with Consul's messages before anything starts,
 * prepares this agent's Karaf instance, runs Karaf in this JVM and waits for the required components.
 * A component that is not up within the start timeout stops the agent with exit code 1.
 *
 * <p>Test setting: {@code PROCONSUL_START_TIMEOUT_SECONDS} (default 60) bounds that wait. Operator
 * setting: {@code PROCONSUL_CONSOLE_SSH_PORT} opens Karaf's SSH console on the client address (off by
 * default); its password is generated per start into {@code <instance>/console-password}.
 */
public final class AgentCommand {
    private static final int DEFAULT_START_TIMEOUT_SECONDS = 60;
    /** Read by the gossip bundle when it stops: leave the pools gracefully first (a JVM-wide flag, set once). */
    static final String LEAVE_ON_STOP_PROPERTY = "proconsul.leave.on.stop";

    private final AgentConfig config;
    private final List<String> args;
    private final List<String> warnings;
    private final Map<String, String> env;
    private final PrintStream out;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private Path tempDir;

    private AgentCommand(AgentConfig config, List<String> args, List<String> warnings, Map<String, String> env,
            PrintStream out) {
        this.config = config;
        this.args = args;
        this.warnings = warnings;
        this.env = env;
        this.out = out;
    }

    /** Runs the agent in the foreground; returns the process exit code. */
    public static int run(String[] args) {
        List<String> warnings = new ArrayList<>();
        AgentConfig config;
        try {
            config = AgentConfigLoader.load(Arrays.asList(args), System.getenv(), warnings::add);
        } catch (ConfigException e) {
            if (e.kind() == ConfigException.Kind.FLAGS) {
                System.err.println(e.getMessage());
            }
            System.err.println("==> " + e.consulText());
            return 1;
        }
        AgentCommand command = new AgentCommand(config, Arrays.asList(args), warnings, System.getenv(), System.out);
        try {
            return command.start();
        } catch (AgentStartException e) {
            System.err.println("==> " + e.getMessage());
            command.cleanUp();
            return 1;
        } catch (IOException e) {
            System.err.println("==> Error starting agent: " + e);
            command.cleanUp();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            command.cleanUp();
            return 1;
        }
    }

    private int start() throws IOException, AgentStartException, InterruptedException {
        String homeProperty = System.getProperty("proconsul.home");
        if (homeProperty == null || !Files.isDirectory(Path.of(homeProperty, "system"))) {
            throw new AgentStartException("Error starting agent: the Karaf distribution was not found"
                    + " (proconsul.home=" + homeProperty + "); build it with: mvn -B -DskipTests install");
        }
        Path home = Path.of(homeProperty).toAbsolutePath().normalize();
        Path dataDir = dataDir();
        BuildInfo build = BuildInfo.load();
        String nodeId = NodeIdFile.resolve(config.nodeId(), config.dev() ? null : dataDir);

        KarafInstance instance = new KarafInstance(home, dataDir.resolve("karaf"));
        instance.prepare();
        AgentPids pids = new AgentPids(config, nodeId, build);
        Path definitions = instance.etc().resolve(AgentPids.DEFINITIONS_FILE);
        Files.writeString(definitions, pids.definitionsJson(), StandardCharsets.UTF_8);
        for (Map.Entry<String, Map<String, String>> pid : pids.all(dataDir, definitions).entrySet()) {
            instance.writeConfig(pid.getKey(), pid.getValue());
        }
        instance.writeLogging(LoggingConfig.render(config));
        int sshPort = consolePort();
        String clientAddress = config.clientAddr().get(0);
        instance.writeConsole(clientAddress, sshPort);
        instance.writeBootFeatures(sshPort > 0 ? List.of("ssh") : List.of());
        if (config.pidFile() != null) {
            Files.writeString(Path.of(config.pidFile()), Long.toString(ProcessHandle.current().pid()),
                    StandardCharsets.UTF_8);
        }

        out.println("==> Starting Consul agent...");
        printBanner(build, nodeId, pids);
        for (String w : warnings) {
            out.println(LogLine.now("WARN", "agent: " + w));
        }
        out.println();
        out.println("==> Log data will now stream in as it occurs:");
        out.println();
        out.flush();

        instance.systemProperties(clientAddress, sshPort > 0).forEach(System::setProperty);
        Main karaf = new Main(new String[0]);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(karaf), "proconsul-shutdown"));
        try {
            karaf.launch();
        } catch (Exception e) {
            throw new AgentStartException("Error starting agent: Karaf did not start: " + e.getMessage(), e);
        }
        // after launch: Karaf's launcher installs signal handlers of its own, which ours replace
        installSignalHandlers(karaf);
        new ConfigReloader(args, env, instance.etc(), definitions, nodeId, build, out).start();

        String httpDescription = String.join(" ", config.httpAddresses()) + ":" + config.ports().http();
        RequiredServices required = new RequiredServices(config.server(), config.ports().http() >= 0, httpDescription);
        RequiredServices.Outcome started = required.await(karaf.getFramework(), startTimeoutSeconds() * 1000L);
        if (started.failure() != null) {
            System.err.println("==> Error starting agent: " + started.failure());
            stop(karaf);
            return 1;
        }
        if (!started.missing().isEmpty()) {
            System.err.println("==> Error starting agent: not up within " + startTimeoutSeconds() + "s: "
                    + String.join(", ", started.missing()) + " (see the log lines above for the cause)");
            stop(karaf);
            return 1;
        }
        out.println(LogLine.now("INFO", "agent: Consul agent running! node=" + config.nodeName() + " id=" + nodeId
                + " http=" + httpDescription));
        out.flush();
        try {
            karaf.awaitShutdown();
        } catch (Exception e) {
            System.err.println("==> Karaf stopped with an error: " + e.getMessage());
            stop(karaf);
            return 1;
        }
        stop(karaf);
        return 0;
    }

    private Path dataDir() throws IOException, AgentStartException {
        if (config.dev()) {
            tempDir = Files.createTempDirectory("proconsul-dev-");
            return tempDir;
        }
        Path dir = Path.of(config.dataDir()).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new AgentStartException("Error creating data directory " + dir + ": " + e.getMessage(), e);
        }
        if (!Files.isWritable(dir)) {
            throw new AgentStartException("data_dir " + dir + " is not writable");
        }
        return dir;
    }

    private void printBanner(BuildInfo build, String nodeId, AgentPids pids) {
        String[][] rows = {
            {"Version", "'" + build.version() + "'"},
            {"Build Date", "'" + build.buildDate() + "'"},
            {"Node ID", "'" + nodeId + "'"},
            {"Node name", "'" + config.nodeName() + "'"},
            {"Datacenter", "'" + config.datacenter() + "' (Segment: '" + (config.server() ? "<all>" : "") + "')"},
            {"Server", config.server() + " (Bootstrap: " + config.bootstrap() + ")"},
            {"Client Addr", config.clientAddr() + " (HTTP: " + config.ports().http() + ", HTTPS: "
                    + config.ports().https() + ", gRPC: " + config.ports().grpc() + ", DNS: " + config.ports().dns() + ")"},
            {"Cluster Addr", config.advertiseAddr() + " (LAN: " + config.ports().serfLan() + ", WAN: "
                    + config.ports().serfWan() + ")"},
            {"Gossip Encryption", Boolean.toString(config.encrypt() != null)},
            {"Storage", pids.storageTarget().contains("memory") ? "memory (-dev)" : "xodus"},
        };
        for (String[] row : rows) {
            out.printf("%18s: %s%n", row[0], row[1]);
        }
    }

    private void installSignalHandlers(Main karaf) {
        for (String name : List.of("INT", "TERM")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    boolean interrupt = name.equals("INT");
                    out.println("==> Caught signal: " + (interrupt ? "interrupt" : "terminated"));
                    // Consul's defaults: clients leave on both signals, servers on neither
                    boolean leave = interrupt ? !config.skipLeaveOnInterrupt() : config.leaveOnTerminate();
                    if (leave) {
                        out.println("==> Gracefully shutting down agent...");
                        System.setProperty(LEAVE_ON_STOP_PROPERTY, "true");
                    } else {
                        out.println("==> Graceful shutdown disabled. Exiting");
                    }
                    out.flush();
                    new Thread(() -> {
                        stop(karaf);
                        System.exit(0);
                    }, "proconsul-signal").start();
                });
            } catch (IllegalArgumentException e) {
                // the signal is not available on this platform: the JVM's default handling applies
            }
        }
    }

    private void stop(Main karaf) {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        try {
            karaf.destroy();
        } catch (Exception e) {
            System.err.println("==> Error stopping Karaf: " + e.getMessage());
        }
        cleanUp();
    }

    private void cleanUp() {
        try {
            if (config.pidFile() != null) {
                Files.deleteIfExists(Path.of(config.pidFile()));
            }
            if (tempDir != null) {
                KarafInstance.deleteTree(tempDir);
            }
        } catch (IOException e) {
            System.err.println("==> Error cleaning up: " + e.getMessage());
        }
    }

    private int startTimeoutSeconds() {
        return positiveInt(env.get("PROCONSUL_START_TIMEOUT_SECONDS"), DEFAULT_START_TIMEOUT_SECONDS);
    }

    private int consolePort() {
        return positiveInt(env.get("PROCONSUL_CONSOLE_SSH_PORT"), 0);
    }

    private static int positiveInt(String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int v = Integer.parseInt(value.trim());
            return v > 0 ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
