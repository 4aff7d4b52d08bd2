package org.proconsul.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;

import org.proconsul.cli.config.HostEnvironment.NetInterface;

/** Shared helpers: a fixed host (name {@code node1}, private address 10.0.0.5) and temp files. */
abstract class LoaderTestSupport {

    @TempDir
    Path tmp;

    final List<String> warnings = new ArrayList<>();

    HostEnvironment host = host(
        new NetInterface("lo", true, true, List.of(ip("127.0.0.1"), ip("::1"))),
        new NetInterface("eth0", true, false, List.of(ip("10.0.0.5"), ip("fe80::1"))));

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static HostEnvironment host(NetInterface... interfaces) {
        return HostEnvironment.fixed("node1", List.of(interfaces));
    }

    /** Loads with the arguments as given. */
    AgentConfig loadArgs(String... args) throws ConfigException {
        warnings.clear();
        return AgentConfigLoader.load(Arrays.asList(args), Map.of(), warnings::add, host);
    }

    /** Loads with {@code -data-dir <tmp>/data} in front, so that validation passes. */
    AgentConfig load(String... args) throws ConfigException {
        List<String> all = new ArrayList<>();
        all.add("-data-dir=" + tmp.resolve("data"));
        all.addAll(Arrays.asList(args));
        return loadArgs(all.toArray(new String[0]));
    }

    ConfigException fails(String... args) {
        return assertThrows(ConfigException.class, () -> load(args));
    }

    ConfigException failsArgs(String... args) {
        return assertThrows(ConfigException.class, () -> loadArgs(args));
    }

    void assertFails(String message, String... args) {
        assertEquals(message, fails(args).getMessage());
    }

    Path write(String name, String content) {
        try {
            Path p = tmp.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String file(String name, String content) {
        return "-config-file=" + write(name, content);
    }
}
