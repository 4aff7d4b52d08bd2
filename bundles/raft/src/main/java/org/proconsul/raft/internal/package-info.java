/**
 * The Raft driver: the only place that gives the pure {@code org.proconsul.raft.core} state machine its
 * clock, disk and network. One thread runs the core; it drains its inbox once per turn, so proposals
 * that arrive together are persisted with one fsync (group commit).
 */
package org.proconsul.raft.internal;
