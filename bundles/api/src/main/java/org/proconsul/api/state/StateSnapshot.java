package org.proconsul.api.state;

import java.io.OutputStream;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The state as of one applied index, captured by {@link ReplicatedStateMachine#snapshot()}. Capturing is
 * cheap and happens on the applying thread; writing it out may take long and happens on another thread
 * while applying goes on, so a large state does not stall consensus.
 */
@ConsumerType
public interface StateSnapshot extends AutoCloseable {

    /** The last index applied to the captured state. */
    long index();

    /** Writes a complete, self-describing copy of the captured state (once; any thread). */
    void writeTo(OutputStream out);

    /** Releases what the capture holds. */
    @Override
    void close();
}
