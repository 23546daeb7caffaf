package org.mbrl4j.agent.tdmpc2;

import java.util.Arrays;

/**
 * tdmpc2's RunningScale (docs/tdmpc2.md#running-scale): an EMA of the 5th-95th percentile range of Q at t = 0,
 * floored at 1, used only to normalise Q in the policy loss.
 */
public final class RunningScale {
    private static final double LOW_PERCENTILE = 5;
    private static final double HIGH_PERCENTILE = 95;

    private final float tau;
    private float value = 1f;

    public RunningScale(float tau) {
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau=" + tau + " must be in (0, 1]");
        }
        this.tau = tau;
    }

    public float value() {
        return value;
    }

    /** Restores a saved value (checkpoint resume). */
    public void set(float v) {
        if (!(v >= 1f) || !Float.isFinite(v)) {
            throw new IllegalArgumentException("running scale " + v + " must be a finite value >= 1");
        }
        value = v;
    }

    /** value ← value + tau · (max(P95 − P5, 1) − value), percentiles linearly interpolated over x. */
    public void update(float[] x) {
        float s = Math.max(percentile(x, HIGH_PERCENTILE) - percentile(x, LOW_PERCENTILE), 1f);
        value += tau * (s - value);
    }

    /** torch-style percentile: pos = p (n−1)/100, linear between floor(pos) and min(floor(pos)+1, n−1). */
    static float percentile(float[] x, double p) {
        float[] sorted = x.clone();
        Arrays.sort(sorted);
        double pos = p * (sorted.length - 1) / 100.0;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double frac = pos - lo;
        return (float) (sorted[lo] + frac * (sorted[hi] - sorted[lo]));
    }
}
