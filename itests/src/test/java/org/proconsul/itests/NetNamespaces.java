package org.proconsul.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test hosts in Linux network namespaces, each with its own address in 10.201.0.0/16, wired to one
 * bridge that lives in a namespace of its own; the test's own namespace joins the bridge as
 * 10.201.255.254 so tests talk to the agents directly. Everything carries the prefix {@code pc-}, is
 * removed on {@link #close()}, and stale leftovers with that prefix are removed before start.
 */
final class NetNamespaces implements AutoCloseable {
    private static final String PREFIX = "pc-";
    private static final String SWITCH = PREFIX + "sw";
    private static final String BRIDGE = PREFIX + "br";
    private static final String HOST_VETH = PREFIX + "host";
    static final String HOST_ADDRESS = "10.201.255.254";

    private final List<String> namespaces = new ArrayList<>();
    /** Each host's namespace and the bridge-side end of its veth. */
    private final java.util.Map<String, String> bridgePorts = new java.util.HashMap<>();
    private boolean hostLinked;

    private NetNamespaces() {
    }

    /** True when this machine lets the test create namespaces (root and iproute2). */
    static boolean available() {
        try {
            return run(false, "ip", "netns", "list") == 0 && ProcessHandle.current().info().user()
                    .map("root"::equals).orElse(false);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Removes stale leftovers, then creates the switch and links this namespace to it. */
    static NetNamespaces create() throws IOException, InterruptedException {
        removeStale();
        NetNamespaces n = new NetNamespaces();
        try {
            check("ip", "netns", "add", SWITCH);
            n.namespaces.add(SWITCH);
            inNs(SWITCH, "ip", "link", "set", "lo", "up");
            inNs(SWITCH, "ip", "link", "add", BRIDGE, "type", "bridge");
            inNs(SWITCH, "ip", "link", "set", BRIDGE, "up");
            check("ip", "link", "add", HOST_VETH, "type", "veth", "peer", "name", HOST_VETH + "-p");
            n.hostLinked = true;
            check("ip", "link", "set", HOST_VETH + "-p", "netns", SWITCH);
            inNs(SWITCH, "ip", "link", "set", HOST_VETH + "-p", "master", BRIDGE);
            inNs(SWITCH, "ip", "link", "set", HOST_VETH + "-p", "up");
            check("ip", "addr", "add", HOST_ADDRESS + "/16", "dev", HOST_VETH);
            check("ip", "link", "set", HOST_VETH, "up");
            return n;
        } catch (IOException | InterruptedException | RuntimeException e) {
            n.close();
            throw e;
        }
    }

    /** Adds host {@code name} (namespace {@code pc-NAME}) with address {@code 10.201.x.y}; returns the namespace. */
    String addHost(String name, String address) throws IOException, InterruptedException {
        if (!address.startsWith("10.201.")) {
            throw new IllegalArgumentException("test hosts live in 10.201.0.0/16 only, not " + address);
        }
        String ns = PREFIX + name;
        String veth = PREFIX + "v" + namespaces.size();
        check("ip", "netns", "add", ns);
        namespaces.add(ns);
        inNs(ns, "ip", "link", "set", "lo", "up");
        check("ip", "link", "add", veth, "type", "veth", "peer", "name", veth + "-p");
        check("ip", "link", "set", veth, "netns", ns);
        check("ip", "link", "set", veth + "-p", "netns", SWITCH);
        inNs(SWITCH, "ip", "link", "set", veth + "-p", "master", BRIDGE);
        inNs(SWITCH, "ip", "link", "set", veth + "-p", "up");
        inNs(ns, "ip", "addr", "add", address + "/16", "dev", veth);
        inNs(ns, "ip", "link", "set", veth, "up");
        bridgePorts.put(ns, veth + "-p");
        return ns;
    }

    /** Cuts a host off the network: its bridge port goes down, so nothing reaches it or leaves it. */
    void isolate(String ns) throws IOException, InterruptedException {
        inNs(SWITCH, "ip", "link", "set", bridgePorts.get(ns), "down");
    }

    /** Puts an isolated host back on the network. */
    void heal(String ns) throws IOException, InterruptedException {
        inNs(SWITCH, "ip", "link", "set", bridgePorts.get(ns), "up");
    }

    /** The command prefix that runs a program inside a host's namespace. */
    static List<String> exec(String ns) {
        return List.of("ip", "netns", "exec", ns);
    }

    /** Runs a command on a test host; returns {@code EXIT|OUTPUT} (stdout and stderr together). */
    static String onHost(String ns, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(exec(ns));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + full);
        }
        return p.exitValue() + "|" + out;
    }

    /** Repeats {@link #onHost} every 250 ms until its answer satisfies {@code ok}; fails after 90 s. */
    static String awaitOnHost(String ns, java.util.function.Predicate<String> ok, String what, String... command)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = onHost(ns, command);
            if (ok.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within 90 s on " + ns + ": " + what + "; last output:\n" + last);
    }

    @Override
    public void close() {
        for (int i = namespaces.size() - 1; i >= 0; i--) {
            quietly("ip", "netns", "del", namespaces.get(i));
        }
        namespaces.clear();
        if (hostLinked) {
            quietly("ip", "link", "del", HOST_VETH);
            hostLinked = false;
        }
    }

    private static void removeStale() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
        String list = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        for (String line : list.split("\n")) {
            String ns = line.trim().split("\\s+")[0];
            if (ns.startsWith(PREFIX)) {
                quietly("ip", "netns", "del", ns);
            }
        }
        quietly("ip", "link", "del", HOST_VETH);
    }

    private static void inNs(String ns, String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(exec(ns));
        full.addAll(List.of(command));
        check(full.toArray(new String[0]));
    }

    private static void check(String... command) throws IOException, InterruptedException {
        if (run(true, command) != 0) {
            throw new IOException("failed: " + String.join(" ", command));
        }
    }

    private static void quietly(String... command) {
        try {
            run(false, command);
        } catch (IOException | InterruptedException e) {
            // best effort clean-up
        }
    }

    private static int run(boolean echoErrors, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0 && echoErrors) {
            System.err.println(String.join(" ", command) + ": " + out.strip());
        }
        return p.exitValue();
    }
}
