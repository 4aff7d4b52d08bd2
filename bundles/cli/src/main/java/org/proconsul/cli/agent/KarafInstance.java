package org.proconsul.cli.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * This agent's own Karaf instance: {@code etc} copied from the distribution and overwritten with this
 * run's settings at every start (nothing an earlier run saved wins), and private data, lock, instance
 * and deploy directories, so many agents run from one distribution at once.
 */
final class KarafInstance {
    private final Path home;
    private final Path base;

    KarafInstance(Path home, Path base) {
        this.home = home;
        this.base = base;
    }

    Path base() {
        return base;
    }

    Path etc() {
        return base.resolve("etc");
    }

    Path data() {
        return base.resolve("data");
    }

    /** Lays out the instance: a fresh etc, and a data directory without the previous run's bundle cache. */
    void prepare() throws IOException {
        deleteTree(etc());
        deleteTree(data());
        Files.createDirectories(data().resolve("tmp"));
        Files.createDirectories(base.resolve("deploy"));
        Files.createDirectories(base.resolve("instances"));
        Files.createDirectories(base.resolve("lock"));
        copyTree(home.resolve("etc"), etc());
    }

    /** The JVM system properties Karaf's launcher reads. */
    Map<String, String> systemProperties(String listenAddress, boolean ssh) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("karaf.home", home.toString());
        p.put("karaf.base", base.toString());
        p.put("karaf.etc", etc().toString());
        p.put("karaf.data", data().toString());
        p.put("karaf.log", data().resolve("log").toString());
        p.put("karaf.instances", base.resolve("instances").toString());
        p.put("karaf.lock.dir", base.resolve("lock").toString());
        p.put("karaf.pid.file", base.resolve("karaf.pid").toString());
        p.put("karaf.name", "proconsul");
        p.put("karaf.startLocalConsole", "false");
        p.put("karaf.startRemoteShell", Boolean.toString(ssh));
        p.put("karaf.restart.jvm.supported", "false");
        p.put("karaf.shutdown.port", "-1");
        p.put("java.io.tmpdir", data().resolve("tmp").toString());
        p.put("java.util.logging.config.file", etc().resolve("java.util.logging.properties").toString());
        p.put("java.rmi.server.hostname", listenAddress);
        // SCR logs under each bundle's name (org.proconsul.*): keep its internals out of the agent log
        p.put("ds.loglevel", "warn");
        return p;
    }

    /** Writes a Config Admin PID as {@code etc/<pid>.cfg}. */
    void writeConfig(String pid, Map<String, String> properties) throws IOException {
        StringBuilder out = new StringBuilder("# Written by the launcher at every start; edits last until the next start.\n");
        properties.forEach((k, v) -> out.append(k).append(" = ").append(escape(v)).append('\n'));
        Files.writeString(etc().resolve(pid + ".cfg"), out.toString(), StandardCharsets.UTF_8);
    }

    /** Replaces the boot features, keeping the distribution's repositories. */
    void writeBootFeatures(List<String> extraFeatures) throws IOException {
        Path file = etc().resolve("org.apache.karaf.features.cfg");
        Properties original = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            original.load(in);
        }
        List<String> boot = new ArrayList<>();
        for (String f : original.getProperty("featuresBoot", "").split(",")) {
            if (!f.isBlank()) {
                boot.add(f.trim());
            }
        }
        boot.addAll(extraFeatures);
        Map<String, String> out = new LinkedHashMap<>();
        out.put("featuresRepositories", original.getProperty("featuresRepositories", "").replaceAll("\\s+", ""));
        out.put("featuresBoot", String.join(",", boot));
        out.put("featuresBootAsynchronous", "false");
        out.put("autoRefresh", "true");
        writeConfig("org.apache.karaf.features", out);
    }

    /** The SSH console: bound to the client address, and only a generated password opens it. */
    void writeConsole(String host, int sshPort) throws IOException {
        Path file = etc().resolve("org.apache.karaf.shell.cfg");
        Properties shell = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            shell.load(in);
        }
        shell.setProperty("sshHost", host);
        shell.setProperty("sshPort", Integer.toString(Math.max(sshPort, 0)));
        Map<String, String> out = new LinkedHashMap<>();
        shell.stringPropertyNames().stream().sorted().forEach(k -> out.put(k, shell.getProperty(k)));
        writeConfig("org.apache.karaf.shell", out);

        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Files.writeString(etc().resolve("users.properties"), "karaf = " + password + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n", StandardCharsets.UTF_8);
        Path passwordFile = base.resolve("console-password");
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the file keeps the directory's permissions
        }
    }

    void writeLogging(String content) throws IOException {
        Files.writeString(etc().resolve("org.ops4j.pax.logging.cfg"), content, StandardCharsets.UTF_8);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\n", "\\n");
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            walk.forEach(src -> {
                try {
                    Path dst = to.resolve(from.relativize(src).toString());
                    if (Files.isDirectory(src)) {
                        Files.createDirectories(dst);
                    } else {
                        Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
