package org.proconsul.checks.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.service.component.annotations.Component;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckSpec;
import org.proconsul.api.check.CheckType;

/** {@code tcp}: passing when a TCP connection to {@code TCP} ("host:port") opens within the timeout. */
@Component(service = CheckType.class, property = CheckType.TYPE + "=tcp")
public final class TcpCheckType implements CheckType {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public CheckPlan plan(CheckSpec spec, CheckContext context) {
        // as Consul, the target is first looked at when dialled: a bad one shows in the check's output
        return IntervalRules.periodic(spec, DEFAULT_TIMEOUT);
    }

    @Override
    public CompletionStage<CheckResult> run(CheckSpec spec, CheckPlan plan, CheckContext context) {
        String target = spec.text("TCP");
        HostPort address;
        try {
            address = HostPort.parse(target);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(CheckResult.critical("dial tcp: " + e.getMessage()));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), (int) plan.timeout().toMillis());
            return CompletableFuture.completedFuture(CheckResult.passing("TCP connect " + target + ": Success"));
        } catch (IOException e) {
            return CompletableFuture.completedFuture(CheckResult.critical(GoErrors.dial("tcp", target, e)));
        }
    }
}
