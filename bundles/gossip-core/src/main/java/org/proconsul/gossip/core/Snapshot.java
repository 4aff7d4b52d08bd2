package org.proconsul.gossip.core;

import java.util.List;

/**
 * What survives a restart (serf's local.snapshot): the Lamport clocks, so our new intents order after the old
 * ones, the members we last saw alive, so the driver can rejoin without seeds, and whether we left cleanly
 * (then we do not rejoin by ourselves, as serf with rejoin_after_leave off).
 */
public record Snapshot(long memberLamportTime, long queryLamportTime, List<KnownMember> aliveMembers,
        boolean leftCleanly) {

    public Snapshot {
        aliveMembers = List.copyOf(aliveMembers);
    }

    public record KnownMember(String name, String address) {
    }

    /** Addresses worth a join on restart: none after a clean leave. */
    public List<String> rejoinAddresses() {
        return leftCleanly ? List.of() : aliveMembers.stream().map(KnownMember::address).toList();
    }
}
