package org.proconsul.raft.internal;

import org.proconsul.api.time.GoDuration;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.proconsul.api.agent.ComponentReady;
import org.proconsul.api.raft.ApplyResult;
import org.proconsul.api.raft.Consensus;
import org.proconsul.api.raft.RaftView;
import org.proconsul.api.raft.ReadConsistency;
import org.proconsul.api.raft.ReadPermit;
import org.proconsul.api.state.ReplicatedStateMachine;
import org.proconsul.api.storage.Database;
import org.proconsul.api.storage.Durability;
import org.proconsul.api.storage.StorageEngine;

/**
 * Publishes this server's Raft group as {@link Consensus}. The log and vote live in an fsynced database
 * of the engine its configuration selects; they stay on that engine until the agent restarts.
 */
@Component(service = Consensus.class, configurationPid = "org.proconsul.raft",
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
@Designate(ocd = RaftComponent.Config.class)
public final class RaftComponent implements Consensus {

    @ObjectClassDefinition(name = "Proconsul Raft",
            description = "This server's Raft identity and timings. Changes restart the Raft driver.")
    public @interface Config {
        @AttributeDefinition(description = "Raft id: the agent's node id.")
        String nodeId();

        @AttributeDefinition(description = "Raft address, ip:port of the server RPC listener.")
        String address();

        @AttributeDefinition(description = "Bootstrap a one-server cluster when the log is empty (bootstrap, or bootstrap_expect = 1).")
        boolean bootstrap() default false;

        @AttributeDefinition(description = "performance.raft_multiplier: scales Consul's Raft timings (1 = fastest).")
        int raftMultiplier() default 5;

        @AttributeDefinition(description = "performance.rpc_hold_timeout: how long a request waits for a leader, Go duration.")
        String rpcHoldTimeout() default "7s";

        @AttributeDefinition(description = "Filter selecting the StorageEngine for the log, e.g. (engine=xodus).")
        String storage_target() default "(engine=memory)";
    }

    private final Database db;
    private final RaftNode node;
    private final ExecutorService callbacks;
    private final ServiceRegistration<ComponentReady> ready;

    @Activate
    public RaftComponent(Config config, BundleContext context, @Reference(name = "storage") StorageEngine engine,
            @Reference ReplicatedStateMachine fsm) {
        RaftSettings settings = RaftSettings.consul(config.nodeId(), config.address(), config.bootstrap(),
                config.raftMultiplier(), parseDuration(config.rpcHoldTimeout()));
        AtomicInteger n = new AtomicInteger();
        this.callbacks = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "raft-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.db = engine.open("raft", Durability.SYNC);
        try {
            this.node = new RaftNode(settings, new StorageRaftLog(db), fsm,
                    java.util.random.RandomGenerator.of("L64X128MixRandom"), callbacks);
        } catch (RuntimeException e) {
            db.close();
            callbacks.shutdownNow();
            throw e;
        }
        node.start();
        this.ready = ComponentReady.register(context, "raft");
    }

    private static Duration parseDuration(String value) {
        Duration d = GoDuration.parseOrNull(value);
        if (d == null) {
            throw new IllegalArgumentException("raft: invalid rpcHoldTimeout " + value);
        }
        return d;
    }

    @Deactivate
    void deactivate() {
        ready.unregister();
        node.stop();
        callbacks.shutdown();
        db.close();
    }

    @Override
    public CompletableFuture<ApplyResult> apply(byte[] command) {
        return node.apply(command);
    }

    @Override
    public CompletableFuture<ReadPermit> readBarrier(ReadConsistency consistency) {
        return node.readBarrier(consistency);
    }

    @Override
    public RaftView view() {
        return node.view();
    }
}
