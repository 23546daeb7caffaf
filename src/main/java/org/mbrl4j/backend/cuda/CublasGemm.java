package org.mbrl4j.backend.cuda;

import org.mbrl4j.backend.Transpose;

/**
 * {@link GemmProvider} on cuBLAS (selected with {@code -Dmbrl.cuda.gemm=cublas}; the yardstick for our
 * kernels). Row-major C = op(A)·op(B) is computed as the column-major C^T = op(B)^T·op(A)^T, so the
 * operands swap and each keeps its own transpose flag.
 */
final class CublasGemm implements GemmProvider {
    private final Cublas cublas;
    private final CudaContext ctx;
    private final boolean tf32;

    CublasGemm(CudaContext ctx, boolean tf32) {
        this.ctx = ctx;
        this.tf32 = tf32;
        ctx.makeCurrent();
        this.cublas = new Cublas(ctx.stream.address(), tf32);
    }

    @Override
    public void gemm(Shape s, long a, long b, long c, float alpha, float beta) {
        ctx.makeCurrent();
        int opB = s.tb() == Transpose.N ? Cublas.OP_N : Cublas.OP_T;
        int opA = s.ta() == Transpose.N ? Cublas.OP_N : Cublas.OP_T;
        if (s.batch() == 1) {
            cublas.sgemm(opB, opA, s.n(), s.m(), s.k(), alpha, b, ld(s.ldb()), a, ld(s.lda()), beta, c, ld(s.n()));
        } else {
            cublas.sgemmStridedBatched(opB, opA, s.n(), s.m(), s.k(), alpha, b, ld(s.ldb()), (long) s.k() * s.n(), a,
                    ld(s.lda()), (long) s.m() * s.k(), beta, c, ld(s.n()), (long) s.m() * s.n(), s.batch());
        }
    }

    /** cuBLAS rejects a leading dimension of 0 (K = 0) even when nothing is read. */
    private static int ld(int ld) {
        return Math.max(1, ld);
    }

    @Override
    public String describe() {
        return "cuBLAS " + cublas.version + " (" + cublas.location + ") " + (tf32 ? "tf32" : "fp32 pedantic");
    }

    @Override
    public void close() {
        cublas.close();
    }
}
