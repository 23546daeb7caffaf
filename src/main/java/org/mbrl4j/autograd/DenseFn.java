package org.mbrl4j.autograd;

import java.util.Arrays;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Differentiable dense ops. Inputs may carry any leading dims: {@code x (..., Fi)} is flattened to rows
 * and the output has shape {@code (..., F)}. Ensemble inputs are either per head, {@code (E, ..., Fi)},
 * or shared by every head, {@code (M, Fi)} (rank 2).
 */
public final class DenseFn {
    private DenseFn() {}

    /** y (..., F) = x (..., Fi) · w (F, Fi)^T + b (F); b may be null. */
    public static Tensor linear(Graph g, Tensor x, Tensor w, Tensor b) {
        int k = x.dim(-1);
        int n = w.dim(0);
        int m = Math.toIntExact(x.numel() / Math.max(k, 1));
        Tensor x2 = g.view(x, m, k);
        boolean rg = g.needsGrad(x, w, b);
        Tensor y2 = g.output(rg, m, n);
        DenseOps ops = g.backend().dense();
        ops.linearForward(x2, w, b, y2);
        if (rg) {
            g.record("linear", () -> ops.linearBackward(x2, w, g.grad(y2), g.grad(x2), g.grad(w), g.grad(b)), y2);
        }
        return g.view(y2, Shapes.with(x.shape(), x.rank() - 1, n));
    }

    /**
     * y[e] = x[e] · w[e]^T + b[e] for every head: w (E, F, Fi), b (E, F) or null, x (E, ..., Fi) per head
     * giving y (E, ..., F), or x (M, Fi) shared giving y (E, M, F).
     */
    public static Tensor ensembleLinear(Graph g, Tensor x, Tensor w, Tensor b) {
        int n = w.dim(1);
        Tensor x3 = ensembleInput("ensembleLinear", g, x, w);
        boolean rg = g.needsGrad(x, w, b);
        Tensor y3 = g.output(rg, w.dim(0), x3.dim(-2), n);
        DenseOps ops = g.backend().dense();
        ops.ensembleLinearForward(x3, w, b, y3);
        if (rg) {
            g.record("ensembleLinear",
                    () -> ops.ensembleLinearBackward(x3, w, g.grad(y3), g.grad(x3), g.grad(w), g.grad(b)), y3);
        }
        return g.view(y3, ensembleOutputShape(x, w, n));
    }

    /**
     * The TD-MPC2 layer as one op: y = act(LayerNorm(dropout(x·w^T + b))·gamma + beta)
     * ({@link DenseOps#fusedLayerForward}). Plain when w is (F, Fi) (x (..., Fi), b/gamma/beta (F)), an
     * ensemble when w is (E, F, Fi) (x as in {@link #ensembleLinear}, b/gamma/beta (E, F)). {@code dropout}
     * is null when none applies; b may be null. The saved u, mean and rstd live in the arena.
     */
    public static Tensor fusedLayer(Graph g, Tensor x, Tensor w, Tensor b, DenseOps.DropoutSpec dropout, Tensor gamma,
            Tensor beta, float eps, Activation act, int simnormDim) {
        boolean ensemble = w.rank() == 3;
        int n = w.dim(-2);
        Tensor x2;
        int[] rows;
        if (ensemble) {
            x2 = ensembleInput("fusedLayer", g, x, w);
            rows = new int[] {w.dim(0), x2.dim(-2)};
        } else {
            int k = x.dim(-1);
            x2 = g.view(x, Math.toIntExact(x.numel() / Math.max(k, 1)), k);
            rows = new int[] {x2.dim(0)};
        }
        int[] out = Arrays.copyOf(rows, rows.length + 1);
        out[rows.length] = n;
        boolean rg = g.needsGrad(x, w, b, gamma, beta);
        Tensor y2 = g.output(rg, out);
        Tensor u = g.temp(out);
        Tensor mean = g.temp(rows);
        Tensor rstd = g.temp(rows);
        DenseOps ops = g.backend().dense();
        ops.fusedLayerForward(x2, w, b, dropout, gamma, beta, eps, act, simnormDim, y2, u, mean, rstd);
        if (rg) {
            g.record("fusedLayer", () -> ops.fusedLayerBackward(x2, w, dropout, gamma, beta, act, simnormDim, y2, u,
                    mean, rstd, g.grad(y2), g.grad(x2), g.grad(w), g.grad(b), g.grad(gamma), g.grad(beta)), y2);
        }
        return g.view(y2, ensemble ? ensembleOutputShape(x, w, n) : Shapes.with(x.shape(), x.rank() - 1, n));
    }

    /**
     * c (M, F) = op(a) · op(b) for rank-2 a and b. Backward: d op(a) = dc · op(b)^T and
     * d op(b) = op(a)^T · dc, each transposed back when the operand was read transposed.
     */
    public static Tensor matmul(Graph g, Tensor a, Transpose ta, Tensor b, Transpose tb) {
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("matmul: a " + Shapes.str(a.shape()) + " and b " + Shapes.str(b.shape())
                    + " must both have rank 2");
        }
        int m = ta == Transpose.N ? a.dim(0) : a.dim(1);
        int n = tb == Transpose.N ? b.dim(1) : b.dim(0);
        boolean rg = g.needsGrad(a, b);
        Tensor c = g.output(rg, m, n);
        DenseOps ops = g.backend().dense();
        ops.gemm(a, ta, b, tb, c, 1f, 0f);
        if (rg) {
            g.record("matmul", () -> {
                Tensor dc = g.grad(c);
                Tensor da = g.grad(a);
                Tensor db = g.grad(b);
                if (da != null) {
                    if (ta == Transpose.N) {
                        ops.gemm(dc, Transpose.N, b, flip(tb), da, 1f, 1f); // da = dc · op(b)^T
                    } else {
                        ops.gemm(b, tb, dc, Transpose.T, da, 1f, 1f); // da = (dc · op(b)^T)^T = op(b) · dc^T
                    }
                }
                if (db != null) {
                    if (tb == Transpose.N) {
                        ops.gemm(a, flip(ta), dc, Transpose.N, db, 1f, 1f); // db = op(a)^T · dc
                    } else {
                        ops.gemm(dc, Transpose.T, a, ta, db, 1f, 1f); // db = (op(a)^T · dc)^T = dc^T · op(a)
                    }
                }
            }, c);
        }
        return c;
    }

    private static Transpose flip(Transpose t) {
        return t == Transpose.N ? Transpose.T : Transpose.N;
    }

    /** x as the ensemble op reads it: (M, Fi) shared, or (E, ..., Fi) flattened to (E, M, Fi). */
    private static Tensor ensembleInput(String op, Graph g, Tensor x, Tensor w) {
        int heads = w.dim(0);
        int k = x.dim(-1);
        if (x.rank() == 2) {
            return x;
        }
        if (x.rank() < 2 || x.dim(0) != heads) {
            throw new IllegalArgumentException(op + ": x has shape " + Shapes.str(x.shape())
                    + ", expected (M, Fi) shared or (E, ..., Fi) per head with E=" + heads + " from w "
                    + Shapes.str(w.shape()));
        }
        return g.view(x, heads, Math.toIntExact(x.numel() / Math.max((long) heads * k, 1)), k);
    }

    /** (E, M, F) for a shared x (M, Fi); (E, ..., F) for a per-head x (E, ..., Fi). */
    private static int[] ensembleOutputShape(Tensor x, Tensor w, int n) {
        if (x.rank() == 2) {
            return new int[] {w.dim(0), x.dim(0), n};
        }
        return Shapes.with(x.shape(), x.rank() - 1, n);
    }
}
