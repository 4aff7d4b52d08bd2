package org.proconsul.api.autopilot;

import org.osgi.annotation.versioning.ProviderType;

/** Autopilot's latest view of the servers; on a server that does not lead, {@link AutopilotReport#EMPTY}. */
@ProviderType
public interface AutopilotStatus {

    AutopilotReport report();
}
