/**
 * Values of the replicated KV store as Consul shows them: entries, transaction operations and their results.
 */
@Export
@Version("1.0.0")
package org.proconsul.api.kv;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
