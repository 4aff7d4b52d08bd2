package org.proconsul.itests;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of the {@code consul} command against an agent, with its exit code and output. */
record ConsulCliRun(int exit, String out, String err, long millis) {

    static ConsulCliRun run(String httpAddr, String... args) throws Exception {
        return withInput(httpAddr, null, args);
    }

    /** As {@link #run}, with {@code stdin} (null: none) fed to the command. */
    static ConsulCliRun withInput(String httpAddr, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(AgentProcess.CONSUL.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("CONSUL_HTTP_ADDR", httpAddr);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        // read both streams fully (the outputs are small) before waiting
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("consul " + List.of(args) + " did not finish");
        }
        return new ConsulCliRun(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8), (System.nanoTime() - t0) / 1_000_000);
    }
}
