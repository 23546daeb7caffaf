package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.DenseContract;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.GemmDims;
import org.mbrl4j.backend.LinearDims;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * {@link DenseOps} on CUDA: gemm through the {@link GemmProvider} (our TF32/SIMT kernels or cuBLAS);
 * linear, ensemble-linear and the fused TD-MPC2 layer on kernels/ensemble_linear.cu and
 * kernels/fused_layer.cu (the layer's GEMM writes x·w^T + b into u, then one warp per row applies
 * dropout, LayerNorm and the activation). {@link DenseContract} checks the arguments; the launcher adds
 * the kernels' limits (int32 sizes, grid dims, Fi >= 1).
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
        GemmDims d = DenseContract.gemm(a, ta, b, tb, c);
        long pa = Checks.address(op, "a", a);
        long pb = Checks.address(op, "b", b);
        long pc = Checks.address(op, "c", c);
        if (d.batch() > Dim3.MAX_GRID_YZ || Math.ceilDiv(d.m(), KernelGemm.TILE) > Dim3.MAX_GRID_YZ) {
            throw new IllegalArgumentException(op + ": batch=" + d.batch() + " and ceil(M/64)="
                    + Math.ceilDiv(d.m(), 64) + " must each be <= 65535 (gridDim.z and gridDim.y)");
        }
        if (d.batch() > 0 && d.m() > 0 && d.n() > 0) {
            gemm.gemm(new GemmProvider.Shape(d.batch(), d.m(), d.n(), d.k(), ta, tb), pa, pb, pc, alpha, beta);
        }
    }

    @Override
    public void linearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        String op = "linearForward";
        forward(op, limits(op, DenseContract.linearForward(x, w, b, y)), x, w, b, y);
    }

    @Override
    public void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        String op = "linearBackward";
        backward(op, limits(op, DenseContract.linearBackward(x, w, dy, dx, dw, db)), x, w, dy, dx, dw, db);
    }

    @Override
    public void ensembleLinearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        String op = "ensembleLinearForward";
        forward(op, limits(op, DenseContract.ensembleLinearForward(x, w, b, y)), x, w, b, y);
    }

    @Override
    public void ensembleLinearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        String op = "ensembleLinearBackward";
        backward(op, limits(op, DenseContract.ensembleLinearBackward(x, w, dy, dx, dw, db)), x, w, dy, dx, dw, db);
    }

    private void forward(String op, EnsembleLinearKernels.Dims d, Tensor x, Tensor w, Tensor b, Tensor y) {
        long px = Checks.address(op, "x", x);
        long pw = Checks.address(op, "w", w);
        long pb = Checks.optionalAddress(op, "b", b);
        long py = Checks.address(op, "y", y);
        if (!empty(d)) {
            linear.forward(d, px, pw, pb, py);
        }
    }

    private void backward(String op, EnsembleLinearKernels.Dims d, Tensor x, Tensor w, Tensor dy, Tensor dx,
            Tensor dw, Tensor db) {
        long px = Checks.address(op, "x", x);
        long pw = Checks.address(op, "w", w);
        long pdy = Checks.address(op, "dy", dy);
        long pdx = Checks.optionalAddress(op, "dx", dx);
        long pdw = Checks.optionalAddress(op, "dw", dw);
        long pdb = Checks.optionalAddress(op, "db", db);
        if (empty(d)) {
            return;
        }
        if (dx != null) {
            linear.backwardInput(d, pdy, pw, pdx);
        }
        if (dw != null) {
            linear.backwardWeight(d, px, pdy, pdw);
        }
        if (db != null) {
            linear.backwardBias(d, pdy, pdb);
        }
    }

    @Override
    public void fusedLayerForward(Tensor x, Tensor w, Tensor b, DropoutSpec dropout, Tensor gamma, Tensor beta, float eps,
            Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd) {
        String op = "fusedLayerForward";
        EnsembleLinearKernels.Dims d = limits(op, DenseContract.fusedLayerForward(x, w, b, dropout, gamma, beta, eps,
                act, simnormDim, y, u, mean, rstd));
        long px = Checks.address(op, "x", x);
        long pw = Checks.address(op, "w", w);
        long pb = Checks.optionalAddress(op, "b", b);
        long pg = Checks.address(op, "gamma", gamma);
        long pbeta = Checks.address(op, "beta", beta);
        long py = Checks.address(op, "y", y);
        long pu = Checks.address(op, "u", u);
        long pm = Checks.address(op, "mean", mean);
        long ps = Checks.address(op, "rstd", rstd);
        if (empty(d)) {
            return;
        }
        int rows = rows(op, d);
        PhiloxKeys.Ref key = dropoutKey(op, dropout, (long) rows * d.n());
        linear.forward(d, px, pw, pb, pu);
        fused.launch("fused_layer_forward", Grids.warpRows(rows), Grids.THREADS, d + " act=" + act, ptr(pu),
                ptr(key.address()), i64(key.offset()), f32(p(dropout)), ptr(pg), ptr(pbeta), f32(eps), i32(act.ordinal()),
                i32(simnormDim), ptr(py), ptr(pm), ptr(ps), i32(rows), i32(d.n()), i32(d.m()));
    }

    @Override
    public void fusedLayerBackward(Tensor x, Tensor w, DropoutSpec dropout, Tensor gamma, Tensor beta, Activation act,
            int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd, Tensor dy, Tensor dx, Tensor dw, Tensor db,
            Tensor dgamma, Tensor dbeta) {
        String op = "fusedLayerBackward";
        EnsembleLinearKernels.Dims d = limits(op, DenseContract.fusedLayerBackward(x, w, dropout, gamma, beta, act,
                simnormDim, y, u, mean, rstd, dy, dx, dw, db, dgamma, dbeta));
        long px = Checks.address(op, "x", x);
        long pw = Checks.address(op, "w", w);
        long pg = Checks.address(op, "gamma", gamma);
        long pbeta = Checks.address(op, "beta", beta);
        long py = Checks.address(op, "y", y);
        long pu = Checks.address(op, "u", u);
        long pdy = Checks.address(op, "dy", dy);
        long pm = Checks.address(op, "mean", mean);
        long ps = Checks.address(op, "rstd", rstd);
        long pdx = Checks.optionalAddress(op, "dx", dx);
        long pdw = Checks.optionalAddress(op, "dw", dw);
        long pdb = Checks.optionalAddress(op, "db", db);
        long pdg = Checks.optionalAddress(op, "dgamma", dgamma);
        long pdbeta = Checks.optionalAddress(op, "dbeta", dbeta);
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
            linear.backwardInput(d, dpre, pw, pdx);
        }
        if (dw != null) {
            linear.backwardWeight(d, px, dpre, pdw);
        }
    }

    /** The dropout key in device memory, or (null, 0) when no dropout applies (the kernel never reads it). */
    private PhiloxKeys.Ref dropoutKey(String op, DropoutSpec dropout, long values) {
        if (dropout == null || dropout.p() == 0f) {
            return new PhiloxKeys.Ref(0L, 0L);
        }
        return keys.resolve(dropout.key(), PhiloxKey.blocksFor(values), op);
    }

    private static float p(DropoutSpec dropout) {
        return dropout == null ? 0f : dropout.p();
    }

    // ---- device rules (the contract is DenseContract) ----

    /** The kernel header's launcher checks: Fi >= 1, E and ceil(M/64), ceil(F/64) within the grid limits. */
    private static EnsembleLinearKernels.Dims limits(String op, LinearDims c) {
        EnsembleLinearKernels.Dims d = new EnsembleLinearKernels.Dims(c.heads(), c.m(), c.k(), c.n(), c.sharedX());
        if (d.k() < 1 && d.m() > 0 && d.n() > 0 && d.e() > 0) {
            throw new IllegalArgumentException(op + ": Fi=" + d.k() + " must be >= 1 (a layer with no inputs)");
        }
        if (d.e() > Dim3.MAX_GRID_YZ || Math.ceilDiv(d.m(), KernelGemm.TILE) > Dim3.MAX_GRID_YZ
                || Math.ceilDiv(d.n(), KernelGemm.TILE) > Dim3.MAX_GRID_YZ) {
            throw new IllegalArgumentException(op + ": " + d + " exceeds the launch limits (E, ceil(M/64) and"
                    + " ceil(F/64) must each be <= 65535)");
        }
        Checks.fitsInt(op, "E·M·F", (long) d.e() * d.m() * d.n());
        return d;
    }

    private static boolean empty(EnsembleLinearKernels.Dims d) {
        return d.e() == 0 || d.m() == 0 || d.n() == 0;
    }

    private static int rows(String op, EnsembleLinearKernels.Dims d) {
        return Checks.fitsInt(op, "E·M", (long) d.e() * d.m());
    }
}
