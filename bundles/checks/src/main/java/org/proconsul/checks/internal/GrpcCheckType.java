package org.proconsul.checks.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckSpec;
import org.proconsul.api.check.CheckType;

/**
 * {@code grpc}: gRPC's standard health check against {@code GRPC} ("host:port" or "host:port/service").
 * SERVING is passing, any other status or error critical, with Consul's outputs. Cleartext speaks HTTP/2
 * with prior knowledge through Jetty's HTTP/2 client, as gRPC servers expect; {@code GRPCUseTLS} goes
 * through the JDK's client, which negotiates h2 over TLS itself ({@code TLSSkipVerify} trusts any certificate).
 */
@Component(service = CheckType.class, property = CheckType.TYPE + "=grpc")
public final class GrpcCheckType implements CheckType {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GrpcCheckType.class);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final HTTP2Client cleartext = new HTTP2Client();
    private volatile HttpClient tls;
    private volatile HttpClient tlsSkipVerify;

    @Activate
    public GrpcCheckType() {
        Http2PreEncoding.ensure();
        try {
            cleartext.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP/2 client", e);
        }
    }

    @Deactivate
    void deactivate() throws Exception {
        cleartext.stop();
    }

    @Override
    public CheckPlan plan(CheckSpec spec, CheckContext context) {
        return IntervalRules.periodic(spec, DEFAULT_TIMEOUT);
    }

    @Override
    public CompletionStage<CheckResult> run(CheckSpec spec, CheckPlan plan, CheckContext context) {
        String target = spec.text("GRPC");
        int slash = target.indexOf('/');
        String address = slash < 0 ? target : target.substring(0, slash);
        String service = slash < 0 ? "" : target.substring(slash + 1);
        HostPort hostPort;
        try {
            hostPort = HostPort.parse(address);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(CheckResult.critical(GrpcHealthProtocol.rpcError(14,
                    "connection error: desc = \"transport: Error while dialing: dial tcp: " + e.getMessage() + "\"")));
        }
        Answer answer;
        try {
            answer = spec.flag("GRPCUseTLS") ? overTls(hostPort, service, spec.flag("TLSSkipVerify"), plan.timeout())
                    : cleartext(hostPort, service, plan.timeout());
        } catch (TimeoutException e) {
            return CompletableFuture.completedFuture(CheckResult.critical(
                    GrpcHealthProtocol.rpcError(4, "context deadline exceeded")));
        } catch (IOException e) {
            LOG.debug("check: grpc check failed check={} target={}", spec.checkId(), target, e);
            return CompletableFuture.completedFuture(CheckResult.critical(GrpcHealthProtocol.rpcError(14,
                    "connection error: desc = \"transport: Error while dialing: " + GoErrors.dial("tcp", address, e)
                            + "\"")));
        }
        return CompletableFuture.completedFuture(result(target, answer));
    }

    /** What came back: a gRPC status (trailers or trailers-only headers) and the response message. */
    private record Answer(int httpStatus, int grpcStatus, String grpcMessage, byte[] body) {
    }

    static CheckResult result(String target, Answer answer) {
        if (answer.httpStatus() != 200) {
            return CheckResult.critical(GrpcHealthProtocol.rpcError(answer.httpStatus() == 404 ? 12 : 2,
                    "unexpected HTTP status code received from server: " + answer.httpStatus()));
        }
        if (answer.grpcStatus() != 0) {
            return CheckResult.critical(GrpcHealthProtocol.rpcError(answer.grpcStatus(), answer.grpcMessage()));
        }
        int status;
        try {
            status = GrpcHealthProtocol.status(answer.body());
        } catch (IllegalArgumentException e) {
            return CheckResult.critical(GrpcHealthProtocol.rpcError(13, "grpc: failed to unmarshal the received"
                    + " message: " + e.getMessage()));
        }
        if (status == GrpcHealthProtocol.SERVING) {
            return CheckResult.passing("gRPC check " + target + ": success");
        }
        return CheckResult.critical("gRPC " + target + " serving status: " + GrpcHealthProtocol.statusName(status));
    }

    private Answer cleartext(HostPort to, String service, Duration timeout) throws IOException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Session session;
        try {
            session = cleartext.connect(new InetSocketAddress(to.host(), to.port()), new Session.Listener() { })
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw asIo(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        try {
            HttpFields.Mutable headers = HttpFields.build()
                    .put("content-type", "application/grpc")
                    .put("te", "trailers")
                    .put("user-agent", "grpc-java-proconsul");
            MetaData.Request request = new MetaData.Request("POST",
                    HttpURI.build("http://" + to.host() + ":" + to.port() + GrpcHealthProtocol.PATH), HttpVersion.HTTP_2,
                    headers);
            CollectingListener listener = new CollectingListener();
            Stream stream = session.newStream(new HeadersFrame(request, null, false), listener)
                    .get(remaining(deadline), TimeUnit.MILLISECONDS);
            stream.data(new DataFrame(stream.getId(), GrpcHealthProtocol.request(service), true));
            return listener.answer.get(remaining(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw asIo(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            session.close(0, "done", org.eclipse.jetty.util.Callback.NOOP);
        }
    }

    private static long remaining(long deadline) throws TimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            throw new TimeoutException();
        }
        return left;
    }

    private static IOException asIo(Throwable cause) {
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != cause && root != null) {
            // Jetty wraps encoding failures; the innermost cause says what went wrong
            return new IOException(cause.getMessage() + ": " + root, cause);
        }
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause != null && cause.getCause() instanceof IOException io) {
            return io;
        }
        return new IOException(cause == null ? "failed" : String.valueOf(cause.getMessage()), cause);
    }

    /** Collects one response: its headers, its message, and the trailers that end it. */
    private static final class CollectingListener implements Stream.Listener {
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int httpStatus;
        private HttpFields responseHeaders = HttpFields.EMPTY;

        @Override
        public void onHeaders(Stream stream, HeadersFrame frame) {
            MetaData meta = frame.getMetaData();
            if (meta.isResponse()) {
                httpStatus = ((MetaData.Response) meta).getStatus();
                responseHeaders = meta.getHttpFields();
            }
            if (frame.isEndStream()) {
                // trailers, or a trailers-only response carrying the status in its headers
                finish(meta.getHttpFields());
            } else {
                stream.demand();
            }
        }

        @Override
        public void onDataAvailable(Stream stream) {
            Stream.Data data = stream.readData();
            if (data == null) {
                stream.demand();
                return;
            }
            ByteBuffer bytes = data.frame().getByteBuffer();
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            synchronized (body) {
                if (body.size() < 1 << 16) {
                    body.writeBytes(copy);
                }
            }
            boolean end = data.frame().isEndStream();
            data.release();
            if (end) {
                finish(responseHeaders);
            } else {
                stream.demand();
            }
        }

        @Override
        public void onReset(Stream stream, org.eclipse.jetty.http2.frames.ResetFrame frame,
                org.eclipse.jetty.util.Callback callback) {
            answer.completeExceptionally(new IOException("stream reset by the server (error " + frame.getError() + ")"));
            callback.succeeded();
        }

        @Override
        public void onFailure(Stream stream, int error, String reason, Throwable failure,
                org.eclipse.jetty.util.Callback callback) {
            answer.completeExceptionally(failure instanceof IOException ? failure : new IOException(reason, failure));
            callback.succeeded();
        }

        private void finish(HttpFields trailers) {
            String code = trailers.get("grpc-status");
            if (code == null) {
                code = responseHeaders.get("grpc-status");
            }
            int grpcStatus;
            try {
                grpcStatus = code == null ? 2 : Integer.parseInt(code.trim());
            } catch (NumberFormatException e) {
                grpcStatus = 2;
            }
            String message = trailers.get("grpc-message");
            synchronized (body) {
                answer.complete(new Answer(httpStatus, code == null && httpStatus == 200 ? 2 : grpcStatus,
                        code == null ? "server closed the stream without sending trailers"
                                : message == null ? "" : java.net.URLDecoder.decode(message,
                                        java.nio.charset.StandardCharsets.UTF_8),
                        body.toByteArray()));
            }
        }
    }

    private Answer overTls(HostPort to, String service, boolean skipVerify, Duration timeout)
            throws IOException, TimeoutException {
        HttpClient client = tlsClient(skipVerify);
        ByteBuffer message = GrpcHealthProtocol.request(service);
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://" + to.host() + ":" + to.port()
                        + GrpcHealthProtocol.PATH))
                .timeout(timeout)
                .header("content-type", "application/grpc")
                .header("te", "trailers")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            // the JDK's client shows no trailers: a trailers-only status is in the headers, a successful
            // answer is its message
            String code = response.headers().firstValue("grpc-status").orElse("0");
            String grpcMessage = response.headers().firstValue("grpc-message").orElse("");
            int grpcStatus;
            try {
                grpcStatus = Integer.parseInt(code.trim());
            } catch (NumberFormatException e) {
                grpcStatus = 2;
            }
            return new Answer(response.statusCode(), grpcStatus, grpcMessage, response.body());
        } catch (HttpTimeoutException e) {
            throw new TimeoutException();
        } catch (ConnectException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (CompletionException e) {
            throw asIo(e.getCause());
        }
    }

    private HttpClient tlsClient(boolean skipVerify) {
        HttpClient existing = skipVerify ? tlsSkipVerify : tls;
        if (existing != null) {
            return existing;
        }
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2);
        if (skipVerify) {
            SSLContext trustAll = HttpCheckType.trustingEverything();
            b.sslContext(trustAll);
            // from the context's defaults: the JDK's client offers h2 only when the protocol list names TLS 1.2+
            javax.net.ssl.SSLParameters params = trustAll.getDefaultSSLParameters();
            params.setEndpointIdentificationAlgorithm(null);
            b.sslParameters(params);
        }
        HttpClient built = b.build();
        if (skipVerify) {
            tlsSkipVerify = built;
        } else {
            tls = built;
        }
        return built;
    }
}
