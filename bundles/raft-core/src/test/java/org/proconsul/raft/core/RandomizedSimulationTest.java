package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many seeds of 3- and 5-server clusters under random delays, reordering, loss, duplication, one- and two-way
 * partitions, crashes (some in the middle of a write), leadership transfers, membership changes (removing,
 * re-adding and promoting servers, the leader included) and log compaction with snapshot installs, while
 * clients put and get keys ({@link SimClients}). One seed in five runs without check-quorum, so that a cut-off
 * leader keeps believing it leads. The {@link SafetyChecker} checks every property as the run goes; the end of
 * each run heals the cluster, requires it to converge, and requires the clients' history to be linearizable
 * ({@link LinearizabilityChecker}).
 *
 * <p>A seed alone fixes its whole run, so a failure prints its seed and replays exactly. Seeds 1 to
 * {@value #LONG_RUNS} are long runs of {@value #LONG_TICKS} ticks; later seeds are short runs of
 * {@value #SHORT_TICKS} ticks with denser faults, which is how the default run plays thousands of seeds in about
 * half a minute (a few milliseconds per short seed). System properties:
 * <ul>
 *   <li>{@code -Draft.sim.seeds=N}: play seeds 1 to N (default {@value #DEFAULT_SEEDS}), e.g. 100000 for a
 *       soak;</li>
 *   <li>{@code -Draft.sim.seed=S}: play only seed S, as it was played when it failed;</li>
 *   <li>{@code -Draft.sim.ticks=T}: give every seed T ticks instead (a replay then needs the same T).</li>
 * </ul>
 * For example {@code mvn -pl bundles/raft-core test -Dtest=RandomizedSimulationTest -Draft.sim.seed=1234}.
 */
class RandomizedSimulationTest {

    static final int DEFAULT_SEEDS = 4000;
    static final int LONG_RUNS = 30;
    static final int LONG_TICKS = 3000;
    static final int SHORT_TICKS = 500;

    static LongStream seeds() {
        String only = System.getProperty("raft.sim.seed");
        if (only != null) {
            return LongStream.of(Long.parseLong(only.trim()));
        }
        return LongStream.rangeClosed(1, Long.getLong("raft.sim.seeds", DEFAULT_SEEDS));
    }

    private static int ticksFor(long seed) {
        Integer override = Integer.getInteger("raft.sim.ticks");
        if (override != null) {
            return override;
        }
        return seed <= LONG_RUNS ? LONG_TICKS : SHORT_TICKS;
    }

    /** The faults and traffic of one seed; short runs get denser faults so that each one still sees some. */
    private static SimCluster.Faults faultsFor(long seed, int ticks) {
        boolean shortRun = ticks < LONG_TICKS;
        SimCluster.Faults faults = new SimCluster.Faults();
        faults.crashPerTick = shortRun ? 0.01 : 0.004;
        faults.tornWriteShare = 0.3;
        faults.maxDownTicks = shortRun ? 80 : 150;
        faults.partitionPerTick = shortRun ? 0.01 : 0.004;
        faults.maxPartitionTicks = shortRun ? 120 : 300;
        faults.proposePerTick = 0.5;
        faults.readPerTick = 0.1;
        faults.transferPerTick = shortRun ? 0.005 : 0.002;
        boolean membership = seed % 4 == 1 || seed % 4 == 2;
        faults.membershipPerTick = membership ? (shortRun ? 0.01 : 0.005) : 0;
        faults.compactEvery = seed % 3 == 0 ? 0 : shortRun ? 15 : 30;
        faults.clients = 2 + (int) (seed % 3);
        faults.keys = 3 + (int) (seed / 3 % 3);
        faults.clientOpPerTick = 0.3;
        return faults;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomizedClusterKeepsRaftSafetyAndLinearizability(long seed) {
        int size = seed % 2 == 0 ? 5 : 3;
        int ticks = ticksFor(seed);
        // without check-quorum a cut-off leader keeps leading its old term: reads must still never be stale
        boolean checkQuorum = seed % 5 != 3;
        SimCluster cluster = new SimCluster(seed, size, id -> new RaftConfig(id, 10, 2, 16, 64, 8, true, checkQuorum));
        cluster.net.maxDelay = 1 + (int) (seed % 4);
        cluster.net.dropRate = 0.01 * (seed % 5);
        cluster.net.duplicateRate = 0.01;
        try {
            cluster.runRandomized(ticks, faultsFor(seed, ticks));
        } catch (AssertionError | RuntimeException e) {
            System.err.println("raft simulation failed: seed=" + seed + " size=" + size + " ticks=" + ticks
                    + " tick=" + cluster.now + "; replay with -Draft.sim.seed=" + seed
                    + (Integer.getInteger("raft.sim.ticks") == null ? "" : " -Draft.sim.ticks=" + ticks));
            throw e;
        }
        if (ticks >= LONG_TICKS) {
            System.out.println(cluster.summary());
        }
        SimClients clients = cluster.clients();
        assertTrue(cluster.checker.acknowledged.size() >= ticks / 60,
                "seed=" + seed + ": too little progress, acknowledged " + cluster.checker.acknowledged.size());
        assertTrue(cluster.checker.confirmedReads > 0, "seed=" + seed + ": no read was confirmed");
        assertTrue(clients.putsAcknowledged > 0 && clients.getsServed > 0,
                "seed=" + seed + ": clients got nothing done: " + clients.summary());
    }
}
