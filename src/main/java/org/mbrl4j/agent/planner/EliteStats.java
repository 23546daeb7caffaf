package org.mbrl4j.agent.planner;

/**
 * mean, std and max of the elites' values or disagreements, in double. The std is Bessel-corrected
 * (torch's default {@code Tensor.std()}), and 0 for a single elite, where torch would give NaN.
 */
record EliteStats(double mean, double std, double max) {

    static EliteStats of(float[] x) {
        if (x.length == 0) {
            throw new IllegalArgumentException("elite statistics need at least one elite");
        }
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) {
            sum += v;
            max = Math.max(max, v);
        }
        double mean = sum / x.length;
        double ss = 0;
        for (float v : x) {
            ss += (v - mean) * (v - mean);
        }
        double std = x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : 0.0;
        return new EliteStats(mean, std, max);
    }
}
