package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consul watch} against a dev agent (127.0.0.147): without a handler it prints the view once (a key
 * as the Go api's KVPair); with one it runs the handler at once and after each change with the JSON on
 * standard input and CONSUL_INDEX set, for keys, prefixes and the service catalog.
 */
class S14WatchIT {
    private static final String IP = "127.0.0.147";
    private static final String ADDR = IP + ":8500";

    @TempDir
    static Path tmp;
    static AgentProcess agent;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        agent = DevAgents.start(tmp, IP);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @AfterEach
    void stopOwnProcesses() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process watch(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(AgentProcess.CONSUL.toString(), "watch"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("watch-" + started.size() + ".out").toFile());
        pb.environment().put("CONSUL_HTTP_ADDR", ADDR);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The handler's runs so far: each appended its input and CONSUL_INDEX, then a separator. */
    private static List<String> runs(Path out) throws Exception {
        if (!Files.exists(out)) {
            return List.of();
        }
        List<String> runs = new ArrayList<>();
        for (String run : Files.readString(out).split("---\n")) {
            if (!run.isBlank()) {
                runs.add(run);
            }
        }
        return runs;
    }

    private static List<String> awaitRuns(Path out, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (runs(out).size() < n) {
            assertTrue(System.nanoTime() < deadline, "handler ran " + runs(out).size() + " times, expected " + n);
            Thread.sleep(50);
        }
        return runs(out);
    }

    @Test
    void S14_watchPrintsOnceWithoutAHandler() throws Exception {
        ConsulCliRun absent = ConsulCliRun.run(ADDR, "watch", "-type=key", "-key=cfg/missing");
        assertEquals(0, absent.exit(), absent.err());
        assertEquals("null", absent.out().strip());
        assertEquals("true", Http.put("http://" + ADDR + "/v1/kv/cfg/greeting", "hello").body().strip());
        ConsulCliRun present = ConsulCliRun.run(ADDR, "watch", "-type=key", "-key=cfg/greeting");
        assertEquals(0, present.exit(), present.err());
        JsonNode pair = Http.JSON.readTree(present.out());
        List<String> fields = new ArrayList<>();
        pair.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("Key", "CreateIndex", "ModifyIndex", "LockIndex", "Flags", "Value", "Session"), fields);
        assertEquals("aGVsbG8=", pair.get("Value").asText());
        assertTrue(present.out().startsWith("{\n    \"Key\": \"cfg/greeting\",\n"), present.out());

        ConsulCliRun noType = ConsulCliRun.run(ADDR, "watch", "-key=x");
        assertEquals(1, noType.exit());
        assertEquals("Error: -type must be specified", noType.err().strip());
        ConsulCliRun badType = ConsulCliRun.run(ADDR, "watch", "-type=planets");
        assertEquals(1, badType.exit());
        assertEquals("Error: Unsupported watch type: planets", badType.err().strip());
    }

    @Test
    void S14_watchRunsItsHandlerOnEveryChange() throws Exception {
        Path prefixRuns = tmp.resolve("prefix.runs");
        Process prefix = watch("-type=keyprefix", "-prefix=app/",
                "cat >> " + prefixRuns + "; echo index=$CONSUL_INDEX >> " + prefixRuns + "; echo --- >> " + prefixRuns);
        List<String> first = awaitRuns(prefixRuns, 1);
        assertTrue(first.get(0).startsWith("[]"), "an empty prefix is an empty list: " + first.get(0));
        Http.put("http://" + ADDR + "/v1/kv/app/a", "1");
        List<String> second = awaitRuns(prefixRuns, 2);
        assertTrue(second.get(1).contains("\"Key\": \"app/a\""), second.get(1));
        long index = Long.parseLong(second.get(1).replaceAll("(?s).*index=(\\d+).*", "$1"));
        assertTrue(index > 0);
        Http.put("http://" + ADDR + "/v1/kv/other/b", "2");
        Http.put("http://" + ADDR + "/v1/kv/app/c", "3");
        List<String> third = awaitRuns(prefixRuns, 3);
        assertTrue(third.get(2).contains("\"Key\": \"app/c\""), third.get(2));
        Thread.sleep(500);
        assertEquals(3, runs(prefixRuns).size(), "a write outside the prefix runs nothing");

        Path serviceRuns = tmp.resolve("services.runs");
        watch("-type=services", "cat >> " + serviceRuns + "; echo --- >> " + serviceRuns);
        awaitRuns(serviceRuns, 1);
        Http.put("http://" + ADDR + "/v1/agent/service/register", "{\"Name\":\"watched\",\"Tags\":[\"t1\"]}");
        List<String> services = awaitRuns(serviceRuns, 2);
        assertTrue(services.get(1).contains("\"watched\": [\n        \"t1\"\n    ]"), services.get(1));
        assertTrue(prefix.isAlive(), "a handler watch keeps watching");
    }
}
