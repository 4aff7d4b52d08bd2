package org.proconsul.gossip.core.wire;

/**
 * Protocol and delegate version ranges a member speaks, as memberlist advertises them. Consul reports these in
 * `consul members -detailed`, so the values mirror Consul's: protocol 1..5 current 2, delegate 2..5 current 4.
 */
public record Versions(int protocolMin, int protocolMax, int protocolCur, int delegateMin, int delegateMax,
        int delegateCur) {

    public static Versions current() {
        return new Versions(1, 5, 2, 2, 5, 4);
    }
}
