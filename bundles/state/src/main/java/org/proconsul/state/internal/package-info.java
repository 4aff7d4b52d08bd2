/**
 * The replicated state machine and its read side. Commands are versioned binary records applied in
 * Raft order; every KV change goes through {@link org.proconsul.state.internal.KvOverlay} so single
 * writes and transactions share one code path. Watches wake only the blocking queries whose keys,
 * prefixes or tables a write touched. Nothing here reads a clock: the state machine is deterministic.
 */
package org.proconsul.state.internal;
