/**
 * The agent's own identity and settings as the launcher resolved them from flags and config files.
 */
@Export
@Version("2.0.0")
package org.proconsul.api.agent;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
