package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax and log-softmax over one row of c floats, max-subtracted:
 * <pre>
 *   m = max x,  s = Σ exp(x - m)
 *   softmax:      y = exp(x - m) / s            backward: dx += y·(dy - Σ dy·y)
 *   log-softmax:  y = (x - m) - log s           backward: dx += dy - exp(y)·Σ dy
 * </pre>
 * Each op has a scalar reference ({@code Math.exp} rounded to float, sums in double) and a Vector
 * API version (vector body + scalar tail, sums in float lanes). The vector exp is within 1 float ulp
 * of the rounded {@code Math.exp} and about ten times faster, which matters because SimNorm runs on
 * every latent of every planning step.
 */
final class NormSoftmaxRows {
    private NormSoftmaxRows() {}

    private static final VectorSpecies<Float> SPECIES = VectorWidth.FLOAT;

    static void softmax(float[] x, int xi, float[] y, int yi, int c) {
        if (SPECIES == null) {
            softmaxScalar(x, xi, y, yi, c);
        } else {
            softmaxVector(x, xi, y, yi, c);
        }
    }

    static void logSoftmax(float[] x, int xi, float[] y, int yi, int c) {
        if (SPECIES == null) {
            logSoftmaxScalar(x, xi, y, yi, c);
        } else {
            logSoftmaxVector(x, xi, y, yi, c);
        }
    }

    /** dx += y·(dy - Σ dy·y). */
    static void softmaxBackward(float[] y, int yi, float[] dy, int gi, float[] dx, int di, int c) {
        if (SPECIES == null) {
            softmaxBackwardScalar(y, yi, dy, gi, dx, di, c);
        } else {
            softmaxBackwardVector(y, yi, dy, gi, dx, di, c);
        }
    }

    /** dx += dy - exp(y)·Σ dy. */
    static void logSoftmaxBackward(float[] y, int yi, float[] dy, int gi, float[] dx, int di, int c) {
        if (SPECIES == null) {
            logSoftmaxBackwardScalar(y, yi, dy, gi, dx, di, c);
        } else {
            logSoftmaxBackwardVector(y, yi, dy, gi, dx, di, c);
        }
    }

    // ---- scalar references ----

    static void softmaxScalar(float[] x, int xi, float[] y, int yi, int c) {
        float m = maxScalar(x, xi, c);
        float s = (float) expShiftedScalar(x, xi, m, y, yi, c);
        for (int i = 0; i < c; i++) {
            y[yi + i] = y[yi + i] / s;
        }
    }

    static void logSoftmaxScalar(float[] x, int xi, float[] y, int yi, int c) {
        float m = maxScalar(x, xi, c);
        float logS = (float) Math.log(expShiftedScalar(x, xi, m, y, yi, c));
        for (int i = 0; i < c; i++) {
            y[yi + i] = x[xi + i] - m - logS;
        }
    }

    static void softmaxBackwardScalar(float[] y, int yi, float[] dy, int gi, float[] dx, int di, int c) {
        double acc = 0;
        for (int i = 0; i < c; i++) {
            acc += dy[gi + i] * y[yi + i];
        }
        float dot = (float) acc;
        for (int i = 0; i < c; i++) {
            dx[di + i] += y[yi + i] * (dy[gi + i] - dot);
        }
    }

    static void logSoftmaxBackwardScalar(float[] y, int yi, float[] dy, int gi, float[] dx, int di, int c) {
        double acc = 0;
        for (int i = 0; i < c; i++) {
            acc += dy[gi + i];
        }
        float sumDy = (float) acc;
        for (int i = 0; i < c; i++) {
            dx[di + i] += dy[gi + i] - VectorMath.exp(y[yi + i]) * sumDy;
        }
    }

