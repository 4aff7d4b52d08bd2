package org.proconsul.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps a pure core pure: its main sources may not reach the network, the file system, threads, clocks,
 * ambient randomness, OSGi or storage libraries, nor hold static mutable state. Comments are ignored, so
 * the docs may still explain what is forbidden. Used by raft-core's and gossip-core's tests.
 */
public final class PurityScan {

    private static final Map<String, Pattern> FORBIDDEN = Map.ofEntries(
            Map.entry("java.net", Pattern.compile("\\bjava\\.net\\b")),
            Map.entry("java.nio.file", Pattern.compile("\\bjava\\.nio\\.file\\b")),
            Map.entry("java.nio.channels", Pattern.compile("\\bjava\\.nio\\.channels\\b")),
            Map.entry("java.io files/sockets",
                    Pattern.compile("\\b(File|FileInputStream|FileOutputStream|RandomAccessFile|Socket)\\b")),
            Map.entry("Thread", Pattern.compile("\\bThread\\b")),
            Map.entry("java.util.concurrent", Pattern.compile("\\bjava\\.util\\.concurrent\\b")),
            Map.entry("Timer", Pattern.compile("\\bjava\\.util\\.Timer\\b")),
            Map.entry("System.currentTimeMillis", Pattern.compile("\\bcurrentTimeMillis\\s*\\(")),
            Map.entry("System.nanoTime", Pattern.compile("\\bnanoTime\\s*\\(")),
            Map.entry("wall clock now()",
                    Pattern.compile("\\b(Instant|Clock|LocalDateTime|ZonedDateTime|OffsetDateTime)\\s*\\.")),
            Map.entry("ambient randomness", Pattern.compile("\\bnew\\s+(java\\.util\\.)?(Random|SplittableRandom)\\s*\\("
                    + "|\\bMath\\.random\\b|\\bThreadLocalRandom\\b|\\bSecureRandom\\b|RandomGenerator\\.(getDefault|of)\\b")),
            Map.entry("org.osgi", Pattern.compile("\\borg\\.osgi\\b")),
            Map.entry("jetbrains", Pattern.compile("\\b(org|com)\\.jetbrains\\b")),
            Map.entry("static mutable field", Pattern.compile(
                    "\\bstatic\\s+(?!final\\b)(?!class\\b|interface\\b|enum\\b|record\\b|abstract\\b|sealed\\b)"
                            + "[\\w.<>\\[\\], ?]+\\s+\\w+\\s*(=|;)")));

    private PurityScan() {
    }

    /** The main source directory of {@code module} (e.g. {@code raft-core}) for package path {@code pkg}. */
    public static Path mainSources(String module, String pkg) {
        for (String base : new String[] {System.getProperty("basedir", ""), System.getProperty("user.dir", ""),
            "bundles/" + module}) {
            Path candidate = Path.of(base, "src/main/java", pkg);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("cannot find " + module + " main sources from user.dir="
                + System.getProperty("user.dir"));
    }

    /** Every forbidden use in the Java files below {@code root}, as {@code File.java: rule -> text}. */
    public static List<String> violations(Path root) throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles(root)) {
            violations.addAll(violations(file.getFileName().toString(), Files.readString(file)));
        }
        return violations;
    }

    /** The forbidden uses in one source text. */
    public static List<String> violations(String fileName, String source) {
        String code = withoutComments(source);
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Pattern> rule : FORBIDDEN.entrySet()) {
            Matcher m = rule.getValue().matcher(code);
            while (m.find()) {
                out.add(fileName + ": " + rule.getKey() + " -> " + m.group().strip());
            }
        }
        return out;
    }

    public static List<Path> javaFiles(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    /** Packages below {@code root} without a package-info.java. */
    public static List<Path> packagesWithoutInfo(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isDirectory).filter(d -> !Files.exists(d.resolve("package-info.java")))
                    .filter(d -> {
                        try (Stream<Path> files = Files.list(d)) {
                            return files.anyMatch(f -> f.toString().endsWith(".java"));
                        } catch (IOException e) {
                            return true;
                        }
                    }).toList();
        }
    }

    static String withoutComments(String source) {
        String noBlocks = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL).matcher(source).replaceAll(" ");
        return noBlocks.replaceAll("//[^\\n]*", "");
    }
}
