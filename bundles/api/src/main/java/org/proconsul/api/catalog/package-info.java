/**
 * The service catalog as Consul models it: nodes, the services registered on them, and health checks,
 * as stored in the replicated state and shown by {@code /v1/catalog} and {@code /v1/health}.
 */
@Export
@Version("1.0.0")
package org.proconsul.api.catalog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
