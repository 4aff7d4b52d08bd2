package org.proconsul.checks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Component;
import org.proconsul.api.check.CheckContext;
import org.proconsul.api.check.CheckPlan;
import org.proconsul.api.check.CheckResult;
import org.proconsul.api.check.CheckSpec;
import org.proconsul.api.check.CheckType;
import org.proconsul.api.check.CheckRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code script}: runs {@code Args} (or {@code ScriptArgs}) as a process, no shell in between. Exit 0 is
 * passing, 1 warning, anything else critical; the output is the first 4 KiB of stdout and stderr together.
 * Only on agents started with {@code enable_script_checks}, or {@code enable_local_script_checks} for
 * definitions from config files, as running a command is what an API caller gets otherwise.
 */
@Component(service = CheckType.class, property = CheckType.TYPE + "=script")
public final class ScriptCheckType implements CheckType {
    private static final Logger LOG = LoggerFactory.getLogger(ScriptCheckType.class);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final String DISABLED_REMOTE = "Scripts are disabled on this agent from remote calls; to enable, configure"
            + " 'enable_script_checks' to true";
    static final String DISABLED_LOCAL = "Scripts are disabled on this agent; to enable, configure 'enable_script_checks'"
            + " or 'enable_local_script_checks' to true";

    @Override
    public CheckPlan plan(CheckSpec spec, CheckContext context) {
        CheckPlan plan = IntervalRules.periodic(spec, DEFAULT_TIMEOUT);
        if (!context.scriptChecks() && !(spec.fromConfigFile() && context.localScriptChecks())) {
            throw new CheckRefusedException(spec.fromConfigFile() ? DISABLED_LOCAL : DISABLED_REMOTE);
        }
        return plan;
    }

    private static List<String> args(CheckSpec spec) {
        List<String> args = spec.strings("Args");
        return args.isEmpty() ? spec.strings("ScriptArgs") : args;
    }

    @Override
    public CompletionStage<CheckResult> run(CheckSpec spec, CheckPlan plan, CheckContext context) {
        List<String> args = args(spec);
        Process process;
        try {
            process = new ProcessBuilder(args).redirectErrorStream(true).start();
        } catch (IOException e) {
            LOG.warn("check: script could not start check={} error={}", spec.checkId(), e.getMessage());
            String program = args.isEmpty() ? "" : args.get(0);
            String why = e.getMessage() != null && e.getMessage().contains("error=2")
                    ? "exec: \"" + program + "\": executable file not found in $PATH"
                    : "fork/exec " + program + ": " + e.getMessage();
            return CompletableFuture.completedFuture(CheckResult.critical(why));
        } catch (IndexOutOfBoundsException e) {
            return CompletableFuture.completedFuture(CheckResult.critical("exec: no command"));
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // the child may already be gone
        }
        OutputTail output = new OutputTail();
        Thread reader = new Thread(() -> drain(process.getInputStream(), output), "check-script-output-" + spec.checkId());
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(plan.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                LOG.warn("check: script timed out check={} timeout={}", spec.checkId(), plan.timeout());
                reader.join(500);
                String said = output.captured();
                return CompletableFuture.completedFuture(CheckResult.critical(
                        "Timed out (" + org.proconsul.api.time.GoDuration.format(plan.timeout()) + ") running check"
                                + (said.isEmpty() ? "" : "\n\n" + said)));
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return CompletableFuture.completedFuture(CheckResult.critical("check interrupted"));
        }
        int code = process.exitValue();
        String text = output.captured();
        return CompletableFuture.completedFuture(switch (code) {
            case 0 -> CheckResult.passing(text);
            case 1 -> CheckResult.warning(text);
            default -> CheckResult.critical(text);
        });
    }

    /** Reads a child's output to its end, keeping its tail, so a chatty child never blocks on a pipe. */
    private static void drain(InputStream in, OutputTail output) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                output.write(buf, 0, n);
            }
        } catch (IOException ignored) {
            // the child closed its end: what was read is the output
        }
    }
}
