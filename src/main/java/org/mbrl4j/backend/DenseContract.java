package org.mbrl4j.backend;

import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules of {@link DenseOps}, written once for every backend. Each method checks one op's
 * arguments and returns the dims the backend computes with. Outputs never overlap the inputs: a matrix
 * product reads every input element for many outputs.
 */
public final class DenseContract {
    private DenseContract() {}

    public static GemmDims gemm(Tensor a, Transpose ta, Tensor b, Transpose tb, Tensor c) {
        String op = "gemm";
        OpArgs.f32(op, "a", a);
        OpArgs.f32(op, "b", b);
        OpArgs.f32(op, "c", c);
        OpArgs.nonNull(op, "ta", ta);
        OpArgs.nonNull(op, "tb", tb);
        int rank = a.rank();
        if (rank != 2 && rank != 3) {
            throw new IllegalArgumentException(op + ": a has shape " + Shapes.str(a.shape())
                    + ", must have rank 2 (M, Fi) or 3 (batch, M, Fi)");
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
            throw new IllegalArgumentException(op + ": op(a) of a " + Shapes.str(a.shape()) + " (ta=" + ta
                    + ") and op(b) of b " + Shapes.str(b.shape()) + " (tb=" + tb + ") must agree on K and the batch dim");
        }
        Shapes.requireShape(op, "c", c, rank == 3 ? new int[] {batch, m, n} : new int[] {m, n});
        OpArgs.disjoint(op, "c", c, "a", a);
        OpArgs.disjoint(op, "c", c, "b", b);
        return new GemmDims(batch, m, n, k);
    }

