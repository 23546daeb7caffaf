package org.mbrl4j.backend;

/**
 * A named region of host time opened by {@link Backend#range}; closing it ends the region. Ranges nest
 * like a stack per thread, so open them in try-with-resources and let the closes run in reverse order.
 */
@FunctionalInterface
public interface ProfilerRange extends AutoCloseable {

    /** The range of a backend with no profiler attached: closing it does nothing. */
    ProfilerRange NONE = () -> {};

    /** Ends the region; never throws. */
    @Override
    void close();
}
