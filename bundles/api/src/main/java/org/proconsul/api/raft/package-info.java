/**
 * The consensus service the state machine is replicated through: apply commands, read barriers for Consul's consistency modes, and the Raft view behind /v1/status. Errors are values (sealed results), never exceptions.
 */
@Export
@Version("2.1.0")
package org.proconsul.api.raft;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
