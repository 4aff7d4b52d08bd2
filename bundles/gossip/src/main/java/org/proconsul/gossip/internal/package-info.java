/**
 * The gossip driver's parts that the pure core must not have: the AES-GCM keyring that seals every
 * packet and stream, and the {@code serf/local.keyring} file that keeps the keys across restarts.
 */
package org.proconsul.gossip.internal;
