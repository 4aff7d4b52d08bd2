package org.proconsul.cli.command;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.proconsul.api.time.GoDuration;
import org.proconsul.cli.GoFlagSet;
import org.proconsul.cli.Io;
import org.proconsul.cli.http.ConsulApiException;
import org.proconsul.cli.http.ConsulHttpClient;
import org.proconsul.cli.http.KvApi;
import org.proconsul.cli.http.KvPair;
import org.proconsul.cli.http.SessionApi;

/**
 * {@code consul lock [options] PREFIX CHILD...}: holds the lock at {@code PREFIX/.lock} with the Go api's
 * lock protocol (the lock flag value on the key, a session named after the command with a 15s TTL renewed
 * every half TTL) while the child runs, and gives it up when the child exits or this command is stopped.
 * A lost lock (session invalidated, key taken) stops the child: SIGTERM, then SIGKILL after 5s.
 */
public final class LockCommand extends HttpClientCommand {
    private static final GoFlagSet.Group CMD = GoFlagSet.Group.COMMAND;
    /** The Go api's marker that a key is a lock (api.LockFlagValue). */
    static final long LOCK_FLAG = 0x2ddccbc058a50c18L;
    static final String SESSION_TTL = "15s";
    static final Duration RETRY = Duration.ofSeconds(5);
    static final Duration KILL_GRACE = Duration.ofSeconds(5);
    static final String BLOCK_WAIT = "15s";

    private final AtomicBoolean shuttingDown = new AtomicBoolean();

    public LockCommand(Io io) {
        super(io, ExtraFlags.SERVER_AND_TENANCY);
        flags.bool(CMD, "child-exit-code", false,
                "Exit 2 when the child exits with an error; otherwise its failure is not propagated.");
        flags.uint(CMD, "monitor-retry", 3,
                "Retries of the lock watch after a 500 error, a second apart, before the lock counts as lost.");
        flags.uint(CMD, "n", 1, "How many holders may run at once; only 1 (a lock) is supported.");
        flags.string(CMD, "name", "", "string", "Name of the session; defaults to one naming the command and prefix.");
        flags.bool(CMD, "pass-stdin", false, "Give the child this command's standard input.");
        flags.bool(CMD, "shell", true, "Run the child through a shell (sh -c).");
        flags.string(CMD, "timeout", "", "duration",
                "Longest wait for the lock; after it the command gives up (zero waits forever).");
        flags.bool(CMD, "verbose", false, "Report each step of taking and watching the lock.");
    }

    @Override
    public String synopsis() {
        return "Execute a command holding a lock";
    }

    @Override
    protected String usageText() {
        return "Usage: consul lock [options] prefix child...\n"
                + "\n"
                + "  Takes the lock at PREFIX/.lock, runs CHILD while holding it, and releases it when\n"
                + "  CHILD exits. If the lock is lost, CHILD is stopped. Only one holder runs at a time.\n"
                + "\n"
                + "      $ consul lock app/leader ./run-leader.sh";
    }

