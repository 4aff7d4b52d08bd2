package org.proconsul.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code consul lock} against a dev agent (127.0.0.146): the child runs holding {@code PREFIX/.lock} (the Go
 * api's flag value, a session named after the command), a second {@code consul lock} waits for it and runs
 * next, {@code -timeout} gives up with Consul's message, and stopping {@code consul lock} stops its child and
 * frees the lock.
 */
class S12LockCommandIT {
    private static final String IP = "127.0.0.146";
    private static final String ADDR = IP + ":8500";
    private static final long LOCK_FLAG = 3304740253564472344L;

    @TempDir
    static Path tmp;
    static AgentProcess agent;
    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        agent = DevAgents.start(tmp, IP);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Http.get("http://" + ADDR + "/v1/health/node/dev-" + IP).body().contains("serfHealth")) {
            assertTrue(System.nanoTime() < deadline, "the node never got its serfHealth check");
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @org.junit.jupiter.api.AfterEach
    void stopOwnProcesses() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process lock(Path out, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(AgentProcess.CONSUL.toString(), "lock"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("CONSUL_HTTP_ADDR", ADDR);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static JsonNode lockEntry(String prefix) throws Exception {
        HttpResponse<String> r = Http.get("http://" + ADDR + "/v1/kv/" + prefix + "/.lock");
        return r.statusCode() == 200 ? Http.json(r).get(0) : null;
    }

    private static void awaitFile(Path file, String content) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(file) && Files.readString(file).contains(content))) {
            assertTrue(System.nanoTime() < deadline, file + " never said " + content);
            Thread.sleep(50);
        }
    }

    @Test
    void S12_consulLockRunsOneHolderAtATime() throws Exception {
        Path firstRan = tmp.resolve("first.ran");
        Path gate = tmp.resolve("first.gate");
        Process first = lock(tmp.resolve("first.out"), "app/leader",
                "echo held=$CONSUL_LOCK_HELD > " + firstRan + "; while [ ! -f " + gate + " ]; do sleep 0.1; done");
        awaitFile(firstRan, "held=true");
        JsonNode held = lockEntry("app/leader");
        assertEquals(LOCK_FLAG, held.get("Flags").asLong());
        String session = held.get("Session").asText();
        JsonNode info = Http.json(Http.get("http://" + ADDR + "/v1/session/info/" + session)).get(0);
        assertTrue(info.get("Name").asText().startsWith("Consul lock for 'echo held=$CONSUL_LOCK_HELD"),
                info.get("Name").asText());
        assertEquals("15s", info.get("TTL").asText());

        ConsulCliRun gaveUp = ConsulCliRun.run(ADDR, "lock", "-timeout=1s", "app/leader", "echo never");
        assertEquals(1, gaveUp.exit());
        assertEquals("Shutdown triggered or timeout during lock acquisition", gaveUp.err().strip());
        assertEquals("", gaveUp.out());

        Path secondRan = tmp.resolve("second.ran");
        Process second = lock(tmp.resolve("second.out"), "app/leader", "echo second > " + secondRan);
        Thread.sleep(1000);
        assertTrue(!Files.exists(secondRan), "the second holder waits");
        Files.writeString(gate, "");
        assertTrue(first.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, first.exitValue());
        assertTrue(second.waitFor(30, TimeUnit.SECONDS), "the second holder ran after the first released");
        assertEquals(0, second.exitValue());
        assertTrue(Files.readString(secondRan).contains("second"));
        assertEquals(null, lockEntry("app/leader"), "the lock key is removed once no one holds it");
        assertEquals("[]", Http.get("http://" + ADDR + "/v1/session/list").body().replaceAll("\\s", ""),
                "both sessions ended");

        ConsulCliRun failing = ConsulCliRun.run(ADDR, "lock", "-child-exit-code", "app/leader", "exit 3");
        assertEquals(2, failing.exit(), "a failing child is exit 2 with -child-exit-code");
        assertEquals(0, ConsulCliRun.run(ADDR, "lock", "app/leader", "exit 3").exit(), "and not propagated without");
    }

    @Test
    void S12_stoppingConsulLockStopsTheChildAndFreesTheLock() throws Exception {
        Path pid = tmp.resolve("child.pid");
        Process holder = lock(tmp.resolve("holder.out"), "jobs/cron", "echo $$ > " + pid + "; exec sleep 60");
        awaitFile(pid, "\n");
        long childPid = Long.parseLong(Files.readString(pid, StandardCharsets.UTF_8).strip());
        assertTrue(lockEntry("jobs/cron").hasNonNull("Session"));
        holder.destroy(); // SIGTERM, as a service manager stops it
        assertTrue(holder.waitFor(20, TimeUnit.SECONDS));
        // the stopped child may linger a moment as a zombie until it is reaped
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(childPid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "the child was never stopped");
            Thread.sleep(50);
        }
        assertEquals(null, lockEntry("jobs/cron"), "released and removed");
        ConsulCliRun next = ConsulCliRun.run(ADDR, "lock", "-timeout=5s", "jobs/cron", "echo next");
        assertEquals(0, next.exit(), next.err());
        assertEquals("next", next.out().strip(), "a voluntary release leaves no lock delay");
    }
}
