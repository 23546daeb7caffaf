package org.mbrl4j.env;

/**
 * The Control Suite's shaped-reward primitive, {@code dm_control/utils/rewards.py: tolerance}:
 * 1 inside [lo, hi]; outside, a sigmoid of the distance to the nearest bound in units of the margin,
 * scaled so that it equals {@code valueAtMargin} at distance = margin. With margin 0 it is a hard
 * 0/1 indicator.
 */
public final class Tolerance {
    private Tolerance() {}

    /** The sigmoids of {@code rewards.py: _sigmoids} that the tasks here use; d ≥ 0 is distance / margin. */
    public enum Sigmoid {
        /** exp(−½(d·s)²) with s = √(−2 ln v). */
        GAUSSIAN,
        /** 1 − d·s where d·s < 1, else 0, with s = 1 − v. */
        LINEAR,
        /** 1 − (d·s)² where d·s < 1, else 0, with s = √(1 − v). */
        QUADRATIC
    }

    /** dm_control's defaults: bounds (0, 0), gaussian sigmoid, value_at_margin 0.1. */
    public static final double DEFAULT_VALUE_AT_MARGIN = 0.1;

    /** {@code tolerance(x, bounds=(lo, hi), margin, sigmoid, value_at_margin)}. */
    public static double tolerance(double x, double lo, double hi, double margin, Sigmoid sigmoid,
            double valueAtMargin) {
        if (lo > hi) {
            throw new IllegalArgumentException("tolerance: lower bound " + lo + " > upper bound " + hi);
        }
        if (margin < 0) {
            throw new IllegalArgumentException("tolerance: margin must be >= 0, got " + margin);
        }
        checkValueAtMargin(sigmoid, valueAtMargin);
        if (lo <= x && x <= hi) {
            return 1.0;
        }
        if (margin == 0) {
            return 0.0;
        }
        double d = (x < lo ? lo - x : x - hi) / margin;
        return sigmoid(d, valueAtMargin, sigmoid);
    }

    /** Gaussian tolerance around 0 with the default value at margin: {@code tolerance(x, margin=m)}. */
    public static double gaussianAroundZero(double x, double margin) {
        return tolerance(x, 0, 0, margin, Sigmoid.GAUSSIAN, DEFAULT_VALUE_AT_MARGIN);
    }

    private static double sigmoid(double d, double v, Sigmoid sigmoid) {
        return switch (sigmoid) {
            case GAUSSIAN -> {
                double s = Math.sqrt(-2 * Math.log(v));
                yield Math.exp(-0.5 * (d * s) * (d * s));
            }
            case LINEAR -> {
                double ds = d * (1 - v);
                yield Math.abs(ds) < 1 ? 1 - ds : 0.0;
            }
            case QUADRATIC -> {
                double ds = d * Math.sqrt(1 - v);
                yield Math.abs(ds) < 1 ? 1 - ds * ds : 0.0;
            }
        };
    }

    /** rewards.py: value_at_1 in (0, 1) for gaussian; in [0, 1) for linear and quadratic. */
    private static void checkValueAtMargin(Sigmoid sigmoid, double v) {
        boolean ok = sigmoid == Sigmoid.GAUSSIAN ? v > 0 && v < 1 : v >= 0 && v < 1;
        if (!ok) {
            throw new IllegalArgumentException("tolerance: value_at_margin " + v + " out of range for " + sigmoid
                    + (sigmoid == Sigmoid.GAUSSIAN ? " (needs 0 < v < 1)" : " (needs 0 <= v < 1)"));
        }
    }
}
