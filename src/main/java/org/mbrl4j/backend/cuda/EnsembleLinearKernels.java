package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

/**
 * The launches of kernels/ensemble_linear.cu for E stacked heads (E = 1 is a plain linear layer):
 * forward y = x·w^T + b, and the three backward parts, each skipped by the caller when its gradient
 * is null. Dims were validated by {@link CudaDenseOps}.
 */
final class EnsembleLinearKernels {
    private final ModuleKernels k;
    private final KernelGemm.GemmVariant variant;

    EnsembleLinearKernels(DeviceQueue queue, KernelGemm.GemmVariant variant) {
        this.k = new ModuleKernels(queue, "ensemble_linear");
        this.variant = variant;
    }

    /**
     * E heads, M rows, Fi inputs, F outputs; x is per head (E, M, Fi) or shared (M, Fi).
     *
     * @param shared true when x (M, Fi) is read by every head (x_head_stride = 0)
     */
    record Dims(int e, int m, int k, int n, boolean shared) {
        long xHeadStride() {
            return shared ? 0L : (long) m * k;
        }

        @Override
        public String toString() {
            return "E=" + e + " M=" + m + " Fi=" + k + " F=" + n + (shared ? " shared x" : "");
        }
    }

    /** y (E, M, F) = x·w^T + b (b may be 0 = null); overwrites y. */
    void forward(Dims d, long x, long w, long b, long y) {
        Dim3 grid = new Dim3(Math.ceilDiv(d.n(), KernelGemm.TILE), Math.ceilDiv(d.m(), KernelGemm.TILE), d.e());
        k.launch("ensemble_linear_forward_" + variant.suffix, grid, variant.threads, d.toString(), ptr(x), ptr(w), ptr(b),
                ptr(y), i32(d.e()), i32(d.m()), i32(d.n()), i32(d.k()), i64(d.xHeadStride()));
    }

    /** dx += dy·w (a shared x sums the heads in the kernel: gridDim.z = 1). */
    void backwardInput(Dims d, long dy, long w, long dx) {
        Dim3 grid = new Dim3(Math.ceilDiv(d.k(), KernelGemm.TILE), Math.ceilDiv(d.m(), KernelGemm.TILE),
                d.shared() ? 1 : d.e());
        k.launch("ensemble_linear_backward_input_" + variant.suffix, grid, variant.threads, d.toString(), ptr(dy), ptr(w),
                ptr(dx), i32(d.e()), i32(d.m()), i32(d.n()), i32(d.k()), i64(d.xHeadStride()));
    }

    /** dw += dy^T·x. */
    void backwardWeight(Dims d, long x, long dy, long dw) {
        Dim3 grid = new Dim3(Math.ceilDiv(d.k(), KernelGemm.TILE), Math.ceilDiv(d.n(), KernelGemm.TILE), d.e());
        k.launch("ensemble_linear_backward_weight_" + variant.suffix, grid, variant.threads, d.toString(), ptr(x),
                ptr(dy), ptr(dw), i32(d.e()), i32(d.m()), i32(d.n()), i32(d.k()), i64(d.xHeadStride()));
    }

    /** db += Σ_m dy: grid (ceil(F/cb), E), cb = largest power of two <= min(32, F). */
    void backwardBias(Dims d, long dy, long db) {
        int cb = Grids.columnTile(d.n());
        k.launch("ensemble_linear_backward_bias", Dim3.of(Math.ceilDiv(d.n(), cb), d.e()), Grids.THREADS,
                d + " cb=" + cb, ptr(dy), ptr(db), i32(d.e()), i32(d.m()), i32(d.n()), i32(cb));
    }
}