    public static LinearDims linearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        String op = "linearForward";
        LinearDims d = plainDims(op, x, w);
        OpArgs.optionalF32(op, "b", b, d.n());
        OpArgs.f32(op, "y", y, d.m(), d.n());
        outputsDisjoint(op, y, x, w);
        return d;
    }

    public static LinearDims linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        String op = "linearBackward";
        LinearDims d = plainDims(op, x, w);
        OpArgs.f32(op, "dy", dy, d.m(), d.n());
        gradients(op, x, w, dy, dx, dw, db, d.n());
        return d;
    }

    public static LinearDims ensembleLinearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        String op = "ensembleLinearForward";
        LinearDims d = ensembleDims(op, x, w);
        OpArgs.optionalF32(op, "b", b, d.heads(), d.n());
        OpArgs.f32(op, "y", y, d.heads(), d.m(), d.n());
        outputsDisjoint(op, y, x, w);
        return d;
    }

    public static LinearDims ensembleLinearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw,
            Tensor db) {
        String op = "ensembleLinearBackward";
        LinearDims d = ensembleDims(op, x, w);
        OpArgs.f32(op, "dy", dy, d.heads(), d.m(), d.n());
        gradients(op, x, w, dy, dx, dw, db, d.heads(), d.n());
        return d;
    }

    public static LinearDims fusedLayerForward(Tensor x, Tensor w, Tensor b, DenseOps.DropoutSpec dropout,
            Tensor gamma, Tensor beta, float eps, Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean,
            Tensor rstd) {
        String op = "fusedLayerForward";
        LinearDims d = fusedDims(op, x, w, act, simnormDim);
        dropoutKey(op, dropout);
        OpArgs.eps(op, eps);
        int[] param = paramShape(d, w);
        OpArgs.optionalF32(op, "b", b, param);
        OpArgs.f32(op, "gamma", gamma, param);
        OpArgs.f32(op, "beta", beta, param);
        OpArgs.f32(op, "y", y, outShape(d, w));
        OpArgs.f32(op, "u", u, outShape(d, w));
        OpArgs.f32(op, "mean", mean, rowShape(d, w));
        OpArgs.f32(op, "rstd", rstd, rowShape(d, w));
        Tensor[] outs = {y, u, mean, rstd};
        String[] names = {"y", "u", "mean", "rstd"};
        for (int i = 0; i < outs.length; i++) {
            OpArgs.disjoint(op, names[i], outs[i], "x", x);
            OpArgs.disjoint(op, names[i], outs[i], "w", w);
            for (int j = i + 1; j < outs.length; j++) {
                OpArgs.disjoint(op, names[i], outs[i], names[j], outs[j]);
            }
        }
        return d;
    }

    public static LinearDims fusedLayerBackward(Tensor x, Tensor w, DenseOps.DropoutSpec dropout, Tensor gamma,
            Tensor beta, Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd, Tensor dy,
            Tensor dx, Tensor dw, Tensor db, Tensor dgamma, Tensor dbeta) {
        String op = "fusedLayerBackward";
        LinearDims d = fusedDims(op, x, w, act, simnormDim);
        dropoutKey(op, dropout);
        int[] param = paramShape(d, w);
        int[] out = outShape(d, w);
        OpArgs.f32(op, "gamma", gamma, param);
        OpArgs.f32(op, "beta", beta, param);
        OpArgs.f32(op, "y", y, out);
        OpArgs.f32(op, "u", u, out);
        OpArgs.f32(op, "dy", dy, out);
        OpArgs.f32(op, "mean", mean, rowShape(d, w));
        OpArgs.f32(op, "rstd", rstd, rowShape(d, w));
        OpArgs.optionalF32(op, "dx", dx, x.shape());
        OpArgs.optionalF32(op, "dw", dw, w.shape());
        OpArgs.optionalF32(op, "db", db, param);
        OpArgs.optionalF32(op, "dgamma", dgamma, param);
        OpArgs.optionalF32(op, "dbeta", dbeta, param);
        Tensor[] grads = {dx, dw, db, dgamma, dbeta};
        String[] gradNames = {"dx", "dw", "db", "dgamma", "dbeta"};
        Tensor[] ins = {x, w, u, y, dy, gamma, beta, mean, rstd};
        String[] inNames = {"x", "w", "u", "y", "dy", "gamma", "beta", "mean", "rstd"};
        for (int g = 0; g < grads.length; g++) {
            for (int i = 0; i < ins.length; i++) {
                OpArgs.disjoint(op, gradNames[g], grads[g], inNames[i], ins[i]);
            }
        }
        return d;
    }

    /** A dropout that applies (p > 0) needs its key. */
    private static void dropoutKey(String op, DenseOps.DropoutSpec dropout) {
        if (dropout != null && dropout.p() != 0f) {
            OpArgs.nonNull(op, "dropout.key", dropout.key());
        }
    }

    // ---- shared rules ----

    /** x (M, Fi) and w (F, Fi). */
    private static LinearDims plainDims(String op, Tensor x, Tensor w) {
        OpArgs.f32(op, "x", x);
        OpArgs.f32(op, "w", w);
        Shapes.requireRank(op, "x", x, 2);
        Shapes.requireRank(op, "w", w, 2);
        if (x.dim(1) != w.dim(1)) {
            throw new IllegalArgumentException(op + ": x " + Shapes.str(x.shape()) + " and w " + Shapes.str(w.shape())
                    + " must agree on Fi (x (M, Fi), w (F, Fi))");
        }
        return new LinearDims(1, x.dim(0), x.dim(1), w.dim(0), false);
    }

    /** w (E, F, Fi) and x (E, M, Fi) per head or (M, Fi) shared. */
    private static LinearDims ensembleDims(String op, Tensor x, Tensor w) {
        OpArgs.f32(op, "x", x);
        OpArgs.f32(op, "w", w);
        Shapes.requireRank(op, "w", w, 3);
        int heads = w.dim(0);
        boolean shared = x.rank() == 2;
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(-1) != w.dim(2) || (!shared && x.dim(0) != heads)) {
            throw new IllegalArgumentException(op + ": x has shape " + Shapes.str(x.shape())
                    + ", expected (E, M, Fi) or (M, Fi) with E=" + heads + ", Fi=" + w.dim(2) + " from w "
                    + Shapes.str(w.shape()));
        }
        return new LinearDims(heads, x.dim(-2), w.dim(2), w.dim(1), shared);
    }

    /** Plain (w rank 2) or ensemble (w rank 3) dims, and the SimNorm group rule. */
    private static LinearDims fusedDims(String op, Tensor x, Tensor w, Activation act, int simnormDim) {
        OpArgs.nonNull(op, "act", act);
        OpArgs.f32(op, "w", w);
        LinearDims d = w.rank() == 2 ? plainDims(op, x, w) : ensembleDims(op, x, w);
        if (act == Activation.SIMNORM && (simnormDim <= 0 || d.n() % simnormDim != 0)) {
            throw new IllegalArgumentException(op + ": simnormDim=" + simnormDim + " must be > 0 and divide F="
                    + d.n());
        }
        return d;
    }

    private static void outputsDisjoint(String op, Tensor y, Tensor x, Tensor w) {
        OpArgs.disjoint(op, "y", y, "x", x);
        OpArgs.disjoint(op, "y", y, "w", w);
    }

    /** dx like x, dw like w, db of biasShape (each optional), none overlapping dy, x or w. */
    private static void gradients(String op, Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db,
            int... biasShape) {
        OpArgs.optionalF32(op, "dx", dx, x.shape());
        OpArgs.optionalF32(op, "dw", dw, w.shape());
        OpArgs.optionalF32(op, "db", db, biasShape);
        Tensor[] grads = {dx, dw, db};
        String[] names = {"dx", "dw", "db"};
        for (int g = 0; g < grads.length; g++) {
            OpArgs.disjoint(op, names[g], grads[g], "dy", dy);
            OpArgs.disjoint(op, names[g], grads[g], "x", x);
            OpArgs.disjoint(op, names[g], grads[g], "w", w);
        }
    }

    private static int[] paramShape(LinearDims d, Tensor w) {
        return w.rank() == 2 ? new int[] {d.n()} : new int[] {d.heads(), d.n()};
    }

    private static int[] outShape(LinearDims d, Tensor w) {
        return w.rank() == 2 ? new int[] {d.m(), d.n()} : new int[] {d.heads(), d.m(), d.n()};
    }

    private static int[] rowShape(LinearDims d, Tensor w) {
        return w.rank() == 2 ? new int[] {d.m()} : new int[] {d.heads(), d.m()};
    }
}
