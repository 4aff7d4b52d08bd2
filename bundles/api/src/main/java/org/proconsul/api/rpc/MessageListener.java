package org.proconsul.api.rpc;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives one-way messages of one channel; registered with the service property
 * {@value #CHANNEL_PROPERTY} set to the channel's name ({@code RAFT}, {@code SNAPSHOT}). Called on the
 * connection's reader thread: hand the message on, do not block.
 */
@ConsumerType
public interface MessageListener {
    String CHANNEL_PROPERTY = "rpc.channel";

    void receive(String remoteAddress, byte[] message);
}
