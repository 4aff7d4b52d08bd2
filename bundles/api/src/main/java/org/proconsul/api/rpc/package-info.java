/**
 * Server RPC on port 8300: request/response calls multiplexed on one connection per server (each call
 * cancellable, so a forwarded blocking query may last minutes), and one-way message channels (Raft,
 * snapshots) on connections of their own, so heartbeats and votes never queue behind bulk traffic.
 */
@Export
@Version("1.0.0")
package org.proconsul.api.rpc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
