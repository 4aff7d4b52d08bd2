package org.proconsul.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOptions;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import javax.inject.Inject;

import org.apache.karaf.features.FeaturesService;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.exam.util.Filter;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.proconsul.api.autopilot.AutopilotStatus;
import org.proconsul.api.raft.Consensus;

/**
 * Boots the real Karaf distribution, configured through {@code etc/*.cfg} as the launcher does, and
 * checks the features are installed and active, then writes over HTTP and reads back with the
 * {@code consul:kv-get} shell command.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProconsulFeaturesIT {
    private static final int HTTP_PORT = 18500;

    @Inject
    BundleContext context;

    @Inject
    FeaturesService features;

    @Inject
    SessionFactory sessions;

    @Inject
    @Filter(timeout = 120_000)
    Consensus consensus;

    @Inject
    @Filter(timeout = 120_000)
    AutopilotStatus autopilot;

    @Configuration
    public Option[] config() {
        String version = System.getProperty("proconsul.version");
        String karafVersion = System.getProperty("karaf.version", "4.4.10");
        String agent = "etc/org.proconsul.agent.cfg";
        String raft = "etc/org.proconsul.raft.cfg";
        return options(
                karafDistributionConfiguration()
                        .frameworkUrl(maven("org.proconsul", "proconsul-karaf-distribution").version(version)
                                .type("tar.gz"))
                        .karafVersion(karafVersion).name("proconsul").unpackDirectory(new File("target/exam"))
                        .useDeployFolder(false),
                configureConsole().ignoreLocalConsole(),
                logLevel(LogLevel.WARN),
                systemTimeout(180_000),
                // JDK 17 module flags Karaf's own script passes (Pax Exam adds none)
                vmOptions("--add-reads=java.xml=java.logging",
                        "--add-opens", "java.base/java.security=ALL-UNNAMED",
                        "--add-opens", "java.base/java.net=ALL-UNNAMED",
                        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                        "--add-opens", "java.base/java.util=ALL-UNNAMED",
                        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                        "--add-opens", "java.naming/javax.naming.spi=ALL-UNNAMED",
                        "--add-opens", "java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                        "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                        "-Dkaraf.shutdown.port=-1", "-Dds.loglevel=warn"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.shell.cfg", "sshPort", "18101"),
                editConfigurationFilePut("etc/org.proconsul.server.cfg", "autopilot.cleanupDeadServers", "true"),
                editConfigurationFilePut(agent, "nodeName", "exam"),
                editConfigurationFilePut(agent, "nodeId", "5a2a8f4e-2f0e-4b8a-9a57-0d7e5e1a0001"),
                editConfigurationFilePut(agent, "datacenter", "dc1"),
                editConfigurationFilePut(agent, "server", "true"),
                editConfigurationFilePut(agent, "dev", "true"),
                editConfigurationFilePut(agent, "bootstrap", "true"),
                editConfigurationFilePut(agent, "bindAddr", "127.0.0.1"),
                editConfigurationFilePut(agent, "clientAddrs", "127.0.0.1"),
                editConfigurationFilePut(agent, "httpPort", Integer.toString(HTTP_PORT)),
                editConfigurationFilePut("etc/org.proconsul.http.cfg", "addresses", "127.0.0.1"),
                editConfigurationFilePut("etc/org.proconsul.http.cfg", "port", Integer.toString(HTTP_PORT)),
                editConfigurationFilePut("etc/org.proconsul.state.cfg", "storage.target", "(engine=memory)"),
                editConfigurationFilePut("etc/org.proconsul.gossip.cfg", "bindAddr", "127.0.0.1"),
                editConfigurationFilePut("etc/org.proconsul.gossip.cfg", "advertiseAddr", "127.0.0.1"),
                editConfigurationFilePut("etc/org.proconsul.gossip.cfg", "lanPort", "18301"),
                editConfigurationFilePut("etc/org.proconsul.gossip.cfg", "wanPort", "18302"),
                editConfigurationFilePut("etc/org.proconsul.rpc.cfg", "bindAddress", "127.0.0.1"),
                editConfigurationFilePut("etc/org.proconsul.rpc.cfg", "port", "18300"),
                editConfigurationFilePut(raft, "nodeId", "5a2a8f4e-2f0e-4b8a-9a57-0d7e5e1a0001"),
                editConfigurationFilePut(raft, "address", "127.0.0.1:18300"),
                editConfigurationFilePut(raft, "bootstrap", "true"),
                editConfigurationFilePut(raft, "raftMultiplier", "1"),
                editConfigurationFilePut(raft, "storage.target", "(engine=memory)"));
    }

    @Test
    public void featuresAreInstalledAndEveryProconsulBundleIsActive() throws Exception {
        for (String name : new String[] {"proconsul", "proconsul-core", "proconsul-http", "proconsul-shell",
            "proconsul-storage-memory", "proconsul-storage-xodus", "proconsul-gossip"}) {
            assertTrue(name + " installed", features.isInstalled(features.getFeature(name)));
        }
        int proconsulBundles = 0;
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("org.proconsul.")) {
                proconsulBundles++;
                assertEquals(b.getSymbolicName() + " is active", Bundle.ACTIVE, b.getState());
            }
        }
        assertEquals("api, two storage engines, state, rpc, raft, server, agent, checks, config, gossip, http, shell",
                13, proconsulBundles);
        assertTrue("autopilot runs on the single server and finds it healthy", awaitHealthyAutopilot());
    }

    private boolean awaitHealthyAutopilot() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (autopilot.report().healthy() && autopilot.report().servers().size() == 1) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    @Test
    public void aKeyWrittenOverHttpIsReadBackWithTheShellCommand() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> leader = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            leader = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + "/v1/status/leader"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (leader.body().contains("18300")) {
                break;
            }
            Thread.sleep(100);
        }
        assertTrue("leader elected, saw " + (leader == null ? "nothing" : leader.body()),
                leader != null && leader.body().contains("18300"));
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + HTTP_PORT + "/v1/kv/exam/greeting"))
                .PUT(HttpRequest.BodyPublishers.ofString("hello from http")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("true", put.body().strip());

        assertEquals("hello from http", shell("consul:kv-get exam/greeting").strip());
        assertTrue(shell("consul:kv-put exam/shell written-by-shell").contains("Success! Data written to: exam/shell"));
        HttpResponse<String> back = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + HTTP_PORT + "/v1/kv/exam/shell?raw")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("written-by-shell", back.body());
        String members = shell("consul:members");
        assertTrue(members, members.startsWith("Node"));
        assertTrue(members, members.contains("exam"));
        String peers = shell("consul:raft-peers");
        assertTrue(peers, peers.startsWith("Node"));
        assertTrue(peers, peers.matches("(?s).*\nexam\\s+5a2a8f4e-2f0e-4b8a-9a57-0d7e5e1a0001\\s+127\\.0\\.0\\.1:18300\\s+leader\\s+true\\s+3\n.*"));

        // autopilot's settings through the shell, read back over HTTP (the same Raft table)
        long settingsDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String settings = shell("consul:autopilot-get");
        while (!settings.startsWith("CleanupDeadServers") && System.nanoTime() < settingsDeadline) {
            Thread.sleep(200);
            settings = shell("consul:autopilot-get");
        }
        assertTrue(settings, settings.startsWith("CleanupDeadServers = true\nLastContactThreshold = 200ms\n"));
        assertTrue(shell("consul:autopilot-set -max-trailing-logs 500 -last-contact-threshold 1s")
                .contains("Configuration updated!"));
        HttpResponse<String> config = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + HTTP_PORT + "/v1/operator/autopilot/configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        String compact = config.body().replaceAll("\\s", "");
        assertTrue(config.body(), compact.contains("\"MaxTrailingLogs\":500")
                && compact.contains("\"LastContactThreshold\":\"1s\""));
        String state = shell("consul:autopilot-state");
        assertTrue(state, state.startsWith("Healthy: true"));
        assertTrue(state, state.contains("exam"));
    }

    /**
     * S7 through Config Admin: an operator's {@code config:property-set} on {@code org.proconsul.autopilot}
     * is written through Raft and read back over HTTP; a value set with {@code autopilot-set} afterwards
     * survives the bundle restarting with the same Config Admin values; a later edit changes only its key;
     * a bad value writes nothing until it is corrected.
     */
    @Test
    public void S7_autopilotSettingsTunedThroughConfigAdmin() throws Exception {
        awaitAutopilotJson(json -> json.contains("\"CleanupDeadServers\""));
        operatorShell("config:property-set -p org.proconsul.autopilot cleanupDeadServers false");
        operatorShell("config:property-set -p org.proconsul.autopilot serverStabilizationTime 45s");
        awaitAutopilotJson(json -> json.contains("\"CleanupDeadServers\":false")
                && json.contains("\"ServerStabilizationTime\":\"45s\""));

        assertTrue(shell("consul:autopilot-set -cleanup-dead-servers true").contains("Configuration updated!"));
        awaitAutopilotJson(json -> json.contains("\"CleanupDeadServers\":true"));
        Bundle server = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "org.proconsul.server".equals(b.getSymbolicName())).findFirst().orElseThrow();
        server.stop();
        server.start();
        Thread.sleep(3_000);
        String afterRestart = autopilotJson();
        assertTrue("a redelivered edit does not overwrite autopilot-set: " + afterRestart,
                afterRestart.contains("\"CleanupDeadServers\":true"));

        operatorShell("config:property-set -p org.proconsul.autopilot minQuorum 1");
        String edited = awaitAutopilotJson(json -> json.contains("\"MinQuorum\":1"));
        assertTrue(edited, edited.contains("\"CleanupDeadServers\":true") && edited.contains("\"ServerStabilizationTime\":\"45s\""));

        operatorShell("config:property-set -p org.proconsul.autopilot lastContactThreshold banana");
        Thread.sleep(2_000);
        assertEquals(edited.replaceAll("\"ModifyIndex\":\\d+", ""), autopilotJson().replaceAll("\"ModifyIndex\":\\d+", ""));
        // while the bad value stays, the PID's edits are refused whole; once it is gone they apply again
        operatorShell("config:property-delete -p org.proconsul.autopilot lastContactThreshold");
        operatorShell("config:property-set -p org.proconsul.autopilot minQuorum 0");
        awaitAutopilotJson(json -> json.contains("\"MinQuorum\":0"));
    }

    /**
     * S12's extension point: the {@code proconsul-check-tls} feature installed into the running agent makes
     * {@code tls-expiry} definitions run; uninstalled, its check turns critical saying the type is missing;
     * installed again, it runs again. Throughout, no core bundle stops, the HTTP API answers every request
     * and a service registered before keeps its state (a restarted agent would have lost it).
     */
    @Test
    public void S12_checkTypeFeatureInstallsAndUninstallsWhileTheAgentServes() throws Exception {
        awaitLeader();
        TlsTarget target = TlsTarget.start(new File("target/exam-tls"));
        java.util.List<String> coreEvents = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        org.osgi.framework.BundleListener watch = e -> {
            String name = e.getBundle().getSymbolicName();
            if (name != null && name.startsWith("org.proconsul.") && !name.equals("org.proconsul.check.tls")
                    && (e.getType() == org.osgi.framework.BundleEvent.STOPPED
                    || e.getType() == org.osgi.framework.BundleEvent.UNRESOLVED)) {
                coreEvents.add(name + " " + e.getType());
            }
        };
        java.util.concurrent.atomic.AtomicInteger unanswered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean polling = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread poller = new Thread(() -> {
            while (polling.get()) {
                try {
                    if (get("/v1/agent/checks").statusCode() == 200) {
                        answered.incrementAndGet();
                    } else {
                        unanswered.incrementAndGet();
                    }
                    Thread.sleep(20);
                } catch (Exception e) {
                    unanswered.incrementAndGet();
                }
            }
        });
        try {
            assertEquals(200, put("/v1/agent/service/register",
                    "{\"Name\":\"witness\",\"ID\":\"witness-1\",\"Check\":{\"TTL\":\"10m\"}}").statusCode());
            assertEquals(200, put("/v1/agent/check/pass/service:witness-1?note=before", "").statusCode());
            String definition = "{\"Name\":\"cert\",\"ID\":\"cert\",\"Type\":\"tls-expiry\",\"Target\":\""
                    + target.address() + "\",\"Interval\":\"1s\"}";
            HttpResponse<String> early = put("/v1/agent/check/register", definition);
            assertEquals(400, early.statusCode());
            assertEquals("Invalid check: check type \"tls-expiry\" is not available on this agent", early.body().strip());

            context.addBundleListener(watch);
            poller.start();
            features.installFeature("proconsul-check-tls");
            assertEquals(200, put("/v1/agent/check/register", definition).statusCode());
            String running = awaitCheck("cert", c -> c.startsWith("warning|TLS certificate of " + target.address()
                    + " (CN=proconsul-exam) expires at "));
            assertTrue(running, running.endsWith("days"));

            features.uninstallFeature("proconsul-check-tls");
            awaitCheck("cert", c -> c.equals("critical|Check type \"tls-expiry\" is missing: no bundle on this agent"
                    + " provides it (check.type=tls-expiry)"));
            features.installFeature("proconsul-check-tls");
            awaitCheck("cert", c -> c.startsWith("warning|TLS certificate of "));
            Thread.sleep(500);
            polling.set(false);
            poller.join(5_000);

            assertEquals("core bundles never stopped or re-resolved", "[]", coreEvents.toString());
            assertEquals("HTTP answered throughout (" + answered.get() + " requests)", 0, unanswered.get());
            assertTrue("the poller ran", answered.get() > 10);
            assertEquals("passing|before", awaitCheck("service:witness-1", c -> true));
        } finally {
            polling.set(false);
            context.removeBundleListener(watch);
            target.close();
            put("/v1/agent/check/deregister/cert", "");
            put("/v1/agent/service/deregister/witness-1", "");
            if (features.isInstalled(features.getFeature("proconsul-check-tls"))) {
                features.uninstallFeature("proconsul-check-tls");
            }
        }
    }

    /** The Karaf shell's views of services, checks and sessions, written over HTTP and read back. */
    @Test
    public void S14_servicesChecksAndSessionsInTheShell() throws Exception {
        awaitLeader();
        assertEquals(200, put("/v1/agent/service/register", "{\"Name\":\"shop\",\"ID\":\"shop-1\",\"Port\":9090,"
                + "\"Tags\":[\"blue\"],\"Check\":{\"TTL\":\"10m\",\"Status\":\"passing\"}}").statusCode());
        try {
            String local = shell("consul:services -local");
            assertTrue(local, local.startsWith("ID") && local.matches("(?s).*\nshop-1\\s+shop\\s+9090\\s+blue\n.*"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String catalog = shell("consul:services -tags");
            while (!catalog.matches("(?s).*\nshop\\s+blue\n.*") && System.nanoTime() < deadline) {
                Thread.sleep(200);
                catalog = shell("consul:services -tags");
            }
            assertTrue(catalog, catalog.matches("(?s)consul\nshop\\s+blue\n"));
            String checks = shell("consul:checks -local");
            assertTrue(checks, checks.matches("(?s).*\\bservice:shop-1\\s+passing\\s+ttl\\s+shop-1.*"));
            HttpResponse<String> created = put("/v1/session/create", "{\"Name\":\"shell-view\",\"TTL\":\"30s\"}");
            assertEquals(created.body(), 200, created.statusCode());
            String sessions = shell("consul:sessions -node exam");
            assertTrue(sessions, sessions.matches("(?s).*\\bshell-view\\s+exam\\s+30s\\s+release\\s+15s\\s+serfHealth\n.*"));
            String bad = shell("consul:checks -state bogus");
            assertTrue(bad, bad.startsWith("Error: invalid state \"bogus\""));
        } finally {
            put("/v1/agent/service/deregister/shop-1", "");
        }
    }

    private void awaitLeader() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!get("/v1/status/leader").body().contains("18300")) {
            assertTrue("no leader", System.nanoTime() < deadline);
            Thread.sleep(100);
        }
    }

    /** "Status|Output" of a check on the agent once {@code done} accepts it. */
    private String awaitCheck(String id, java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            String body = get("/v1/agent/checks").body();
            com.fasterxml.jackson.databind.JsonNode c = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body)
                    .path(id);
            last = c.path("Status").asText() + "|" + c.path("Output").asText();
            if (!c.isMissingNode() && done.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("check " + id + " never got there; last: " + last);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + path))
                .timeout(Duration.ofSeconds(5)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Runs a shell command as Karaf's own {@code karaf} user would (roles admin, manager, viewer): Karaf's
     * command ACLs hide {@code config:property-set} and other changing commands from a session without them.
     */
    private String operatorShell(String command) throws Exception {
        javax.security.auth.Subject operator = new javax.security.auth.Subject();
        operator.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.UserPrincipal("karaf"));
        for (String role : new String[] {"admin", "manager", "viewer"}) {
            operator.getPrincipals().add(new org.apache.karaf.jaas.boot.principal.RolePrincipal(role));
        }
        return javax.security.auth.Subject.doAs(operator,
                (java.security.PrivilegedExceptionAction<String>) () -> shell(command));
    }

    private String autopilotJson() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + HTTP_PORT + "/v1/operator/autopilot/configuration")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body().replaceAll("\\s", "");
    }

    private String awaitAutopilotJson(java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String last = autopilotJson();
        while (!done.test(last)) {
            assertTrue("autopilot settings never matched; last: " + last, System.nanoTime() < deadline);
            Thread.sleep(200);
            last = autopilotJson();
        }
        return last;
    }

    private String shell(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        Session session = sessions.create(System.in, print, print);
        try {
            session.execute(command);
        } finally {
            session.close();
        }
        print.flush();
        return out.toString(StandardCharsets.UTF_8);
    }
}