    static float maxScalar(float[] x, int xi, int c) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < c; i++) {
            m = Math.max(m, x[xi + i]);
        }
        return m;
    }

    /** y = exp(x - m) elementwise; returns Σ y in double. */
    private static double expShiftedScalar(float[] x, int xi, float m, float[] y, int yi, int c) {
        double s = 0;
        for (int i = 0; i < c; i++) {
            float e = VectorMath.exp(x[xi + i] - m);
            y[yi + i] = e;
            s += e;
        }
        return s;
    }

    // ---- vector versions ----

    static void softmaxVector(float[] x, int xi, float[] y, int yi, int c) {
        float m = maxVector(x, xi, c);
        float s = expShiftedVector(x, xi, m, y, yi, c);
        int i = 0;
        for (int bound = SPECIES.loopBound(c); i < bound; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, y, yi + i).div(s).intoArray(y, yi + i);
        }
        for (; i < c; i++) {
            y[yi + i] = y[yi + i] / s;
        }
    }

    static void logSoftmaxVector(float[] x, int xi, float[] y, int yi, int c) {
        float m = maxVector(x, xi, c);
        float logS = (float) Math.log(expShiftedVector(x, xi, m, y, yi, c));
        int i = 0;
        for (int bound = SPECIES.loopBound(c); i < bound; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, x, xi + i).sub(m).sub(logS).intoArray(y, yi + i);
        }
        for (; i < c; i++) {
            y[yi + i] = x[xi + i] - m - logS;
        }
    }

    static void softmaxBackwardVector(float[] y, int yi, float[] dy, int gi, float[] dx, int di, int c) {
        int bound = SPECIES.loopBound(c);
        int step = SPECIES.length();
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < bound; i += step) {
            acc = acc.add(FloatVector.fromArray(SPECIES, dy, gi + i).mul(FloatVector.fromArray(SPECIES, y, yi + i)));
        }
        float dot = VectorMath.sumLanes(acc);
        for (; i < c; i++) {
            dot += dy[gi + i] * y[yi + i];
        }
        for (i = 0; i < bound; i += step) {
            FloatVector yv = FloatVector.fromArray(SPECIES, y, yi + i);
            FloatVector g = FloatVector.fromArray(SPECIES, dy, gi + i).sub(dot);
            FloatVector.fromArray(SPECIES, dx, di + i).add(yv.mul(g)).intoArray(dx, di + i);
        }
        for (; i < c; i++) {
            dx[di + i] += y[yi + i] * (dy[gi + i] - dot);
        }
    }

    static void logSoftmaxBackwardVector(float[] y, int yi, float[] dy, int gi, float[] dx, int di, int c) {
        int bound = SPECIES.loopBound(c);
        int step = SPECIES.length();
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < bound; i += step) {
            acc = acc.add(FloatVector.fromArray(SPECIES, dy, gi + i));
        }
        float sumDy = VectorMath.sumLanes(acc);
        for (; i < c; i++) {
            sumDy += dy[gi + i];
        }
        for (i = 0; i < bound; i += step) {
            FloatVector p = VectorMath.exp(FloatVector.fromArray(SPECIES, y, yi + i));
            FloatVector d = FloatVector.fromArray(SPECIES, dy, gi + i).sub(p.mul(sumDy));
            FloatVector.fromArray(SPECIES, dx, di + i).add(d).intoArray(dx, di + i);
        }
        for (; i < c; i++) {
            dx[di + i] += dy[gi + i] - VectorMath.exp(y[yi + i]) * sumDy;
        }
    }

    static float maxVector(float[] x, int xi, int c) {
        int i = 0;
        FloatVector acc = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        for (int bound = SPECIES.loopBound(c); i < bound; i += SPECIES.length()) {
            acc = acc.max(FloatVector.fromArray(SPECIES, x, xi + i));
        }
        return Math.max(acc.reduceLanes(VectorOperators.MAX), maxScalar(x, xi + i, c - i));
    }

    /** y = exp(x - m) elementwise; returns Σ y (float lanes, then the scalar tail). */
    private static float expShiftedVector(float[] x, int xi, float m, float[] y, int yi, int c) {
        int i = 0;
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int bound = SPECIES.loopBound(c); i < bound; i += SPECIES.length()) {
            FloatVector e = VectorMath.exp(FloatVector.fromArray(SPECIES, x, xi + i).sub(m));
            e.intoArray(y, yi + i);
            acc = acc.add(e);
        }
        float s = VectorMath.sumLanes(acc);
        for (; i < c; i++) {
            float e = VectorMath.exp(x[xi + i] - m);
            y[yi + i] = e;
            s += e;
        }
        return s;
    }
}
