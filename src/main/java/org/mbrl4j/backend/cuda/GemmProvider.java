package org.mbrl4j.backend.cuda;

import org.mbrl4j.backend.Transpose;

/**
 * Who computes {@code DenseOps#gemm}: our kernels (kernels/gemm.cu, TF32 or SIMT FP32 by
 * matmul_precision) or cuBLAS through FFM ({@code -Dmbrl.cuda.gemm=cublas}), the yardstick. All
 * operands are contiguous row-major device arrays; shapes were validated by {@link CudaDenseOps}.
 */
interface GemmProvider extends AutoCloseable {

    /**
     * c[z] = alpha·op(a[z])·op(b[z]) + beta·c[z] for z in [0, batch): op(a) (M, Fi), op(b) (Fi, F),
     * c (M, F); beta = 0 never reads c.
     */
    void gemm(Shape s, long a, long b, long c, float alpha, float beta);

    /** e.g. "kernels tf32" or "cuBLAS 13.1 (libcublas.so.13) tf32". */
    String describe();

    @Override
    default void close() {}

    /** A row-major GEMM problem; A is (M, Fi) or (Fi, M) when ta = T, B is (Fi, F) or (F, Fi) when tb = T. */
    record Shape(int batch, int m, int n, int k, Transpose ta, Transpose tb) {
        int lda() {
            return ta == Transpose.N ? k : m;
        }

        int ldb() {
            return tb == Transpose.N ? n : k;
        }

        @Override
        public String toString() {
            return "batch=" + batch + " M=" + m + " N=" + n + " K=" + k + " ta=" + ta + " tb=" + tb;
        }
    }
}
