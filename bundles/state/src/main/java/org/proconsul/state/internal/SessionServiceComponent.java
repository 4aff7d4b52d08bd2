package org.proconsul.state.internal;

import java.util.concurrent.CompletableFuture;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.proconsul.api.raft.ApplyResult;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.session.Session;
import org.proconsul.api.session.SessionService;

/** Session creates and destroys as state-machine commands replicated through {@link Consensus}. */
@Component(service = SessionService.class)
public final class SessionServiceComponent implements SessionService {
    private final Consensus consensus;

    @Activate
    public SessionServiceComponent(@Reference Consensus consensus) {
        this.consensus = consensus;
    }

    @Override
    public CompletableFuture<String> create(Session session) {
        return consensus.apply(Command.encode(new Command.SessionCreate(session))).thenApply(result -> {
            ApplyResponse.Single response = applied(result);
            if (response.error() != null) {
                throw new SessionRefusedException(response.error());
            }
            return session.id();
        });
    }

    @Override
    public CompletableFuture<Boolean> destroy(String id) {
        return consensus.apply(Command.encode(new Command.SessionDestroy(id))).thenApply(result -> {
            applied(result);
            return true;
        });
    }

    private static ApplyResponse.Single applied(ApplyResult result) {
        if (result instanceof ApplyResult.Refused refused) {
            throw new org.proconsul.api.raft.RaftRefusedException(refused.error());
        }
        return (ApplyResponse.Single) ((ApplyResult.Applied) result).response();
    }
}
