/**
 * The storage SPI: named ordered byte maps with atomic write batches, consistent read views and streaming snapshot/restore. Engines (memory, Xodus) implement it; the Raft log and the state store sit on it. No engine type may appear here.
 */
@Export
@Version("2.0.0")
package org.proconsul.api.storage;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
