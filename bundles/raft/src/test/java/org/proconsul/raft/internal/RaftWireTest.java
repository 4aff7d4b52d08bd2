package org.proconsul.raft.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.proconsul.raft.core.AppendEntries;
import org.proconsul.raft.core.AppendEntriesResponse;
import org.proconsul.raft.core.Configuration;
import org.proconsul.raft.core.Entry;
import org.proconsul.raft.core.Heartbeat;
import org.proconsul.raft.core.HeartbeatResponse;
import org.proconsul.raft.core.InstallSnapshot;
import org.proconsul.raft.core.Message;
import org.proconsul.raft.core.RequestVote;
import org.proconsul.raft.core.RequestVoteResponse;
import org.proconsul.raft.core.Server;
import org.proconsul.raft.core.SnapshotMetadata;
import org.proconsul.raft.core.TimeoutNow;

class RaftWireTest {
    private static final String CID = "508c2d89-a26c-461e-aac0-23ee40d3843d";

    private static List<Message> samples() {
        Configuration config = Configuration.of(Server.voter("a", "10.0.0.1:8300"), Server.nonVoter("b", "10.0.0.2:8300"));
        return List.of(
                new RequestVote("a", "b", 3, CID, 10, 2, true, false),
                new RequestVoteResponse("b", "a", 3, CID, true, true),
                new AppendEntries("a", "b", 4, CID, 9, 2, List.of(Entry.command(10, 3, new byte[] {1, 2, 3}),
                        Entry.noop(11, 4), Entry.configuration(12, 4, config)), 9),
                new AppendEntries("a", "b", 4, "", 12, 4, List.of(), 12),
                new AppendEntriesResponse("b", "a", 4, CID, false, 0, 13, 9, 2),
                new Heartbeat("a", "b", 4, CID, 12, 77, 5),
                new HeartbeatResponse("b", "a", 4, CID, 77, 5),
                new TimeoutNow("a", "b", 4, CID),
                new InstallSnapshot("a", "b", 4, CID, new SnapshotMetadata(100, 3, config), "snap-100"));
    }

    @Test
    void everyMessageSurvivesTheWire() throws Exception {
        for (Message m : samples()) {
            RaftWire.Envelope e = RaftWire.decode(RaftWire.encode("dc1", "10.0.0.1:8300", m));
            assertEquals("dc1", e.datacenter());
            assertEquals("10.0.0.1:8300", e.fromAddress());
            assertEquals(m, e.message());
        }
    }

    @Test
    void truncatedCorruptedAndRandomBytesAreRefusedNeverThrown() {
        Random random = new Random(42);
        for (Message m : samples()) {
            byte[] good = RaftWire.encode("dc1", "10.0.0.1:8300", m);
            for (int cut = 0; cut < good.length; cut++) {
                byte[] truncated = java.util.Arrays.copyOf(good, cut);
                assertThrows(RaftWire.BadMessage.class, () -> RaftWire.decode(truncated), m + " cut at " + cut);
            }
            for (int i = 0; i < 200; i++) {
                byte[] flipped = good.clone();
                flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
                try {
                    RaftWire.decode(flipped);
                } catch (RaftWire.BadMessage expected) {
                    // refusing is fine; throwing anything else is not
                }
            }
        }
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            try {
                RaftWire.decode(junk);
            } catch (RaftWire.BadMessage expected) {
                // refused
            }
        }
    }

    @Test
    void aCountThatLiesAboutTheEntriesIsRefusedBeforeAllocating() {
        byte[] good = RaftWire.encode("dc1", "x:1", new AppendEntries("a", "b", 4, CID, 12, 4, List.of(), 12));
        // the entry count is the last 4 bytes of an empty AppendEntries
        good[good.length - 1] = (byte) 0xff;
        good[good.length - 2] = (byte) 0xff;
        assertThrows(RaftWire.BadMessage.class, () -> RaftWire.decode(good));
    }
}
