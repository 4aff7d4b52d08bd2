/**
 * Cluster membership as gossip sees it: the members and their status and tags. Gossip state never
 * depends on Raft.
 */
@Export
@Version("1.1.0")
package org.proconsul.api.membership;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
