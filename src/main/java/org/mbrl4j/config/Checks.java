package org.mbrl4j.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every rule a config record breaks, so its compact constructor can report all of them at
 * once. Messages read {@code key=value: rule}.
 */
final class Checks {
    private final List<ConfigException.Problem> problems = new ArrayList<>();

    void require(boolean ok, String key, Object value, String rule) {
        if (!ok) {
            problems.add(new ConfigException.Problem(key, key + "=" + Values.format(value) + ": " + rule));
        }
    }

    void atLeast(String key, int value, int min) {
        require(value >= min, key, value, "must be >= " + min);
    }

    void positive(String key, double value) {
        require(value > 0, key, value, "must be > 0");
    }

    void nonNegative(String key, double value) {
        require(value >= 0, key, value, "must be >= 0");
    }

    /** Open lower bound, closed upper bound: (lo, hi]. */
    void inOpenClosed(String key, double value, double lo, double hi) {
        require(value > lo && value <= hi, key, value,
                "must be in (" + bound(lo) + ", " + bound(hi) + "]");
    }

    /** Open interval (lo, hi). */
    void inOpen(String key, double value, double lo, double hi) {
        require(value > lo && value < hi, key, value,
                "must be in (" + bound(lo) + ", " + bound(hi) + ")");
    }

    /** {@code key <= otherKey}, reported on {@code key}. */
    void atMost(String key, int value, String otherKey, int other) {
        require(value <= other, key, value, "must be <= " + otherKey + "=" + other);
    }

    /** {@code key <= otherKey}, reported on {@code key}. */
    void atMost(String key, double value, String otherKey, double other) {
        require(value <= other, key, value, "must be <= " + otherKey + "=" + Values.format(other));
    }

    /** {@code key < otherKey}, reported on {@code key}. */
    void below(String key, double value, String otherKey, double other) {
        require(value < other, key, value, "must be < " + otherKey + "=" + Values.format(other));
    }

    void notBlank(String key, String value) {
        require(value != null && !value.isBlank(), key, value, "must not be empty");
    }

    void notNull(String key, Object value, String allowed) {
        require(value != null, key, null, "must be one of " + allowed);
    }

    /** Range bounds read like math: (0, 1], not (0.0, 1.0]. */
    private static String bound(double b) {
        return b == Math.rint(b) ? Long.toString((long) b) : Values.format(b);
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
