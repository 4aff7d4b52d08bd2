package org.proconsul.checks.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Connection failures worded as Go's net package words them, since scripts and dashboards read check
 * outputs Consul wrote ({@code dial tcp 10.0.0.1:80: connect: connection refused}).
 */
final class GoErrors {
    private GoErrors() {
    }

    static String dial(String network, String target, IOException e) {
        String host = target.contains(":") ? target.substring(0, target.lastIndexOf(':')) : target;
        if (e instanceof UnknownHostException) {
            return "dial " + network + ": lookup " + host + ": no such host";
        }
        if (e instanceof SocketTimeoutException) {
            return "dial " + network + " " + target + ": i/o timeout";
        }
        if (e instanceof NoRouteToHostException) {
            return "dial " + network + " " + target + ": connect: no route to host";
        }
        if (e instanceof ConnectException) {
            String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (m.contains("refused")) {
                return "dial " + network + " " + target + ": connect: connection refused";
            }
            if (m.contains("unreachable")) {
                return "dial " + network + " " + target + ": connect: network is unreachable";
            }
        }
        return "dial " + network + " " + target + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().toLowerCase(java.util.Locale.ROOT));
    }
}
