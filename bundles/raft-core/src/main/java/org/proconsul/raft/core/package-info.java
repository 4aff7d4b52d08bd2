/**
 * The pure Raft consensus core of Proconsul: {@link org.proconsul.raft.core.RaftCore} is a deterministic state
 * machine driven by {@code tick()}, {@code step(message)} and proposals, which hands back one
 * {@link org.proconsul.raft.core.Ready} batch of things to persist, send and apply. Everything here is plain
 * values and single-threaded logic so that the same code runs under the seeded simulator and inside the
 * {@code raft} driver bundle. Nothing in this package may start threads, read clocks, open sockets or files,
 * keep static mutable state, or depend on OSGi, Xodus or any other library; randomness comes only from the
 * injected {@link java.util.random.RandomGenerator}. An import-scan test enforces this.
 */
package org.proconsul.raft.core;
