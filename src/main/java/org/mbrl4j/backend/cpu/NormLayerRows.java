package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * LayerNorm over one row of F floats (PyTorch LayerNorm, biased variance):
 * <pre>
 *   mean = Σx/F,  var = Σ(x - mean)²/F,  rstd = 1/sqrt(var + eps),  x̂ = (x - mean)·rstd,
 *   y = x̂·γ + β
 *   backward: g = dy·γ,  dx += rstd·(g - mean(g) - x̂·mean(g·x̂))
 * </pre>
 * Each loop has a scalar reference and a Vector API version; the elementwise steps are the same
 * float operations in the same order, so they differ only in the row sums, which the reference
 * accumulates in double and the vector version in float lanes (each lane adds F / lanes terms).
 */
final class NormLayerRows {
    private NormLayerRows() {}

    private static final VectorSpecies<Float> SPECIES = VectorWidth.FLOAT;

    /** Normalizes x[xi..xi+c) into y[yi..); writes the row's mean to mean[mi] and rstd to rstd[ri]. */
    static void forward(float[] x, int xi, float[] gamma, int gi, float[] beta, int bi, float eps, float[] y, int yi,
            int c, float[] mean, int mi, float[] rstd, int ri) {
        if (SPECIES == null) {
            forwardScalar(x, xi, gamma, gi, beta, bi, eps, y, yi, c, mean, mi, rstd, ri);
        } else {
            forwardVector(x, xi, gamma, gi, beta, bi, eps, y, yi, c, mean, mi, rstd, ri);
        }
    }

    static void forwardScalar(float[] x, int xi, float[] gamma, int gi, float[] beta, int bi, float eps, float[] y,
            int yi, int c, float[] mean, int mi, float[] rstd, int ri) {
        double sum = 0;
        for (int i = 0; i < c; i++) {
            sum += x[xi + i];
        }
        float m = (float) (sum / c);
        double sq = 0;
        for (int i = 0; i < c; i++) {
            float d = x[xi + i] - m;
            sq += d * d;
        }
        float r = rstd((float) (sq / c), eps);
        for (int i = 0; i < c; i++) {
            y[yi + i] = (x[xi + i] - m) * r * gamma[gi + i] + beta[bi + i];
        }
        mean[mi] = m;
        rstd[ri] = r;
    }

    static void forwardVector(float[] x, int xi, float[] gamma, int gi, float[] beta, int bi, float eps, float[] y,
            int yi, int c, float[] mean, int mi, float[] rstd, int ri) {
        int bound = SPECIES.loopBound(c);
        int step = SPECIES.length();
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < bound; i += step) {
            acc = acc.add(FloatVector.fromArray(SPECIES, x, xi + i));
        }
        float sum = VectorMath.sumLanes(acc);
        for (; i < c; i++) {
            sum += x[xi + i];
        }
        float m = sum / c;
        acc = FloatVector.zero(SPECIES);
        for (i = 0; i < bound; i += step) {
            FloatVector d = FloatVector.fromArray(SPECIES, x, xi + i).sub(m);
            acc = acc.add(d.mul(d));
        }
        float sq = VectorMath.sumLanes(acc);
        for (; i < c; i++) {
            float d = x[xi + i] - m;
            sq += d * d;
        }
        float r = rstd(sq / c, eps);
        for (i = 0; i < bound; i += step) {
            FloatVector.fromArray(SPECIES, x, xi + i).sub(m).mul(r).mul(FloatVector.fromArray(SPECIES, gamma, gi + i))
                    .add(FloatVector.fromArray(SPECIES, beta, bi + i)).intoArray(y, yi + i);
        }
        for (; i < c; i++) {
            y[yi + i] = (x[xi + i] - m) * r * gamma[gi + i] + beta[bi + i];
        }
        mean[mi] = m;
        rstd[ri] = r;
    }

    /** dx[di..di+c) += the LayerNorm input gradient of one row (see the class formula). */
    static void backwardDx(float[] x, int xi, float[] gamma, int gi, float m, float r, float[] dy, int yi, float[] dx,
            int di, int c) {
        if (SPECIES == null) {
            backwardDxScalar(x, xi, gamma, gi, m, r, dy, yi, dx, di, c);
        } else {
            backwardDxVector(x, xi, gamma, gi, m, r, dy, yi, dx, di, c);
        }
    }

    static void backwardDxScalar(float[] x, int xi, float[] gamma, int gi, float m, float r, float[] dy, int yi,
            float[] dx, int di, int c) {
        double sumG = 0;
        double sumGx = 0;
        for (int i = 0; i < c; i++) {
            float g = dy[yi + i] * gamma[gi + i];
            sumG += g;
            sumGx += g * ((x[xi + i] - m) * r);
        }
        float meanG = (float) (sumG / c);
        float meanGx = (float) (sumGx / c);
        for (int i = 0; i < c; i++) {
            float xhat = (x[xi + i] - m) * r;
            dx[di + i] += r * (dy[yi + i] * gamma[gi + i] - meanG - xhat * meanGx);
        }
    }

    static void backwardDxVector(float[] x, int xi, float[] gamma, int gi, float m, float r, float[] dy, int yi,
            float[] dx, int di, int c) {
        int bound = SPECIES.loopBound(c);
        int step = SPECIES.length();
        FloatVector accG = FloatVector.zero(SPECIES);
        FloatVector accGx = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < bound; i += step) {
            FloatVector g = FloatVector.fromArray(SPECIES, dy, yi + i).mul(FloatVector.fromArray(SPECIES, gamma, gi + i));
            FloatVector xhat = FloatVector.fromArray(SPECIES, x, xi + i).sub(m).mul(r);
            accG = accG.add(g);
            accGx = accGx.add(g.mul(xhat));
        }
        float sumG = VectorMath.sumLanes(accG);
        float sumGx = VectorMath.sumLanes(accGx);
        for (; i < c; i++) {
            float g = dy[yi + i] * gamma[gi + i];
            sumG += g;
            sumGx += g * ((x[xi + i] - m) * r);
        }
        float meanG = sumG / c;
        float meanGx = sumGx / c;
        for (i = 0; i < bound; i += step) {
            FloatVector g = FloatVector.fromArray(SPECIES, dy, yi + i).mul(FloatVector.fromArray(SPECIES, gamma, gi + i));
            FloatVector xhat = FloatVector.fromArray(SPECIES, x, xi + i).sub(m).mul(r);
            FloatVector d = FloatVector.fromArray(SPECIES, dx, di + i);
            d.add(g.sub(meanG).sub(xhat.mul(meanGx)).mul(r)).intoArray(dx, di + i);
        }
        for (; i < c; i++) {
            float xhat = (x[xi + i] - m) * r;
            dx[di + i] += r * (dy[yi + i] * gamma[gi + i] - meanG - xhat * meanGx);
        }
    }

    /** rstd = 1/sqrt(var + eps), evaluated in double and rounded once. */
    private static float rstd(float var, float eps) {
        return (float) (1.0 / Math.sqrt((double) var + eps));
    }
}
