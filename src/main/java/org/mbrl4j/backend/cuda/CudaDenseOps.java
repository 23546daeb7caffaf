package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link DenseOps} on CUDA: gemm through the {@link GemmProvider} (our TF32/SIMT kernels or cuBLAS);
 * linear, ensemble-linear and the fused TD-MPC2 layer on kernels/ensemble_linear.cu and
 * kernels/fused_layer.cu (the layer's GEMM writes x·w^T + b into u, then one warp per row applies
 * dropout, LayerNorm and the activation). Outputs must not overlap inputs.
 */
final class CudaDenseOps implements DenseOps {
    private static final int FUSED_PARAM_COLS = 32;
    private final DeviceQueue queue;
    private final GemmProvider gemm;
    private final EnsembleLinearKernels linear;
    private final ModuleKernels fused;
    private final PhiloxKeys keys;

    CudaDenseOps(DeviceQueue queue, GemmProvider gemm, KernelGemm.GemmVariant variant, PhiloxKeys keys) {
        this.queue = queue;
        this.gemm = gemm;
        this.linear = new EnsembleLinearKernels(queue, variant);
        this.fused = new ModuleKernels(queue, "fused_layer");
        this.keys = keys;
    }

    @Override
    public void gemm(Tensor a, Transpose ta, Tensor b, Transpose tb, Tensor c, float alpha, float beta) {
        String op = "gemm";
        long pa = Checks.f32(op, "a", a);
        long pb = Checks.f32(op, "b", b);
        long pc = Checks.f32(op, "c", c);
        Checks.nonNull(op, "ta", ta);
        Checks.nonNull(op, "tb", tb);
        int rank = a.rank();
        if (rank != 2 && rank != 3) {
            throw new IllegalArgumentException(op + ": a has shape " + Shapes.str(a.shape())
                    + ", must have rank 2 (M,K) or 3 (batch,M,K)");
        }
        Shapes.requireRank(op, "b", b, rank);
        Shapes.requireRank(op, "c", c, rank);
        int batch = rank == 3 ? a.dim(0) : 1;
        int m = ta == Transpose.T ? a.dim(-1) : a.dim(-2);
        int k = ta == Transpose.T ? a.dim(-2) : a.dim(-1);
        int kb = tb == Transpose.T ? b.dim(-1) : b.dim(-2);
        int n = tb == Transpose.T ? b.dim(-2) : b.dim(-1);
        if (kb != k || (rank == 3 && b.dim(0) != batch)) {
            throw new IllegalArgumentException(op + ": op(a) of a " + Shapes.str(a.shape()) + " (ta=" + ta + ") and op(b)"
                    + " of b " + Shapes.str(b.shape()) + " (tb=" + tb + ") must agree on K and the batch dim");
        }
        Shapes.requireShape(op, "c", c, rank == 3 ? new int[] {batch, m, n} : new int[] {m, n});
        Checks.disjoint(op, "c", c, "a", a);
        Checks.disjoint(op, "c", c, "b", b);
        if (batch > Dim3.MAX_GRID_YZ || Math.ceilDiv(m, KernelGemm.TILE) > Dim3.MAX_GRID_YZ) {
            throw new IllegalArgumentException(op + ": batch=" + batch + " and ceil(M/64)=" + Math.ceilDiv(m, 64)
                    + " must each be <= 65535 (gridDim.z and gridDim.y)");
        }
        if (batch > 0 && m > 0 && n > 0) {
            gemm.gemm(new GemmProvider.Shape(batch, m, n, k, ta, tb), pa, pb, pc, alpha, beta);
        }
    }

