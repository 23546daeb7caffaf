package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.DenseContract;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.GemmDims;
import org.mbrl4j.backend.LinearDims;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link DenseOps}: {@link DenseContract} checks the arguments, then
 * {@link Gemm}, {@link EnsembleLinear} or {@link FusedLayer} computes. A plain layer is the one-head
 * case of the ensemble code.
 */
final class CpuDenseOps implements DenseOps {
    /** {@code cpu_fast_math}: the fused layer's side reductions in float lanes (docs/cpu-fast-math.md). */
    private final boolean fastMath;

    CpuDenseOps(boolean fastMath) {
        this.fastMath = fastMath;
    }

    @Override
    public void gemm(Tensor a, Transpose ta, Tensor b, Transpose tb, Tensor c, float alpha, float beta) {
        GemmDims d = DenseContract.gemm(a, ta, b, tb, c);
        boolean transA = ta == Transpose.T;
        boolean transB = tb == Transpose.T;
        Gemm.gemm(d.batch(), d.m(), d.n(), d.k(), alpha, operand(a, transA), operand(b, transB), beta,
                operand(c, false));
    }

    @Override
    public void linearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        EnsembleLinear.forward(dims(DenseContract.linearForward(x, w, b, y)), x, w, b, y);
    }

    @Override
    public void linearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        EnsembleLinear.backward(dims(DenseContract.linearBackward(x, w, dy, dx, dw, db)), x, w, dy, dx, dw, db);
    }

    @Override
    public void ensembleLinearForward(Tensor x, Tensor w, Tensor b, Tensor y) {
        EnsembleLinear.forward(dims(DenseContract.ensembleLinearForward(x, w, b, y)), x, w, b, y);
    }

    @Override
    public void ensembleLinearBackward(Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        EnsembleLinear.backward(dims(DenseContract.ensembleLinearBackward(x, w, dy, dx, dw, db)), x, w, dy, dx, dw,
                db);
    }

    @Override
    public void fusedLayerForward(Tensor x, Tensor w, Tensor b, DropoutSpec dropout, Tensor gamma, Tensor beta,
            float eps, Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd) {
        LinearDims d = DenseContract.fusedLayerForward(x, w, b, dropout, gamma, beta, eps, act, simnormDim, y, u, mean,
                rstd);
        FusedLayer.forward(dims(d), x, w, b, dropout, gamma, beta, eps, act, simnormDim, y, u, mean, rstd, fastMath);
    }

    @Override
    public void fusedLayerBackward(Tensor x, Tensor w, DropoutSpec dropout, Tensor gamma, Tensor beta,
            Activation act, int simnormDim, Tensor y, Tensor u, Tensor mean, Tensor rstd, Tensor dy, Tensor dx,
            Tensor dw, Tensor db, Tensor dgamma, Tensor dbeta) {
        LinearDims d = DenseContract.fusedLayerBackward(x, w, dropout, gamma, beta, act, simnormDim, y, u, mean, rstd,
                dy, dx, dw, db, dgamma, dbeta);
        FusedLayer.backward(dims(d), x, w, dropout, gamma, beta, act, simnormDim, y, u, mean, rstd, dy, dx, dw, db,
                dgamma, dbeta, fastMath);
    }

    private static EnsembleLinear.Dims dims(LinearDims d) {
        return new EnsembleLinear.Dims(d.heads(), d.m(), d.k(), d.n(), d.sharedX());
    }

    /** op(T) of a rank-2 or rank-3 row-major tensor (rank 3: one matrix per leading index). */
    private static GemmMatrix operand(Tensor t, boolean transposed) {
        int rows = t.dim(-2);
        int cols = t.dim(-1);
        return GemmMatrix.rowMajor(t.floats(), t.off(), rows * cols, cols, transposed);
    }
}
