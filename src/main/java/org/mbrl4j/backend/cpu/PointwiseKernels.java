package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.backend.BinaryOp;

/**
 * The elementwise float loops of {@link CpuPointwiseOps} over heap arrays and offsets. Each loop has a
 * scalar reference ({@code *Scalar}) and a Vector API version ({@code *Vector}: vector body + scalar
 * tail); the dispatching method picks the vector one unless {@link VectorWidth#FLOAT} is null. The
 * lanewise ops used here (add, sub, mul, div, min, max) are exactly rounded, so both versions give
 * identical bits; a test checks it.
 */
final class PointwiseKernels {
    private PointwiseKernels() {}

    private static final VectorSpecies<Float> SPECIES = VectorWidth.FLOAT;

    /** Whether a loop overwrites its destination or adds into it (backward accumulates). */
    enum Write {
        STORE,
        ACCUMULATE
    }

    static float apply(BinaryOp op, float a, float b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }

    // ---- out[oi + i] (=|+=) a[ai + i] op b[bi + i], i < n ----

    static void binaryRow(BinaryOp op, Write w, float[] a, int ai, float[] b, int bi, float[] out, int oi, int n) {
        if (SPECIES == null) {
            binaryRowScalar(op, w, a, ai, b, bi, out, oi, n);
        } else {
            binaryRowVector(op, w, a, ai, b, bi, out, oi, n);
        }
    }

    static void binaryRowScalar(BinaryOp op, Write w, float[] a, int ai, float[] b, int bi, float[] out, int oi,
            int n) {
        for (int i = 0; i < n; i++) {
            store(w, out, oi + i, apply(op, a[ai + i], b[bi + i]));
        }
    }

    static void binaryRowVector(BinaryOp op, Write w, float[] a, int ai, float[] b, int bi, float[] out, int oi,
            int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
            FloatVector va = FloatVector.fromArray(SPECIES, a, ai + i);
            FloatVector vb = FloatVector.fromArray(SPECIES, b, bi + i);
            store(w, out, oi + i, lanewise(op, va, vb));
        }
        binaryRowScalar(op, w, a, ai + i, b, bi + i, out, oi + i, n - i);
    }

    // ---- out[oi + i] (=|+=) a[ai + i] op s, i < n ----

    static void binaryScalar(BinaryOp op, Write w, float[] a, int ai, float s, float[] out, int oi, int n) {
        if (SPECIES == null) {
            binaryScalarScalar(op, w, a, ai, s, out, oi, n);
        } else {
            binaryScalarVector(op, w, a, ai, s, out, oi, n);
        }
    }

    static void binaryScalarScalar(BinaryOp op, Write w, float[] a, int ai, float s, float[] out, int oi, int n) {
        for (int i = 0; i < n; i++) {
            store(w, out, oi + i, apply(op, a[ai + i], s));
        }
    }

    static void binaryScalarVector(BinaryOp op, Write w, float[] a, int ai, float s, float[] out, int oi, int n) {
        FloatVector vs = FloatVector.broadcast(SPECIES, s);
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
            store(w, out, oi + i, lanewise(op, FloatVector.fromArray(SPECIES, a, ai + i), vs));
        }
        binaryScalarScalar(op, w, a, ai + i, s, out, oi + i, n - i);
    }

    /** dst[di + i] += src[si + i]: an accumulate of src·1, which is exact. */
    static void addInto(float[] src, int si, float[] dst, int di, int n) {
        binaryScalar(BinaryOp.MUL, Write.ACCUMULATE, src, si, 1f, dst, di, n);
    }

    // ---- out[oi + i] = min(max(x[xi + i], lo), hi) ----

    static void clamp(float[] x, int xi, float lo, float hi, float[] out, int oi, int n) {
        if (SPECIES == null) {
            clampScalar(x, xi, lo, hi, out, oi, n);
        } else {
            clampVector(x, xi, lo, hi, out, oi, n);
        }
    }

    static void clampScalar(float[] x, int xi, float lo, float hi, float[] out, int oi, int n) {
        for (int i = 0; i < n; i++) {
            out[oi + i] = Math.min(Math.max(x[xi + i], lo), hi);
        }
    }

    static void clampVector(float[] x, int xi, float lo, float hi, float[] out, int oi, int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, x, xi + i).max(lo).min(hi).intoArray(out, oi + i);
        }
        clampScalar(x, xi + i, lo, hi, out, oi + i, n - i);
    }

    // ---- dx[di + i] += dout[gi + i] where lo <= x[xi + i] <= hi ----

    static void clampBackward(float[] x, int xi, float lo, float hi, float[] dout, int gi, float[] dx, int di, int n) {
        if (SPECIES == null) {
            clampBackwardScalar(x, xi, lo, hi, dout, gi, dx, di, n);
        } else {
            clampBackwardVector(x, xi, lo, hi, dout, gi, dx, di, n);
        }
    }

    static void clampBackwardScalar(float[] x, int xi, float lo, float hi, float[] dout, int gi, float[] dx, int di,
            int n) {
        for (int i = 0; i < n; i++) {
            float v = x[xi + i];
            if (lo <= v && v <= hi) {
                dx[di + i] += dout[gi + i];
            }
        }
    }

    static void clampBackwardVector(float[] x, int xi, float lo, float hi, float[] dout, int gi, float[] dx, int di,
            int n) {
        int i = 0;
        for (int bound = SPECIES.loopBound(n); i < bound; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, x, xi + i);
            VectorMask<Float> inside = v.compare(VectorOperators.GE, lo).and(v.compare(VectorOperators.LE, hi));
            FloatVector d = FloatVector.fromArray(SPECIES, dx, di + i);
            d.add(FloatVector.fromArray(SPECIES, dout, gi + i), inside).intoArray(dx, di + i);
        }
        clampBackwardScalar(x, xi + i, lo, hi, dout, gi + i, dx, di + i, n - i);
    }

    // The switch sits inside the loop so every branch names a constant operator, which the Vector API
    // needs to compile lanewise ops to single instructions; the branch itself is loop-invariant.
    private static FloatVector lanewise(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
        };
    }

    private static void store(Write w, float[] out, int i, float v) {
        out[i] = w == Write.ACCUMULATE ? out[i] + v : v;
    }

    private static void store(Write w, float[] out, int i, FloatVector v) {
        (w == Write.ACCUMULATE ? FloatVector.fromArray(SPECIES, out, i).add(v) : v).intoArray(out, i);
    }
}
