/**
 * The health-check extension point: a bundle registers a {@link org.proconsul.api.check.CheckType} with the
 * service property {@code check.type=NAME} and the agent runs every definition of that type through it.
 * Types come and go while the agent runs; definitions of a missing type report critical until it returns.
 */
@Export
@Version("1.0.0")
package org.proconsul.api.check;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
