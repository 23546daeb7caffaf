package org.mbrl4j.cli.sweep;

import org.mbrl4j.train.EvalCurves;

/**
 * One run's numbers for the sweep table, from its eval.csv.
 *
 * @param finalReturn the last evaluation's mean return
 * @param auc         the area under the eval curve (trapezoids over env steps) divided by the last env step:
 *                    the mean return over training when the first evaluation is at step 0
 * @param lastStep    the env step of the last evaluation
 */
record RunResult(double finalReturn, double auc, long lastStep) {
    static RunResult of(EvalCurves.Series curve) {
        long[] s = curve.steps();
        double[] v = curve.values();
        if (s.length == 0) {
            throw new IllegalArgumentException(curve.label() + ": no evaluation rows");
        }
        int last = s.length - 1;
        double area = 0;
        for (int i = 1; i < s.length; i++) {
            area += (s[i] - s[i - 1]) * (v[i] + v[i - 1]) / 2;
        }
        double auc = s[last] > 0 ? area / s[last] : v[last];
        return new RunResult(v[last], auc, s[last]);
    }
}
