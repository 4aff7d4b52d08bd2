/**
 * The gossip membership core: SWIM failure detection with Lifeguard's refinements (memberlist's role) and the
 * serf layer above it (intents ordered by Lamport clocks, statuses, tags, reaping, queries), written as one
 * deterministic state machine. {@link org.proconsul.gossip.core.GossipCore} takes bytes and the current time
 * in and hands packets, stream requests, events and log lines out; the driver owns sockets, timers,
 * encryption and files. Nothing in this package may start a thread, read a clock, touch the network or the
 * file system, or keep static mutable state; randomness comes only from the injected generator.
 */
package org.proconsul.gossip.core;