    @Override
    public void linearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        String op = "linearForward";
        EnsembleLinearKernels.Dims d = plainDims(op, x, w);
        long pb = Checks.optionalF32(op, "b", b, d.n());
        long py = Checks.f32(op, "y", y, d.m(), d.n());
        forward(op, d, x, w, pb, y, py);
    }

    @Override
    public void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        String op = "linearBackward";
        EnsembleLinearKernels.Dims d = plainDims(op, x, w);
        long pdy = Checks.f32(op, "dy", dy, d.m(), d.n());
        backward(op, d, x, w, dy, pdy, dx, dw, db, new int[] {d.n()});
    }

    @Override
    public void ensembleLinearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        String op = "ensembleLinearForward";
        EnsembleLinearKernels.Dims d = ensembleDims(op, x, w);
        long pb = Checks.optionalF32(op, "b", b, d.e(), d.n());
        long py = Checks.f32(op, "y", y, d.e(), d.m(), d.n());
        forward(op, d, x, w, pb, y, py);
    }

    @Override
    public void ensembleLinearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        String op = "ensembleLinearBackward";
        EnsembleLinearKernels.Dims d = ensembleDims(op, x, w);
        long pdy = Checks.f32(op, "dy", dy, d.e(), d.m(), d.n());
        backward(op, d, x, w, dy, pdy, dx, dw, db, new int[] {d.e(), d.n()});
    }

    private void forward(String op, EnsembleLinearKernels.Dims d, Tensor x, Tensor w, long pb, Tensor y, long py) {
        Checks.disjoint(op, "y", y, "x", x);
        Checks.disjoint(op, "y", y, "w", w);
        if (!empty(d)) {
            linear.forward(d, DeviceStorage.address(x), DeviceStorage.address(w), pb, py);
        }
    }

    private void backward(String op, EnsembleLinearKernels.Dims d, Tensor x, Tensor w, Tensor dy, long pdy, Tensor dx,
            Tensor dw, Tensor db, int[] biasShape) {
        long pdx = Checks.optionalF32(op, "dx", dx, x.shape());
        long pdw = Checks.optionalF32(op, "dw", dw, w.shape());
        long pdb = Checks.optionalF32(op, "db", db, biasShape);
        for (Tensor grad : new Tensor[] {dx, dw, db}) {
            Checks.disjoint(op, "a gradient", grad, "dy", dy);
            Checks.disjoint(op, "a gradient", grad, "x", x);
            Checks.disjoint(op, "a gradient", grad, "w", w);
        }
        if (empty(d)) {
            return;
        }
        if (dx != null) {
            linear.backwardInput(d, pdy, DeviceStorage.address(w), pdx);
        }
        if (dw != null) {
            linear.backwardWeight(d, DeviceStorage.address(x), pdy, pdw);
        }
        if (db != null) {
            linear.backwardBias(d, pdy, pdb);
        }
    }

    @Override
    public void fusedLayerForward(Tensor x, Tensor w, Tensor b, DropoutSpec dropout, Tensor gamma, Tensor beta, float eps,
            Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd) {
        String op = "fusedLayerForward";
        EnsembleLinearKernels.Dims d = fusedDims(op, x, w, act, simnormDim);
        if (!(eps >= 0f) || Float.isInfinite(eps)) {
            throw new IllegalArgumentException(op + ": eps=" + eps + " must be finite and >= 0");
        }
        int[] param = paramShape(d, w);
        long pb = Checks.optionalF32(op, "b", b, param);
        long pg = Checks.f32(op, "gamma", gamma, param);
        long pbeta = Checks.f32(op, "beta", beta, param);
        long py = Checks.f32(op, "y", y, outShape(d, w));
        long pu = Checks.f32(op, "u", u, outShape(d, w));
        long pm = Checks.f32(op, "mean", mean, rowShape(d, w));
        long ps = Checks.f32(op, "rstd", rstd, rowShape(d, w));
        Tensor[] outs = {y, u, mean, rstd};
        for (int i = 0; i < outs.length; i++) {
            Checks.disjoint(op, "an output", outs[i], "x", x);
            Checks.disjoint(op, "an output", outs[i], "w", w);
            for (int j = i + 1; j < outs.length; j++) {
                Checks.disjoint(op, "an output", outs[i], "another output", outs[j]);
            }
        }
        if (empty(d)) {
            return;
        }
        int rows = rows(op, d);
        PhiloxKeys.Ref key = dropoutKey(op, dropout, (long) rows * d.n());
        linear.forward(d, DeviceStorage.address(x), DeviceStorage.address(w), pb, pu);
        fused.launch("fused_layer_forward", Grids.warpRows(rows), Grids.THREADS, d + " act=" + act, ptr(pu),
                ptr(key.address()), i64(key.offset()), f32(p(dropout)), ptr(pg), ptr(pbeta), f32(eps), i32(act.ordinal()),
                i32(simnormDim), ptr(py), ptr(pm), ptr(ps), i32(rows), i32(d.n()), i32(d.m()));
    }

    @Override
    public void fusedLayerBackward(Tensor x, Tensor w, DropoutSpec dropout, Tensor gamma, Tensor beta, Activation act,
            int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd, Tensor dy, Tensor dx, Tensor dw, Tensor db,
            Tensor dgamma, Tensor dbeta) {
        String op = "fusedLayerBackward";
        EnsembleLinearKernels.Dims d = fusedDims(op, x, w, act, simnormDim);
        int[] param = paramShape(d, w);
        int[] out = outShape(d, w);
        long pg = Checks.f32(op, "gamma", gamma, param);
        long pbeta = Checks.f32(op, "beta", beta, param);
        long py = Checks.f32(op, "y", y, out);
        long pu = Checks.f32(op, "u", u, out);
        long pdy = Checks.f32(op, "dy", dy, out);
        long pm = Checks.f32(op, "mean", mean, rowShape(d, w));
        long ps = Checks.f32(op, "rstd", rstd, rowShape(d, w));
        long pdx = Checks.optionalF32(op, "dx", dx, x.shape());
        long pdw = Checks.optionalF32(op, "dw", dw, w.shape());
        long pdb = Checks.optionalF32(op, "db", db, param);
        long pdg = Checks.optionalF32(op, "dgamma", dgamma, param);
        long pdbeta = Checks.optionalF32(op, "dbeta", dbeta, param);
        for (Tensor grad : new Tensor[] {dx, dw, db, dgamma, dbeta}) {
            for (Tensor in : new Tensor[] {x, w, u, y, dy, gamma, beta, mean, rstd}) {
                Checks.disjoint(op, "a gradient", grad, "an input", in);
            }
        }
        if (empty(d)) {
            return;
        }
        int rows = rows(op, d);
        long rowBytes = 4L * rows * d.n();
        long dh = queue.scratch("fused_layer.dh", rowBytes);
        long dpre = queue.scratch("fused_layer.dpre", rowBytes);
        PhiloxKeys.Ref key = dropoutKey(op, dropout, (long) rows * d.n());
        fused.launch("fused_layer_backward", Grids.warpRows(rows), Grids.THREADS, d + " act=" + act, ptr(pu), ptr(py),
                ptr(pm), ptr(ps), ptr(pg), ptr(pbeta), i32(act.ordinal()), i32(simnormDim), ptr(pdy), ptr(key.address()),
                i64(key.offset()), f32(p(dropout)), ptr(dh), ptr(dpre), i32(rows), i32(d.n()), i32(d.m()));
        if (dgamma != null || dbeta != null || db != null) {
            fused.launch("fused_layer_backward_params", Dim3.of(Math.ceilDiv(d.n(), FUSED_PARAM_COLS), d.e()),
                    Grids.THREADS, d.toString(), ptr(pu), ptr(pm), ptr(ps), ptr(dh), ptr(dpre), ptr(pdg), ptr(pdbeta),
                    ptr(pdb), i32(d.e()), i32(d.m()), i32(d.n()));
        }
        if (dx != null) {
            linear.backwardInput(d, dpre, DeviceStorage.address(w), pdx);
        }
        if (dw != null) {
            linear.backwardWeight(d, DeviceStorage.address(x), dpre, pdw);
        }
    }

    /** The dropout key in device memory, or (null, 0) when no dropout applies (the kernel never reads it). */
    private PhiloxKeys.Ref dropoutKey(String op, DropoutSpec dropout, long values) {
        if (dropout == null || dropout.p() == 0f) {
            return new PhiloxKeys.Ref(0L, 0L);
        }
        Checks.nonNull(op, "dropout.key", dropout.key());
        return keys.resolve(dropout.key(), PhiloxKey.blocksFor(values), op);
    }

    private static float p(DropoutSpec dropout) {
        return dropout == null ? 0f : dropout.p();
    }

    // ---- validation (the CPU backend's rules plus the kernels' limits) ----

    /** x (M,K) and w (N,K). */
    private static EnsembleLinearKernels.Dims plainDims(String op, Tensor x, Tensor w) {
        Checks.f32(op, "x", x);
        Checks.f32(op, "w", w);
        Shapes.requireRank(op, "x", x, 2);
        Shapes.requireRank(op, "w", w, 2);
        if (x.dim(1) != w.dim(1)) {
            throw new IllegalArgumentException(op + ": x " + Shapes.str(x.shape()) + " and w " + Shapes.str(w.shape())
                    + " must agree on K (x (M,K), w (N,K))");
        }
        return limits(op, new EnsembleLinearKernels.Dims(1, x.dim(0), x.dim(1), w.dim(0), false));
    }

    /** w (E,N,K) and x (E,M,K) per head or (M,K) shared. */
    private static EnsembleLinearKernels.Dims ensembleDims(String op, Tensor x, Tensor w) {
        Checks.f32(op, "x", x);
        Checks.f32(op, "w", w);
        Shapes.requireRank(op, "w", w, 3);
        int heads = w.dim(0);
        boolean shared = x.rank() == 2;
        if ((x.rank() != 2 && x.rank() != 3) || x.dim(-1) != w.dim(2) || (!shared && x.dim(0) != heads)) {
            throw new IllegalArgumentException(op + ": x has shape " + Shapes.str(x.shape()) + ", expected (E,M,K) or (M,K)"
                    + " with E=" + heads + ", K=" + w.dim(2) + " from w " + Shapes.str(w.shape()));
        }
        return limits(op, new EnsembleLinearKernels.Dims(heads, x.dim(-2), w.dim(2), w.dim(1), shared));
    }

    private static EnsembleLinearKernels.Dims fusedDims(String op, Tensor x, Tensor w, Activation act, int simnormDim) {
        Checks.nonNull(op, "act", act);
        Checks.f32(op, "w", w);
        EnsembleLinearKernels.Dims d = w.rank() == 2 ? plainDims(op, x, w) : ensembleDims(op, x, w);
        if (act == Activation.SIMNORM && (simnormDim <= 0 || d.n() % simnormDim != 0)) {
            throw new IllegalArgumentException(op + ": simnormDim=" + simnormDim + " must be > 0 and divide N=" + d.n());
        }
        return d;
    }

    /** The kernel header's launcher checks: K >= 1, E and ceil(M/64), ceil(N/64) within the grid limits. */
    private static EnsembleLinearKernels.Dims limits(String op, EnsembleLinearKernels.Dims d) {
        if (d.k() < 1 && d.m() > 0 && d.n() > 0 && d.e() > 0) {
            throw new IllegalArgumentException(op + ": K=" + d.k() + " must be >= 1 (a layer with no inputs)");
        }
        if (d.e() > Dim3.MAX_GRID_YZ || Math.ceilDiv(d.m(), KernelGemm.TILE) > Dim3.MAX_GRID_YZ
                || Math.ceilDiv(d.n(), KernelGemm.TILE) > Dim3.MAX_GRID_YZ) {
            throw new IllegalArgumentException(op + ": " + d + " exceeds the launch limits (E, ceil(M/64) and"
                    + " ceil(N/64) must each be <= 65535)");
        }
        Checks.fitsInt(op, "E·M·N", (long) d.e() * d.m() * d.n());
        return d;
    }

    private static boolean empty(EnsembleLinearKernels.Dims d) {
        return d.e() == 0 || d.m() == 0 || d.n() == 0;
    }

    private static int rows(String op, EnsembleLinearKernels.Dims d) {
        return Checks.fitsInt(op, "R = E·M", (long) d.e() * d.m());
    }

    private static int[] paramShape(EnsembleLinearKernels.Dims d, Tensor w) {
        return w.rank() == 2 ? new int[] {d.n()} : new int[] {d.e(), d.n()};
    }

    private static int[] outShape(EnsembleLinearKernels.Dims d, Tensor w) {
        return w.rank() == 2 ? new int[] {d.m(), d.n()} : new int[] {d.e(), d.m(), d.n()};
    }

    private static int[] rowShape(EnsembleLinearKernels.Dims d, Tensor w) {
        return w.rank() == 2 ? new int[] {d.m()} : new int[] {d.e(), d.m()};
    }
}
