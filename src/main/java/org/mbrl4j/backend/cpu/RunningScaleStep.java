package org.mbrl4j.backend.cpu;

import java.util.Arrays;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link org.mbrl4j.backend.ReduceOps#runningScale} on the host: agent/tdmpc2/RunningScale's math, operation
 * for operation (the golden runs pin it): a sorted copy, torch-style percentiles in double rounded to
 * float, the floor at 1 with Java's NaN-propagating max, the EMA in float.
 */
final class RunningScaleStep {
    private static final double LOW_PERCENTILE = 5;
    private static final double HIGH_PERCENTILE = 95;

    private RunningScaleStep() {}

    static void apply(Tensor x, Tensor scale, float tau, Tensor out) {
        float[] sorted = Arrays.copyOfRange(x.floats(), x.off(), x.off() + x.size());
        Arrays.sort(sorted);
        float s = Math.max(percentile(sorted, HIGH_PERCENTILE) - percentile(sorted, LOW_PERCENTILE), 1f);
        float before = scale.floats()[scale.off()];
        out.floats()[out.off()] = before + tau * (s - before);
    }

    /** pos = p (n−1)/100, linear between floor(pos) and min(floor(pos)+1, n−1) of the sorted values. */
    private static float percentile(float[] sorted, double p) {
        double pos = p * (sorted.length - 1) / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return (float) (sorted[lo] + frac * (sorted[hi] - sorted[lo]));
    }
}
