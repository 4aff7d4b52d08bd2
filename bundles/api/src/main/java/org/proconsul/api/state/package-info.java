/**
 * The replicated state machine contract and the read side of the state store: queries return their Raft index and can be watched for blocking queries.
 */
@Export
@Version("2.3.0")
package org.proconsul.api.state;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
