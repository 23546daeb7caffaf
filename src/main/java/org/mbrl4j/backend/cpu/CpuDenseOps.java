package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link DenseOps}: validates every argument, then runs {@link Gemm},
 * {@link EnsembleLinear} or {@link FusedLayer}. A plain layer is the one-head case of the ensemble
 * code. Outputs must not overlap inputs.
 */
final class CpuDenseOps implements DenseOps {

    @Override
    public void gemm(Tensor a, Transpose ta, Tensor b, Transpose tb, Tensor c, float alpha, float beta) {
        String op = "gemm";
        requireF32(op, "a", a);
        requireF32(op, "b", b);
        requireF32(op, "c", c);
        int rank = a.rank();
        if (rank != 2 && rank != 3) {
            throw new IllegalArgumentException(op + ": a has shape " + Shapes.str(a.shape())
                    + ", must have rank 2 (M,K) or 3 (batch,M,K)");
        }
        Shapes.requireRank(op, "b", b, rank);
        Shapes.requireRank(op, "c", c, rank);
        int batch = rank == 3 ? a.dim(0) : 1;
        boolean transA = ta == Transpose.T;
        boolean transB = tb == Transpose.T;
        int m = transA ? a.dim(-1) : a.dim(-2);
        int k = transA ? a.dim(-2) : a.dim(-1);
        int kb = transB ? b.dim(-1) : b.dim(-2);
        int n = transB ? b.dim(-2) : b.dim(-1);
        if (kb != k || (rank == 3 && b.dim(0) != batch)) {
            throw new IllegalArgumentException(op + ": op(a) of a " + Shapes.str(a.shape()) + " (ta=" + ta + ") and op(b) of b "
                    + Shapes.str(b.shape()) + " (tb=" + tb + ") must agree on K and the batch dim");
        }
        Shapes.requireShape(op, "c", c, rank == 3 ? new int[] {batch, m, n} : new int[] {m, n});
        Gemm.gemm(batch, m, n, k, alpha, operand(a, transA), operand(b, transB), beta, operand(c, false));
    }

