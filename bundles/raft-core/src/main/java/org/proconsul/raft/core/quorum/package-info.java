/**
 * Majority-quorum arithmetic for Raft, free of any Raft state: which index a majority of voters has reached,
 * whether a set of votes wins, loses or is still open, and whether enough voters are active. Keeping the
 * counting here, as pure functions over voter ids, lets it be table-tested apart from the protocol. Nothing
 * in this package may know about terms, logs or messages.
 */
package org.proconsul.raft.core.quorum;
