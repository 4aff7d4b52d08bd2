package org.proconsul.api.state;

/** A registered wake-up; closing it cancels the wake-up. Closing twice is harmless. */
public interface Watch extends AutoCloseable {
    @Override
    void close();
}