    @Override
    public void linearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        EnsembleLinear.Dims d = plainDims("linearForward", x, w);
        requireOptional("linearForward", "b", b, d.n());
        requireF32Shape("linearForward", "y", y, d.m(), d.n());
        EnsembleLinear.forward(d, x, w, b, y);
    }

    @Override
    public void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        String op = "linearBackward";
        EnsembleLinear.Dims d = plainDims(op, x, w);
        requireF32Shape(op, "dy", dy, d.m(), d.n());
        requireOptional(op, "dx", dx, x.shape());
        requireOptional(op, "dw", dw, w.shape());
        requireOptional(op, "db", db, d.n());
        EnsembleLinear.backward(d, x, w, dy, dx, dw, db);
    }

    @Override
    public void ensembleLinearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        String op = "ensembleLinearForward";
        EnsembleLinear.Dims d = ensembleDims(op, x, w);
        requireOptional(op, "b", b, d.heads(), d.n());
        requireF32Shape(op, "y", y, d.heads(), d.m(), d.n());
        EnsembleLinear.forward(d, x, w, b, y);
    }

    @Override
    public void ensembleLinearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        String op = "ensembleLinearBackward";
        EnsembleLinear.Dims d = ensembleDims(op, x, w);
        requireF32Shape(op, "dy", dy, d.heads(), d.m(), d.n());
        requireOptional(op, "dx", dx, x.shape());
        requireOptional(op, "dw", dw, w.shape());
        requireOptional(op, "db", db, d.heads(), d.n());
        EnsembleLinear.backward(d, x, w, dy, dx, dw, db);
    }

    @Override
    public void fusedLayerForward(Tensor x, Tensor w, Tensor b, DropoutSpec dropout, Tensor gamma, Tensor beta,
            float eps, Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd) {
        String op = "fusedLayerForward";
        EnsembleLinear.Dims d = fusedDims(op, x, w, act, simnormDim);
        if (!(eps >= 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException(op + ": eps=" + eps + " must be finite and >= 0");
        }
        int[] param = paramShape(d, w);
        requireOptional(op, "b", b, param);
        requireF32Shape(op, "gamma", gamma, param);
        requireF32Shape(op, "beta", beta, param);
        requireF32Shape(op, "y", y, outShape(d, w));
        requireF32Shape(op, "u", u, outShape(d, w));
        requireF32Shape(op, "mean", mean, rowShape(d, w));
        requireF32Shape(op, "rstd", rstd, rowShape(d, w));
        FusedLayer.forward(d, x, w, b, dropout, gamma, beta, eps, act, simnormDim, y, u, mean, rstd);
    }

    @Override
    public void fusedLayerBackward(Tensor x, Tensor w, DropoutSpec dropout, Tensor gamma, Tensor beta,
            Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd, Tensor dy, Tensor dx,
            Tensor dw, Tensor db, Tensor dgamma, Tensor dbeta) {
        String op = "fusedLayerBackward";
        EnsembleLinear.Dims d = fusedDims(op, x, w, act, simnormDim);
        int[] param = paramShape(d, w);
        int[] out = outShape(d, w);
        requireF32Shape(op, "gamma", gamma, param);
        requireF32Shape(op, "beta", beta, param);
        requireF32Shape(op, "y", y, out);
        requireF32Shape(op, "u", u, out);
        requireF32Shape(op, "dy", dy, out);
        requireF32Shape(op, "mean", mean, rowShape(d, w));
        requireF32Shape(op, "rstd", rstd, rowShape(d, w));
        requireOptional(op, "dx", dx, x.shape());
        requireOptional(op, "dw", dw, w.shape());
        requireOptional(op, "db", db, param);
        requireOptional(op, "dgamma", dgamma, param);
        requireOptional(op, "dbeta", dbeta, param);
        FusedLayer.backward(d, x, w, dropout, gamma, beta, act, simnormDim, y, u, mean, rstd, dy, dx, dw, db, dgamma,
                dbeta);
    }

    // ---- validation ----

    /** x (M,K) and w (N,K). */
    private static EnsembleLinear.Dims plainDims(String op, Tensor x, Tensor w) {
        requireF32(op, "x", x);
        requireF32(op, "w", w);
        Shapes.requireRank(op, "x", x, 2);
        Shapes.requireRank(op, "w", w, 2);
        if (x.dim(1) != w.dim(1)) {
            throw new IllegalArgumentException(op + ": x " + Shapes.str(x.shape()) + " and w " + Shapes.str(w.shape())
                    + " must agree on K (x (M,K), w (N,K))");
        }
        return new EnsembleLinear.Dims(1, x.dim(0), x.dim(1), w.dim(0), false);
    }

    /** w (E,N,K) and x (E,M,K) per head or (M,K) shared. */
    private static EnsembleLinear.Dims ensembleDims(String op, Tensor x, Tensor w) {
        requireF32(op, "x", x);
        requireF32(op, "w", w);
        Shapes.requireRank(op, "w", w, 3);
        int heads = w.dim(0);
        boolean shared = x.rank() == 2;
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(-1) != w.dim(2) || (!shared && x.dim(0) != heads)) {
            throw new IllegalArgumentException(op + ": x has shape " + Shapes.str(x.shape()) + ", expected (E,M,K) or (M,K)"
                    + " with E=" + heads + ", K=" + w.dim(2) + " from w " + Shapes.str(w.shape()));
        }
        return new EnsembleLinear.Dims(heads, x.dim(-2), w.dim(2), w.dim(1), shared);
    }

    /** Plain (w rank 2) or ensemble (w rank 3) dims, and the SimNorm group rule. */
    private static EnsembleLinear.Dims fusedDims(String op, Tensor x, Tensor w, Activation act, int simnormDim) {
        if (act == null) {
            throw new IllegalArgumentException(op + ": act must not be null");
        }
        EnsembleLinear.Dims d = w.rank() == 2 ? plainDims(op, x, w) : ensembleDims(op, x, w);
        if (act == Activation.SIMNORM && (simnormDim <= 0 || d.n() % simnormDim != 0)) {
            throw new IllegalArgumentException(op + ": simnormDim=" + simnormDim + " must be > 0 and divide N=" + d.n());
        }
        return d;
    }

    private static int[] paramShape(EnsembleLinear.Dims d, Tensor w) {
        return w.rank() == 2 ? new int[] {d.n()} : new int[] {d.heads(), d.n()};
    }

    private static int[] outShape(EnsembleLinear.Dims d, Tensor w) {
        return w.rank() == 2 ? new int[] {d.m(), d.n()} : new int[] {d.heads(), d.m(), d.n()};
    }

    private static int[] rowShape(EnsembleLinear.Dims d, Tensor w) {
        return w.rank() == 2 ? new int[] {d.m()} : new int[] {d.heads(), d.m()};
    }

    private static void requireF32(String op, String arg, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + arg + " must not be null");
        }
        Shapes.requireDType(op, arg, t, DType.F32);
    }

    private static void requireF32Shape(String op, String arg, Tensor t, int... shape) {
        requireF32(op, arg, t);
        Shapes.requireShape(op, arg, t, shape);
    }

    /** A null tensor is allowed (an absent bias or an unneeded gradient). */
    private static void requireOptional(String op, String arg, Tensor t, int... shape) {
        if (t != null) {
            requireF32Shape(op, arg, t, shape);
        }
    }

    /** op(T) of a rank-2 or rank-3 row-major tensor (rank 3: one matrix per leading index). */
    private static GemmMatrix operand(Tensor t, boolean transposed) {
        int rows = t.dim(-2);
        int cols = t.dim(-1);
        return GemmMatrix.rowMajor(t.floats(), t.off(), rows * cols, cols, transposed);
    }
}
