package org.proconsul.state.internal;

import java.util.concurrent.CompletableFuture;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.proconsul.api.catalog.CatalogWriter;
import org.proconsul.api.catalog.Deregistration;
import org.proconsul.api.catalog.Registration;
import org.proconsul.api.raft.ApplyResult;
import org.proconsul.api.raft.Consensus;

/** Replicates catalog registrations and deregistrations as state-machine commands. */
@Component(service = CatalogWriter.class)
public final class CatalogWriterComponent implements CatalogWriter {
    private final Consensus consensus;

    @Activate
    public CatalogWriterComponent(@Reference Consensus consensus) {
        this.consensus = consensus;
    }

    @Override
    public CompletableFuture<CatalogWriteResult> register(Registration registration) {
        return write(new Command.CatalogRegister(registration));
    }

    @Override
    public CompletableFuture<CatalogWriteResult> deregister(Deregistration deregistration) {
        return write(new Command.CatalogDeregister(deregistration));
    }

    private CompletableFuture<CatalogWriteResult> write(Command command) {
        return consensus.apply(Command.encode(command)).thenApply(result -> {
            if (result instanceof ApplyResult.Refused refused) {
                return new CatalogWriteResult(refused, null, 0);
            }
            ApplyResult.Applied applied = (ApplyResult.Applied) result;
            ApplyResponse.Single response = (ApplyResponse.Single) applied.response();
            return new CatalogWriteResult(null, response.success() ? null : response.error(), applied.index());
        });
    }
}
