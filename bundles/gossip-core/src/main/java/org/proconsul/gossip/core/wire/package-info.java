/**
 * The gossip wire format: a sealed family of messages with fixed one-byte type codes, the frame that carries
 * the protocol version and cluster label, and a decoder that turns any byte string into either a message or a
 * rejection with a reason. Nothing here keeps state or knows about members; encryption is the driver's job
 * and happens outside these bytes.
 */
package org.proconsul.gossip.core.wire;
