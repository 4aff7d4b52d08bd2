package org.proconsul.cli.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What the loader asks the machine: its host name (the default node name) and its network interfaces
 * (to pick the address to advertise when binding to {@code 0.0.0.0}). Tests pass a fixed one.
 */
public interface HostEnvironment {

    /** One network interface as Go's {@code net.Interfaces()} reports it. */
    record NetInterface(String name, boolean up, boolean loopback, List<InetAddress> addresses) {
        public NetInterface {
            addresses = List.copyOf(addresses);
        }
    }

    /** The host name, as Go's {@code os.Hostname()} returns it. */
    String hostname() throws IOException;

    /** Every network interface with its addresses. */
    List<NetInterface> interfaces() throws IOException;

    /**
     * The real machine. The host name comes from the kernel ({@code /proc/sys/kernel/hostname}, what Go
     * reads on Linux), else from Java's local host name, else from {@code HOSTNAME} in {@code env}.
     */
    static HostEnvironment system(Map<String, String> env) {
        return new HostEnvironment() {
            @Override
            public String hostname() throws IOException {
                Path kernel = Path.of("/proc/sys/kernel/hostname");
                if (Files.isReadable(kernel)) {
                    String name = Files.readString(kernel, StandardCharsets.UTF_8).trim();
                    if (!name.isEmpty()) {
                        return name;
                    }
                }
                try {
                    return InetAddress.getLocalHost().getHostName();
                } catch (IOException e) {
                    String fromEnv = env == null ? null : env.get("HOSTNAME");
                    if (fromEnv != null && !fromEnv.isEmpty()) {
                        return fromEnv;
                    }
                    throw e;
                }
            }

            @Override
            public List<NetInterface> interfaces() throws SocketException {
                List<NetInterface> out = new ArrayList<>();
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    out.add(new NetInterface(ni.getName(), ni.isUp(), ni.isLoopback(),
                        Collections.list(ni.getInetAddresses())));
                }
                return out;
            }
        };
    }

    /** A fixed environment, for tests and embedding. */
    static HostEnvironment fixed(String hostname, List<NetInterface> interfaces) {
        List<NetInterface> copy = List.copyOf(interfaces);
        return new HostEnvironment() {
            @Override
            public String hostname() {
                return hostname;
            }

            @Override
            public List<NetInterface> interfaces() {
                return copy;
            }
        };
    }
}
