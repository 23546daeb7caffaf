package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.PointwiseContract;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.backend.cpu.PointwiseKernels.Write;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link PointwiseOps}; {@link PointwiseContract} checks the arguments. Tensors are flat row-major; a broadcast {@code b} of
 * {@code nb} elements repeats every {@code nb} elements of {@code a} (suffix rule), or is one scalar.
 * Large tensors are split into contiguous chunks over {@link Parallel}; the loops live in
 * {@link PointwiseKernels} (vectorized) and {@link PointwiseUnary} (scalar formulas).
 */
final class CpuPointwiseOps implements PointwiseOps {
    /** Rough flops per element of the arithmetic loops, for {@link Parallel#forRange}. */
    private static final int COST_ARITH = 1;

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor out) {
        int nb = (int) PointwiseContract.binary(op, a, b, out);
        forEachBroadcastRun(a.size(), nb, (i, j, n) -> {
            if (nb == 1) {
                PointwiseKernels.binaryScalar(op, Write.STORE, a.floats(), a.off() + i, b.floats()[b.off()],
                        out.floats(), out.off() + i, n);
            } else {
                PointwiseKernels.binaryRow(op, Write.STORE, a.floats(), a.off() + i, b.floats(), b.off() + j,
                        out.floats(), out.off() + i, n);
            }
        });
    }

    @Override
    public void binaryBackward(BinaryOp op, Tensor a, Tensor b, Tensor dout, Tensor da, Tensor db) {
        int nb = (int) PointwiseContract.binaryBackward(op, a, b, dout, da, db);
        if (da != null) {
            binaryBackwardA(op, b, nb, dout, da);
        }
        if (db != null) {
            binaryBackwardB(op, a, b, nb, dout, db);
        }
    }

    /** da += dout (ADD, SUB), dout * b (MUL), dout / b (DIV). */
    private static void binaryBackwardA(BinaryOp op, Tensor b, int nb, Tensor dout, Tensor da) {
        float[] g = dout.floats();
        float[] d = da.floats();
        forEachBroadcastRun(da.size(), nb, (i, j, n) -> {
            switch (op) {
                case ADD, SUB -> PointwiseKernels.addInto(g, dout.off() + i, d, da.off() + i, n);
                case MUL, DIV -> {
                    if (nb == 1) {
                        PointwiseKernels.binaryScalar(op, Write.ACCUMULATE, g, dout.off() + i, b.floats()[b.off()], d,
                                da.off() + i, n);
                    } else {
                        PointwiseKernels.binaryRow(op, Write.ACCUMULATE, g, dout.off() + i, b.floats(), b.off() + j,
                                d, da.off() + i, n);
                    }
                }
            }
        });
    }

    /**
     * db[j] += Σ_rows ∂out/∂b · dout: dout (ADD), -dout (SUB), dout·a (MUL), -dout·a/b² (DIV). Each
     * element of b sums over the rows in order, in double, so the result does not depend on threads.
     */
    private static void binaryBackwardB(BinaryOp op, Tensor a, Tensor b, int nb, Tensor dout, Tensor db) {
        int rows = nb == 0 ? 0 : a.size() / nb;
        float[] av = a.floats();
        float[] bv = b.floats();
        float[] g = dout.floats();
        float[] d = db.floats();
        Parallel.forRange(nb, rows, (from, to) -> {
            for (int j = from; j < to; j++) {
                float bj = bv[b.off() + j];
                double acc = 0;
                for (int r = 0, i = j; r < rows; r++, i += nb) {
                    float gi = g[dout.off() + i];
                    acc += switch (op) {
                        case ADD -> gi;
                        case SUB -> -gi;
                        case MUL -> gi * av[a.off() + i];
                        case DIV -> -gi * av[a.off() + i] / bj / bj;
                    };
                }
                d[db.off() + j] += (float) acc;
            }
        });
    }

    @Override
    public void scale(Tensor x, float s, Tensor out) {
        PointwiseContract.scale(x, out);
        forEachChunk(x.size(), (from, n) -> PointwiseKernels.binaryScalar(BinaryOp.MUL, Write.STORE, x.floats(),
                x.off() + from, s, out.floats(), out.off() + from, n));
    }

    @Override
    public void scaleBackward(float s, Tensor dout, Tensor dx) {
        PointwiseContract.scaleBackward(dout, dx);
        forEachChunk(dx.size(), (from, n) -> PointwiseKernels.binaryScalar(BinaryOp.MUL, Write.ACCUMULATE,
                dout.floats(), dout.off() + from, s, dx.floats(), dx.off() + from, n));
    }

    @Override
    public void clamp(Tensor x, float lo, float hi, Tensor out) {
        PointwiseContract.clamp(x, lo, hi, out);
        forEachChunk(x.size(), (from, n) -> PointwiseKernels.clamp(x.floats(), x.off() + from, lo, hi, out.floats(),
                out.off() + from, n));
    }

    @Override
    public void clampBackward(Tensor x, float lo, float hi, Tensor dout, Tensor dx) {
        PointwiseContract.clampBackward(x, lo, hi, dout, dx);
        forEachChunk(x.size(), (from, n) -> PointwiseKernels.clampBackward(x.floats(), x.off() + from, lo, hi,
                dout.floats(), dout.off() + from, dx.floats(), dx.off() + from, n));
    }

    @Override
    public void unary(UnaryOp op, Tensor x, Tensor out) {
        PointwiseContract.unary(op, x, out);
        float[] xv = x.floats();
        float[] yv = out.floats();
        int xo = x.off();
        int yo = out.off();
        Parallel.forRange(x.size(), PointwiseUnary.COST_PER_ELEMENT, (from, to) -> {
            for (int i = from; i < to; i++) {
                yv[yo + i] = PointwiseUnary.forward(op, xv[xo + i]);
            }
        });
    }

    /** {@code out} may be null unless the op's derivative reads it (TANH, SIGMOID, EXP). */
    @Override
    public void unaryBackward(UnaryOp op, Tensor x, Tensor out, Tensor dout, Tensor dx) {
        boolean readsOut = PointwiseContract.unaryBackward(op, x, out, dout, dx);
        float[] xv = x.floats();
        float[] yv = readsOut ? out.floats() : null;
        int yo = readsOut ? out.off() : 0;
        float[] g = dout.floats();
        float[] d = dx.floats();
        Parallel.forRange(x.size(), PointwiseUnary.COST_PER_ELEMENT, (from, to) -> {
            for (int i = from; i < to; i++) {
                float y = yv == null ? 0f : yv[yo + i];
                d[dx.off() + i] += g[dout.off() + i] * PointwiseUnary.derivative(op, xv[x.off() + i], y);
            }
        });
    }

    // ---- iteration ----

    @FunctionalInterface
    private interface Chunk {
        void run(int from, int n);
    }

    @FunctionalInterface
    private interface Run {
        /** n elements of a starting at flat index i, paired with b starting at j. */
        void run(int i, int j, int n);
    }

    private static void forEachChunk(int size, Chunk body) {
        Parallel.forRange(size, COST_ARITH, (from, to) -> body.run(from, to - from));
    }

    /** Splits [0, size) into runs that stay inside one repetition of b (all of it when nb == 1). */
    private static void forEachBroadcastRun(int size, int nb, Run body) {
        Parallel.forRange(size, COST_ARITH, (from, to) -> {
            if (nb == 1) {
                body.run(from, 0, to - from);
                return;
            }
            for (int i = from; i < to;) {
                int j = i % nb;
                int n = Math.min(nb - j, to - i);
                body.run(i, j, n);
                i += n;
            }
        });
    }
}
