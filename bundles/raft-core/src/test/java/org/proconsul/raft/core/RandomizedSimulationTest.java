package org.proconsul.raft.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many seeds of 3- and 5-server clusters under random delays, reordering, loss, duplication, one- and two-way
 * partitions, crashes (some in the middle of a write), leadership transfers, membership changes (removing,
 * re-adding and promoting servers, the leader included) and log compaction with snapshot installs. The
 * {@link SafetyChecker} checks every property as the run goes; the end of each run heals the cluster and
 * requires it to converge. A failure names its seed; rerun just that seed to replay it exactly.
 */
class RandomizedSimulationTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 30);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomizedClusterKeepsRaftSafetyProperties(long seed) {
        int size = seed % 2 == 0 ? 5 : 3;
        SimCluster cluster = new SimCluster(seed, size);
        cluster.net.maxDelay = 1 + (int) (seed % 4);
        cluster.net.dropRate = 0.01 * (seed % 5);
        cluster.net.duplicateRate = 0.01;
        SimCluster.Faults faults = new SimCluster.Faults();
        faults.crashPerTick = 0.004;
        faults.tornWriteShare = 0.3;
        faults.partitionPerTick = 0.004;
        faults.proposePerTick = 0.5;
        faults.readPerTick = 0.1;
        faults.transferPerTick = 0.002;
        faults.membershipPerTick = seed % 4 == 1 || seed % 4 == 2 ? 0.005 : 0;
        faults.compactEvery = seed % 3 == 0 ? 0 : 30;
        try {
            cluster.runRandomized(3000, faults);
        } catch (AssertionError | RuntimeException e) {
            System.err.println("raft simulation failed: seed=" + seed + " size=" + size + " tick=" + cluster.now);
            throw e;
        }
        System.out.println(cluster.summary());
        assertTrue(cluster.checker.acknowledged.size() > 50,
                "seed=" + seed + ": too little progress, acknowledged " + cluster.checker.acknowledged.size());
        assertTrue(cluster.checker.confirmedReads > 0, "seed=" + seed + ": no read was confirmed");
    }
}
