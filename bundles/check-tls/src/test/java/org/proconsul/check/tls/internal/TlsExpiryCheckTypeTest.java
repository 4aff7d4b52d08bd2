package org.proconsul.check.tls.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckSpec;
import org.proconsul.api.check.InvalidCheckException;

/** The type against a real TLS server whose certificate keytool made valid for ten days. */
class TlsExpiryCheckTypeTest {
    @TempDir
    Path tmp;
    private SSLServerSocket server;
    private Thread acceptor;

    private static final CheckContext CONTEXT = new CheckContext() {
        @Override
        public String nodeName() {
            return "n1";
        }

        @Override
        public boolean scriptChecks() {
            return false;
        }

        @Override
        public boolean localScriptChecks() {
            return false;
        }

        @Override
        public java.util.Set<String> localServices() {
            return java.util.Set.of();
        }

        @Override
        public Map<String, HealthCheck> localChecks() {
            return Map.of();
        }

        @Override
        public CompletionStage<List<HealthCheck>> catalogNodeChecks(String node) {
            return java.util.concurrent.CompletableFuture.completedFuture(List.of()); // no other node here
        }
    };

    @BeforeEach
    void startServer() throws Exception {
        Path store = tmp.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-validity", "10", "-dname", "CN=tls-test",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 10,
                InetAddress.getByName("127.0.0.1"));
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                } catch (Exception e) {
                    // a closed server or a client that hung up: keep serving or stop
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        acceptor.join(2000);
    }

    private CheckResult run(TlsExpiryCheckType type, Map<String, Object> params) {
        CheckSpec spec = new CheckSpec("cert", "", "tls-expiry", Duration.ofSeconds(30), Duration.ofSeconds(5), null,
                false, params);
        CheckPlan plan = type.plan(spec, CONTEXT);
        return type.run(spec, plan, CONTEXT).toCompletableFuture().join();
    }

    @Test
    void statusFollowsTheTimeLeftOnTheCertificate() {
        String target = "127.0.0.1:" + server.getLocalPort();
        TlsExpiryCheckType now = new TlsExpiryCheckType();
        CheckResult tenDays = run(now, Map.of("Target", target));
        assertEquals(HealthCheck.WARNING, tenDays.status(), "ten days is inside the 30 day default window");
        assertTrue(tenDays.output().startsWith("TLS certificate of " + target + " (CN=tls-test) expires at "),
                tenDays.output());
        assertTrue(tenDays.output().endsWith(", in 9 days") || tenDays.output().endsWith(", in 10 days"), tenDays.output());
        assertEquals(HealthCheck.PASSING, run(now, Map.of("Target", target, "WarningWithin", "24h",
                "CriticalWithin", "1h")).status());
        TlsExpiryCheckType inNineDays = new TlsExpiryCheckType(Clock.offset(Clock.systemUTC(), Duration.ofDays(9)));
        assertEquals(HealthCheck.CRITICAL, run(inNineDays, Map.of("Target", target)).status());
        TlsExpiryCheckType inAMonth = new TlsExpiryCheckType(Clock.fixed(java.time.Instant.now().plus(Duration.ofDays(30)),
                ZoneOffset.UTC));
        assertTrue(run(inAMonth, Map.of("Target", target)).output().contains("expired at"));
    }

    @Test
    void noHandshakeIsCriticalAndBadDefinitionsAreRefused() throws Exception {
        int port = server.getLocalPort();
        server.close();
        CheckResult closed = run(new TlsExpiryCheckType(), Map.of("Target", "127.0.0.1:" + port));
        assertEquals(HealthCheck.CRITICAL, closed.status());
        assertTrue(closed.output().startsWith("TLS handshake with 127.0.0.1:" + port + " failed: "), closed.output());
        TlsExpiryCheckType type = new TlsExpiryCheckType();
        CheckSpec noTarget = new CheckSpec("c", "", "tls-expiry", Duration.ofSeconds(1), null, null, false, Map.of());
        assertThrows(InvalidCheckException.class, () -> type.plan(noTarget, CONTEXT));
        CheckSpec inverted = new CheckSpec("c", "", "tls-expiry", Duration.ofSeconds(1), null, null, false,
                Map.of("Target", "x:1", "WarningWithin", "1h", "CriticalWithin", "2h"));
        assertEquals("CriticalWithin can't be longer than WarningWithin",
                assertThrows(InvalidCheckException.class, () -> type.plan(inverted, CONTEXT)).getMessage());
    }
}
