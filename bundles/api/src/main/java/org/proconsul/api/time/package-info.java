/**
 * Time values as Consul's users write them: Go duration strings.
 */
@Export
@Version("1.0.0")
package org.proconsul.api.time;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
