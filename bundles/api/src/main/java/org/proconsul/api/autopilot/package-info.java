/**
 * Autopilot's replicated settings and the service that writes them.
 */
@Export
@Version("1.1.0")
package org.proconsul.api.autopilot;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
