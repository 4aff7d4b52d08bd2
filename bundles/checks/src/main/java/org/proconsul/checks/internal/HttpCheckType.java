package org.proconsul.checks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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
        return CompletableFuture.completedFuture(request(spec, method, url, plan.timeout()));
    }

    private CheckResult request(CheckSpec spec, String method, String url, Duration timeout) {
        HttpRequest request;
        try {
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
            request = b.build();
        } catch (IllegalArgumentException e) {
            return CheckResult.critical("request error: " + e.getMessage());
        }
        HttpClient client = client(new ClientKind(spec.flag("TLSSkipVerify"), !spec.flag("DisableRedirects")));
        String what = "HTTP " + method + " " + url;
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readNBytes(IntervalRules.OUTPUT_MAX), StandardCharsets.UTF_8);
            }
            int code = response.statusCode();
            String output = what + ": " + code + " " + StatusTexts.of(code) + " Output: " + body;
            if (code >= 200 && code <= 299) {
                return CheckResult.passing(output);
            }
            if (code == 429) {
                return CheckResult.warning(output);
            }
            return CheckResult.critical(output);
        } catch (HttpTimeoutException e) {
            return CheckResult.critical(what + ": context deadline exceeded (Client.Timeout exceeded while awaiting"
                    + " headers)");
        } catch (IOException e) {
            return CheckResult.critical(what + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.critical(what + ": interrupted");
        }
    }

    private static String describe(IOException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        if (cause instanceof java.net.ConnectException || e.getCause() instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (cause instanceof javax.net.ssl.SSLHandshakeException) {
            return "tls: " + cause.getMessage();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** One client per TLS and redirect setting; the request's own timeout bounds each run. */
    private HttpClient client(ClientKind kind) {
        return clients.computeIfAbsent(kind, k -> {
            HttpClient.Builder b = HttpClient.newBuilder()
                    .followRedirects(k.followRedirects() ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER);
            if (k.skipVerify()) {
                b.sslContext(trustingEverything());
                SSLParameters params = new SSLParameters();
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
