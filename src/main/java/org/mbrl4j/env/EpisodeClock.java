package org.mbrl4j.env;

/**
 * Counts the steps of the running episode against a time limit and guards the lifecycle: no step
 * before the first reset, none after the episode ended.
 */
final class EpisodeClock {
    private final String envName;
    private final int limit;
    private int steps;
    private boolean running;

    EpisodeClock(String envName, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException(envName + ": time limit must be >= 1, got " + limit);
        }
        this.envName = envName;
        this.limit = limit;
    }

    void reset() {
        steps = 0;
        running = true;
    }

    /** Throws unless an episode is running. */
    void requireRunning() {
        if (!running) {
            throw new IllegalStateException(envName + ": step() called with no running episode (before the"
                    + " first reset or after the episode ended); call reset(seed) to start one");
        }
    }

    /**
     * Counts one step; returns whether it reached the time limit. Call {@link #end} when the step
     * ends the episode for any reason.
     */
    boolean tick() {
        steps++;
        return steps >= limit;
    }

    void end() {
        running = false;
    }

    /** Steps taken in the running (or last) episode. */
    int steps() {
        return steps;
    }

    int limit() {
        return limit;
    }
}
