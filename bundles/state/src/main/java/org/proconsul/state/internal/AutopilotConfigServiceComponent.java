package org.proconsul.state.internal;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.proconsul.api.autopilot.AutopilotConfigService;
import org.proconsul.api.autopilot.AutopilotConfiguration;
import org.proconsul.api.autopilot.ConfigWriteResult;
import org.proconsul.api.raft.ApplyResult;
import org.proconsul.api.raft.Consensus;

/** Replicates autopilot's settings as a state-machine command. */
@Component(service = AutopilotConfigService.class)
public final class AutopilotConfigServiceComponent implements AutopilotConfigService {
    private final Consensus consensus;

    @Activate
    public AutopilotConfigServiceComponent(@Reference Consensus consensus) {
        this.consensus = consensus;
    }

    @Override
    public CompletableFuture<ConfigWriteResult> set(AutopilotConfiguration config, OptionalLong cas) {
        return write(new Command.SetAutopilotConfig(config,
                cas.isPresent() ? Command.Condition.CHECK_AND_SET : Command.Condition.ALWAYS, cas.orElse(0)));
    }

    @Override
    public CompletableFuture<ConfigWriteResult> seed(AutopilotConfiguration config) {
        return write(new Command.SetAutopilotConfig(config, Command.Condition.IF_ABSENT, 0));
    }

    private CompletableFuture<ConfigWriteResult> write(Command.SetAutopilotConfig set) {
        String invalid = set.config().invalidReason();
        if (invalid != null) {
            throw new IllegalArgumentException(invalid);
        }
        return consensus.apply(Command.encode(set)).thenApply(result -> {
            if (result instanceof ApplyResult.Refused refused) {
                return new ConfigWriteResult.Refused(refused.error());
            }
            ApplyResult.Applied applied = (ApplyResult.Applied) result;
            return new ConfigWriteResult.Done(((ApplyResponse.Single) applied.response()).success(), applied.index());
        });
    }
}
