package org.proconsul.check.tls.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

import org.osgi.service.component.annotations.Component;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckSpec;
import org.proconsul.api.check.CheckType;
import org.proconsul.api.check.InvalidCheckException;
import org.proconsul.api.time.GoDuration;

/**
 * {@code tls-expiry}: how long the certificate a TLS server presents at {@code Target} ("host:port",
 * with {@code TLSServerName} as SNI) stays valid. Passing while more than {@code WarningWithin} (720h)
 * is left, warning inside that window, critical inside {@code CriticalWithin} (168h), once expired, or
 * when no handshake completes. The chain is not verified: the check reports expiry, trust is the
 * clients' business. A definition picks it with {@code "Type": "tls-expiry"}.
 */
@Component(service = CheckType.class, property = CheckType.TYPE + "=" + TlsExpiryCheckType.TYPE)
public final class TlsExpiryCheckType implements CheckType {
    static final String TYPE = "tls-expiry";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_WARNING = Duration.ofHours(720);
    static final Duration DEFAULT_CRITICAL = Duration.ofHours(168);

    private final Clock clock;

    public TlsExpiryCheckType() {
        this(Clock.systemUTC());
    }

    TlsExpiryCheckType(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CheckPlan plan(CheckSpec spec, CheckContext context) {
        if (spec.interval() == null || spec.interval().compareTo(Duration.ZERO) <= 0) {
            throw new InvalidCheckException("Interval must be > 0 for tls-expiry checks");
        }
        if (spec.text("Target").isEmpty()) {
            throw new InvalidCheckException("Target (host:port) must be set for tls-expiry checks");
        }
        Duration warning = window(spec, "WarningWithin", DEFAULT_WARNING);
        Duration critical = window(spec, "CriticalWithin", DEFAULT_CRITICAL);
        if (critical.compareTo(warning) > 0) {
            throw new InvalidCheckException("CriticalWithin can't be longer than WarningWithin");
        }
        Duration timeout = spec.timeout() == null || spec.timeout().compareTo(Duration.ZERO) <= 0 ? DEFAULT_TIMEOUT
                : spec.timeout();
        return new CheckPlan(spec.interval(), timeout);
    }

    private static Duration window(CheckSpec spec, String field, Duration fallback) {
        String text = spec.text(field);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return GoDuration.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidCheckException(field + ": time: invalid duration \"" + text + "\"");
        }
    }

    @Override
    public CompletionStage<CheckResult> run(CheckSpec spec, CheckPlan plan, CheckContext context) {
        String target = spec.text("Target");
        int colon = target.lastIndexOf(':');
        String host = colon < 0 ? target : target.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            return done(CheckResult.critical("address " + target + ": missing or invalid port"));
        }
        X509Certificate leaf;
        try {
            leaf = fetchLeaf(host, port, spec.text("TLSServerName"), plan.timeout());
        } catch (IOException | GeneralSecurityException e) {
            return done(CheckResult.critical("TLS handshake with " + target + " failed: " + e.getMessage()));
        }
        Instant notAfter = leaf.getNotAfter().toInstant();
        Duration left = Duration.between(clock.instant(), notAfter);
        String subject = leaf.getSubjectX500Principal().getName();
        if (left.isNegative() || left.isZero()) {
            return done(CheckResult.critical("TLS certificate of " + target + " (" + subject + ") expired at "
                    + notAfter));
        }
        String output = "TLS certificate of " + target + " (" + subject + ") expires at " + notAfter + ", in "
                + left.toDays() + " days";
        if (left.compareTo(window(spec, "CriticalWithin", DEFAULT_CRITICAL)) <= 0) {
            return done(CheckResult.critical(output));
        }
        if (left.compareTo(window(spec, "WarningWithin", DEFAULT_WARNING)) <= 0) {
            return done(CheckResult.warning(output));
        }
        return done(CheckResult.passing(output));
    }

    private static CompletionStage<CheckResult> done(CheckResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static X509Certificate fetchLeaf(String host, int port, String serverName, Duration timeout)
            throws IOException, GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new javax.net.ssl.TrustManager[] {new AcceptAny()}, new SecureRandom());
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            raw.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, host, port, false)) {
                if (!serverName.isEmpty()) {
                    SSLParameters params = socket.getSSLParameters();
                    params.setServerNames(List.of(new SNIHostName(serverName)));
                    socket.setSSLParameters(params);
                }
                socket.startHandshake();
                Certificate[] chain = socket.getSession().getPeerCertificates();
                if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                    throw new GeneralSecurityException("no X.509 certificate presented");
                }
                return leaf;
            }
        }
    }

    /** The check looks at the certificate it is shown; whether it is trusted is not its question. */
    private static final class AcceptAny extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
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
}
