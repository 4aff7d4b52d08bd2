/**
 * Backups of the whole replicated state ({@code consul snapshot}, {@code /v1/snapshot}): the service that
 * saves and restores it through Raft, and the archive format files are kept in.
 */
@Export
@Version("1.0.0")
package org.proconsul.api.snapshot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