    @Override
    public int run(String[] args) {
        if (!parse(args)) {
            return 1;
        }
        List<String> rest = flags.args();
        if (rest.size() < 2) {
            io.error("Key prefix and child command must be specified");
            return 1;
        }
        if (flags.getUint("n") != 1) {
            io.error("Semaphore mode (-n > 1) is not supported by this agent's CLI; use -n=1");
            return 1;
        }
        Duration timeout;
        try {
            String t = flags.getString("timeout");
            timeout = t.isEmpty() ? Duration.ZERO : GoDuration.parse(t);
        } catch (IllegalArgumentException e) {
            io.error("invalid value \"" + flags.getString("timeout") + "\" for flag -timeout: " + e.getMessage());
            return 1;
        }
        String prefix = rest.get(0).startsWith("/") ? rest.get(0).substring(1) : rest.get(0);
        List<String> child = rest.subList(1, rest.size());
        String script = String.join(" ", child);
        String key = (prefix.endsWith("/") ? prefix : prefix + "/") + ".lock";
        String name = flags.getString("name").isEmpty() ? "Consul lock for '" + script + "' at '" + prefix + "'"
                : flags.getString("name");
        boolean verbose = flags.getBool("verbose");

        ConsulHttpClient client = connect();
        if (client == null) {
            return 1;
        }
        String session;
        try {
            session = new SessionApi(client).create(name, SESSION_TTL, "15s");
        } catch (ConsulApiException e) {
            io.error("Lock acquisition failed: failed to create session: " + e.getMessage());
            client.close();
            return 1;
        }
        Renewer renewer = new Renewer(session);
        renewer.start();
        Holder holder = new Holder(client, key, session);
        Thread cleanup = new Thread(() -> {
            shuttingDown.set(true);
            holder.stopChild();
            holder.releaseAndDestroy(renewer);
        }, "consul-lock-shutdown");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            if (verbose) {
                io.info("Attempting lock acquisition");
            }
            String problem = holder.acquire(timeout);
            if (problem != null) {
                io.error(problem);
                return 1;
            }
            if (verbose) {
                io.info("Lock acquisition succeeded");
            }
            int code = holder.runChild(child, flags.getBool("shell"), flags.getBool("pass-stdin"),
                    (int) flags.getUint("monitor-retry"), verbose);
            if (code != 0 && flags.getBool("child-exit-code")) {
                return 2;
            }
            return 0;
        } finally {
            if (!shuttingDown.get()) {
                holder.releaseAndDestroy(renewer);
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException e) {
                    // already shutting down: the hook does the same work
                }
            }
        }
    }

    /** Renews the session every half TTL on its own connection, as the Go api's RenewPeriodic does. */
    private final class Renewer extends Thread {
        private final String session;
        private volatile boolean stop;

        Renewer(String session) {
            super("consul-lock-renew");
            setDaemon(true);
            this.session = session;
        }

        @Override
        public void run() {
            ConsulHttpClient http = connect();
            if (http == null) {
                return;
            }
            try (http) {
                SessionApi api = new SessionApi(http);
                while (!stop) {
                    try {
                        Thread.sleep(GoDuration.parse(SESSION_TTL).toMillis() / 2);
                        if (!stop && !api.renew(session)) {
                            return; // the session is gone: the lock watch notices and stops the child
                        }
                    } catch (ConsulApiException e) {
                        // a failed renewal is retried at the next turn; the TTL allows for it
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }

        void finish() {
            stop = true;
            interrupt();
        }
    }

    /** The lock's state: taking it, watching it while the child runs, giving it up. */
    private final class Holder {
        private final ConsulHttpClient http;
        private final String key;
        private final String session;
        private volatile Process process;
        private final AtomicBoolean released = new AtomicBoolean();

        Holder(ConsulHttpClient http, String key, String session) {
            this.http = http;
            this.key = key;
            this.session = session;
        }

        /** Waits for the lock; null once held, else Consul's message. */
        String acquire(Duration timeout) {
            KvApi kv = new KvApi(http);
            long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            long index = 0;
            while (!shuttingDown.get()) {
                if (System.nanoTime() >= deadline) {
                    return "Shutdown triggered or timeout during lock acquisition";
                }
                try {
                    KvApi.Indexed current = kv.getBlocking(key, index, waitFor(deadline), false);
                    KvPair pair = current.pair();
                    if (pair != null && pair.flags() != LOCK_FLAG) {
                        return "Lock acquisition failed: Existing key does not match lock use";
                    }
                    if (pair != null && pair.session() != null && !pair.session().isEmpty()
                            && !pair.session().equals(session)) {
                        index = current.index(); // held: block until it changes
                        continue;
                    }
                    Map<String, String> params = new HashMap<>();
                    params.put("acquire", session);
                    if (kv.put(key, new byte[0], LOCK_FLAG, params, null)) {
                        return null;
                    }
                    // free but refused: the lock delay of a holder that went away; try again shortly
                    index = 0;
                    Thread.sleep(Math.min(RETRY.toMillis(), Math.max(1, remainingMs(deadline))));
                } catch (ConsulApiException e) {
                    return "Lock acquisition failed: " + e.getMessage();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "Shutdown triggered or timeout during lock acquisition";
                }
            }
            return "Shutdown triggered or timeout during lock acquisition";
        }

        private String waitFor(long deadline) {
            long left = remainingMs(deadline);
            return left >= 15_000 ? BLOCK_WAIT : Math.max(1, left) + "ms";
        }

        private long remainingMs(long deadline) {
            return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        }

        /** Runs the child while a watch on the key confirms the lock; the child's exit code. */
        int runChild(List<String> child, boolean shell, boolean passStdin, int monitorRetries, boolean verbose) {
            List<String> command = shell ? List.of("sh", "-c", String.join(" ", child)) : new ArrayList<>(child);
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(passStdin ? ProcessBuilder.Redirect.INHERIT
                            : ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().put("CONSUL_LOCK_HELD", "true");
            try {
                process = pb.start();
            } catch (java.io.IOException e) {
                io.error("Error running handler: " + e.getMessage());
                return 1;
            }
            Thread watch = new Thread(() -> monitor(monitorRetries, verbose), "consul-lock-monitor");
            watch.setDaemon(true);
            watch.start();
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopChild();
                return 1;
            }
        }

        /** Watches the key with consistent blocking reads; when the lock is no longer ours, stops the child. */
        private void monitor(int retries, boolean verbose) {
            ConsulHttpClient watchHttp = connect();
            if (watchHttp == null) {
                return;
            }
            try (watchHttp) {
                KvApi kv = new KvApi(watchHttp);
                long index = 0;
                int failures = 0;
                while (process != null && process.isAlive() && !shuttingDown.get()) {
                    try {
                        KvApi.Indexed current = kv.getBlocking(key, index, BLOCK_WAIT, true);
                        failures = 0;
                        KvPair pair = current.pair();
                        if (pair == null || !session.equals(pair.session())) {
                            io.error("Lock lost, killing child");
                            stopChild();
                            return;
                        }
                        index = current.index();
                    } catch (ConsulApiException e) {
                        if (++failures > retries) {
                            io.error("Lock lost, killing child: " + e.getMessage());
                            stopChild();
                            return;
                        }
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }
        }

        /** SIGTERM, then SIGKILL if the child still runs after the grace period. */
        void stopChild() {
            Process p = process;
            if (p == null || !p.isAlive()) {
                return;
            }
            p.destroy();
            try {
                if (!p.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }

        /** Gives the lock up, removes the key when no one else holds it, ends the session; once. */
        void releaseAndDestroy(Renewer renewer) {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            renewer.finish();
            ConsulHttpClient cleanup = connect();
            if (cleanup == null) {
                return;
            }
            try (cleanup) {
                KvApi kv = new KvApi(cleanup);
                Map<String, String> params = new HashMap<>();
                params.put("release", session);
                try {
                    kv.put(key, new byte[0], LOCK_FLAG, params, null);
                    KvPair pair = kv.get(key, false);
                    if (pair != null && (pair.session() == null || pair.session().isEmpty())) {
                        kv.delete(key, false, pair.modifyIndex());
                    }
                } catch (ConsulApiException e) {
                    io.error("Lock release failed: " + e.getMessage());
                }
                try {
                    new SessionApi(cleanup).destroy(session);
                } catch (ConsulApiException e) {
                    io.error("Session destroy failed: " + e.getMessage());
                }
            }
            http.close();
        }
    }
}
