package org.proconsul.gossip.core;

import java.util.Map;
import org.proconsul.gossip.core.wire.SwimState;
import org.proconsul.gossip.core.wire.Versions;

/** Mutable record of one member inside the core; only {@link GossipCore} changes it. */
final class Member {
    final String name;
    String address;
    Map<String, String> tags;
    Versions versions;
    long incarnation;
    SwimState swim = SwimState.ALIVE;
    /** when {@link #swim} last changed: bounds gossip to the dead */
    long swimChangedAt;
    MemberStatus status = MemberStatus.ALIVE;
    /** Lamport time of the latest join or leave intent applied to this member */
    long statusLamportTime;
    /** when {@link #status} last changed: drives reaping */
    long statusChangedAt;
    Suspicion suspicion;

    Member(String name, String address, Map<String, String> tags, Versions versions, long incarnation, long now) {
        this.name = name;
        this.address = address;
        this.tags = Map.copyOf(tags);
        this.versions = versions;
        this.incarnation = incarnation;
        this.swimChangedAt = now;
        this.statusChangedAt = now;
    }

    MemberView view() {
        HostPort hp = HostPort.parse(address);
        return new MemberView(name, hp == null ? address : hp.host(), hp == null ? 0 : hp.port(), tags, status,
                incarnation, versions.protocolMin(), versions.protocolMax(), versions.protocolCur(),
                versions.delegateMin(), versions.delegateMax(), versions.delegateCur());
    }

    /** Probe and gossip targets: the failure detector still thinks they may be up. */
    boolean reachable() {
        return swim == SwimState.ALIVE || swim == SwimState.SUSPECT;
    }
}
