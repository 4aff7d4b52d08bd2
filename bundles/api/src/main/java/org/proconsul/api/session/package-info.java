/**
 * Sessions: named leases tied to a node and its checks, which hold KV locks. Created and destroyed through
 * Raft; the leader runs their TTL timers; each server keeps the lock delay of released keys in memory.
 */
@Export
@Version("1.0.0")
package org.proconsul.api.session;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
