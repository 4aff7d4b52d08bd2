package org.proconsul.checks.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;

import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proconsul.api.catalog.HealthCheck;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckSpec;

/** The grpc type against grpc-java's own server and health service, in cleartext and over TLS. */
class GrpcCheckTypeTest {
    @TempDir
    Path tmp;
    private Server server;
    private final GrpcCheckType type = new GrpcCheckType();

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

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        type.deactivate();
    }

    private CheckResult run(Map<String, Object> params) {
        CheckSpec spec = new CheckSpec("g", "", "grpc", Duration.ofSeconds(10), Duration.ofSeconds(3), null, false, params);
        CheckPlan plan = type.plan(spec, CONTEXT);
        return type.run(spec, plan, CONTEXT).toCompletableFuture().join();
    }

    @Test
    void cleartextServingNotServingUnknownAndDown() throws Exception {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus("billing", ServingStatus.NOT_SERVING);
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(health.getHealthService()).build().start();
        String target = "127.0.0.1:" + server.getPort();
        assertEquals(CheckResult.passing("gRPC check " + target + ": success"), run(Map.of("GRPC", target)));
        assertEquals(CheckResult.critical("gRPC " + target + "/billing serving status: NOT_SERVING"),
                run(Map.of("GRPC", target + "/billing")));
        health.setStatus("billing", ServingStatus.SERVING);
        assertEquals(HealthCheck.PASSING, run(Map.of("GRPC", target + "/billing")).status());
        CheckResult unknown = run(Map.of("GRPC", target + "/nope"));
        assertEquals(HealthCheck.CRITICAL, unknown.status());
        assertTrue(unknown.output().startsWith("rpc error: code = NotFound desc = unknown service"), unknown.output());
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        CheckResult down = run(Map.of("GRPC", target));
        assertEquals(HealthCheck.CRITICAL, down.status());
        assertTrue(down.output().startsWith("rpc error: code = Unavailable desc = connection error: desc = \"transport:"
                + " Error while dialing: dial tcp " + target + ": connect: connection refused"), down.output());
    }

    @Test
    void overTlsWithSkipVerify() throws Exception {
        Path store = tmp.resolve("grpc.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "grpc", "-keyalg", "EC", "-validity", "2", "-dname", "CN=grpc-test",
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", "changeit")
                .redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor());
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        HealthStatusManager health = new HealthStatusManager();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(kmf)).build())
                .addService(health.getHealthService()).build().start();
        String target = "127.0.0.1:" + server.getPort();
        assertEquals(CheckResult.passing("gRPC check " + target + ": success"),
                run(Map.of("GRPC", target, "GRPCUseTLS", true, "TLSSkipVerify", true)));
        CheckResult untrusted = run(Map.of("GRPC", target, "GRPCUseTLS", true));
        assertEquals(HealthCheck.CRITICAL, untrusted.status(), "a self-signed certificate is refused without skip");
    }

    @Test
    void responsesAreDecodedWithoutProtobuf() {
        byte[] serving = {0, 0, 0, 0, 2, 0x08, 0x01};
        assertEquals(1, GrpcHealthProtocol.status(serving));
        byte[] empty = {0, 0, 0, 0, 0};
        assertEquals(0, GrpcHealthProtocol.status(empty), "proto3 zero value: UNKNOWN");
        byte[] withUnknownField = {0, 0, 0, 0, 6, 0x12, 0x02, 'h', 'i', 0x08, 0x02};
        assertEquals(2, GrpcHealthProtocol.status(withUnknownField));
        java.nio.ByteBuffer request = GrpcHealthProtocol.request("web");
        assertEquals(10, request.remaining());
        assertEquals(0x0A, request.get(5));
    }
}
