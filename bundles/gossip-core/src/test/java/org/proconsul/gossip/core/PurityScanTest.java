package org.proconsul.gossip.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the gossip core pure: its main sources may not reach the network, the file system, threads, clocks,
 * ambient randomness, OSGi or annotation libraries, nor hold static mutable state. Comments are ignored.
 */
class PurityScanTest {

    private static final Map<String, Pattern> FORBIDDEN = Map.ofEntries(
            Map.entry("java.net", Pattern.compile("\\bjava\\.net\\b")),
            Map.entry("java.nio.file", Pattern.compile("\\bjava\\.nio\\.file\\b")),
            Map.entry("java.nio.channels", Pattern.compile("\\bjava\\.nio\\.channels\\b")),
            Map.entry("java.io files/sockets", Pattern.compile("\\b(File|FileInputStream|FileOutputStream|RandomAccessFile|Socket)\\b")),
            Map.entry("Thread", Pattern.compile("\\bThread\\b")),
            Map.entry("java.util.concurrent", Pattern.compile("\\bjava\\.util\\.concurrent\\b")),
            Map.entry("Timer", Pattern.compile("\\bjava\\.util\\.Timer\\b")),
            Map.entry("System.currentTimeMillis", Pattern.compile("\\bcurrentTimeMillis\\s*\\(")),
            Map.entry("System.nanoTime", Pattern.compile("\\bnanoTime\\s*\\(")),
            Map.entry("wall clock now()", Pattern.compile("\\b(Instant|Clock|LocalDateTime|ZonedDateTime|OffsetDateTime)\\s*\\.")),
            Map.entry("ambient randomness", Pattern.compile("\\bnew\\s+(java\\.util\\.)?(Random|SplittableRandom)\\s*\\(|\\bMath\\.random\\b|\\bThreadLocalRandom\\b|\\bSecureRandom\\b|RandomGenerator\\.(getDefault|of)\\b")),
            Map.entry("org.osgi", Pattern.compile("\\borg\\.osgi\\b")),
            Map.entry("jetbrains", Pattern.compile("\\b(org|com)\\.jetbrains\\b")),
            Map.entry("static mutable field", Pattern.compile(
                    "\\bstatic\\s+(?!final\\b)(?!class\\b|interface\\b|enum\\b|record\\b|abstract\\b|sealed\\b)"
                            + "[\\w.<>\\[\\], ?]+\\s+\\w+\\s*(=|;)")));

    static Path mainSources() {
        for (String base : new String[] {System.getProperty("basedir", ""), System.getProperty("user.dir", ""),
                "bundles/gossip-core"}) {
            Path candidate = Path.of(base, "src/main/java/org/proconsul/gossip/core");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("cannot find gossip-core main sources from user.dir=" + System.getProperty("user.dir"));
    }

    static String withoutComments(String source) {
        String noBlocks = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL).matcher(source).replaceAll(" ");
        return noBlocks.replaceAll("//[^\\n]*", "");
    }

    @Test
    void mainSourcesStayPure() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(mainSources())) {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        assertTrue(files.size() > 20, "too few sources found: " + files);
        List<String> violations = new ArrayList<>();
        for (Path file : files) {
            String code = withoutComments(Files.readString(file));
            for (Map.Entry<String, Pattern> rule : FORBIDDEN.entrySet()) {
                Matcher m = rule.getValue().matcher(code);
                while (m.find()) {
                    violations.add(file.getFileName() + ": " + rule.getKey() + " -> " + m.group().strip());
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        try (Stream<Path> walk = Files.walk(mainSources())) {
            for (Path dir : walk.filter(Files::isDirectory).toList()) {
                assertTrue(Files.exists(dir.resolve("package-info.java")), "missing package-info.java in " + dir);
            }
        }
    }

    @Test
    void scannerCatchesWhatItMustCatch() {
        String sample = "import java.net.Socket;\n// Thread in a comment is fine\nclass X { static int count = 0;"
                + " long t = System.nanoTime(); Random r = new Random(); static final int OK = 1; }";
        String code = withoutComments(sample);
        int hits = 0;
        for (Pattern p : FORBIDDEN.values()) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                hits++;
            }
        }
        assertEquals(5, hits, "java.net, Socket, static mutable field, nanoTime, new Random");
    }
}
