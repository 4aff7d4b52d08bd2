/**
 * Time values as Consul's users write them: Go duration strings, parsed and printed with Go's rules
 * and error texts. The one implementation every bundle and the CLI use.
 */
@Export
@Version("1.0.0")
package org.proconsul.api.time;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
