package org.proconsul.gossip.core;

/** We ping a target on behalf of {@code replyTo}; forward its ack, or send a nack at {@code deadline}. */
record IndirectRelay(String replyTo, int originalSeq, long deadline, boolean wantNack) {
}
