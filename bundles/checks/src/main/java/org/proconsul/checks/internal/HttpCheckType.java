package org.proconsul.checks.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckSpec;
import org.proconsul.api.check.CheckType;

/**
 * {@code http}: a request to {@code HTTP} with {@code Method} (GET), {@code Header} (name → list of values),
 * {@code Body}; 2xx is passing, 429 warning, anything else or no answer critical; the output names the
 * request, the status and the first 4 KiB of the body. {@code TLSSkipVerify} trusts any certificate,
 * {@code DisableRedirects} answers with the redirect itself.
 */
@Component(service = CheckType.class, property = CheckType.TYPE + "=http")
public final class HttpCheckType implements CheckType {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final String USER_AGENT = "Consul Health Check";
    static final String ACCEPT = "text/plain, text/*, */*";
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private record ClientKind(boolean skipVerify, boolean followRedirects) {
    }

    private final Map<ClientKind, HttpClient> clients = new ConcurrentHashMap<>();

    @Override
    public CheckPlan plan(CheckSpec spec, CheckContext context) {
        return IntervalRules.periodic(spec, DEFAULT_TIMEOUT);
    }

    @Override
    public CompletionStage<CheckResult> run(CheckSpec spec, CheckPlan plan, CheckContext context) {
        String method = spec.text("Method").isEmpty() ? "GET" : spec.text("Method");
        String url = spec.text("HTTP");
        String failed = goMethod(method) + " \"" + url + "\": ";
        HttpRequest request;
        try {
            request = request(spec, method, url, plan.timeout());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(CheckResult.critical(failed + e.getMessage()));
        }
        HttpClient client = client(new ClientKind(spec.flag("TLSSkipVerify"), !spec.flag("DisableRedirects")));
        OutputTail body = new OutputTail();
        CompletableFuture<HttpResponse<Void>> exchange = client.sendAsync(request, info -> new TailSubscriber(body));
        // the request's timeout covers the headers; this one the body too, as Go's Client.Timeout does
        CompletableFuture<CheckResult> result = exchange
                .orTimeout(plan.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        exchange.cancel(true);
                        return CheckResult.critical(failed + describe(failure, url));
                    }
                    int code = response.statusCode();
                    String output = "HTTP " + method + " " + url + ": " + code + " " + StatusTexts.of(code)
                            + " Output: " + body.text();
                    if (code >= 200 && code <= 299) {
                        return CheckResult.passing(output);
                    }
                    return code == 429 ? CheckResult.warning(output) : CheckResult.critical(output);
                });
        return result;
    }

    private static HttpRequest request(CheckSpec spec, String method, String url, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
        String body = spec.text("Body");
        b.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        boolean userAgentSet = false;
        boolean acceptSet = false;
        if (spec.parameter("Header") instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> h : headers.entrySet()) {
                String name = String.valueOf(h.getKey());
                if (RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    continue;
                }
                List<?> values = h.getValue() instanceof List<?> l ? l : List.of(String.valueOf(h.getValue()));
                for (Object v : values) {
                    b.header(name, String.valueOf(v));
                }
                userAgentSet |= name.equalsIgnoreCase("User-Agent");
                acceptSet |= name.equalsIgnoreCase("Accept");
            }
        }
        if (!userAgentSet) {
            b.header("User-Agent", USER_AGENT);
        }
        if (!acceptSet) {
            b.header("Accept", ACCEPT);
        }
        return b.build();
    }

    /** Go names a request by its method with only the first letter upper case ({@code Get "url": …}). */
    private static String goMethod(String method) {
        return method.isEmpty() ? method
                : method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    /** A failed exchange as Go's client words it. */
    private static String describe(Throwable failure, String url) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof HttpTimeoutException) {
            return "context deadline exceeded (Client.Timeout exceeded while awaiting headers)";
        }
        String hostPort = hostPort(url);
        if (cause instanceof java.net.ConnectException || cause.getCause() instanceof java.net.ConnectException) {
            return "dial tcp " + hostPort + ": connect: connection refused";
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            return "tls: " + cause.getMessage();
        }
        if (cause instanceof IOException io) {
            return GoErrors.dial("tcp", hostPort, io);
        }
        return String.valueOf(cause.getMessage());
    }

    private static String hostPort(String url) {
        URI u = URI.create(url);
        int port = u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        return u.getHost() + ":" + port;
    }

    /** Keeps the body's last 4 KiB, as Consul's check does, however long the body is. */
    private static final class TailSubscriber implements HttpResponse.BodySubscriber<Void> {
        private final OutputTail tail;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        TailSubscriber(OutputTail tail) {
            this.tail = tail;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> item) {
            item.forEach(tail::write);
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    /** One client per TLS and redirect setting; the request's own timeout bounds each run. */
    private HttpClient client(ClientKind kind) {
        return clients.computeIfAbsent(kind, k -> {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .followRedirects(k.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
            if (k.skipVerify()) {
                SSLContext trustAll = trustingEverything();
                b.sslContext(trustAll);
                // from the context's defaults: the JDK's client offers h2 only when the protocol list names TLS 1.2+
                SSLParameters params = trustAll.getDefaultSSLParameters();
                params.setEndpointIdentificationAlgorithm(null);
                b.sslParameters(params);
            }
            return b.build();
        });
    }

    /** TLSSkipVerify: any chain and any host name pass, as Go's InsecureSkipVerify. */
    static SSLContext trustingEverything() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new javax.net.ssl.TrustManager[] {new TrustEverything()}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }

    private static final class TrustEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    @Deactivate
    void deactivate() {
        clients.clear();
    }
}
