package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.f32;
import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.i64;
import static org.mbrl4j.backend.cuda.KernelArg.nullPtr;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import java.util.Locale;

/**
 * GEMM on kernels/gemm.cu: {@code gemm_forward_<variant>_<ta><tb>} with 64×64 output tiles, grid
 * (ceil(N/64), ceil(M/64), batch); TF32 blocks have 128 threads, SIMT blocks 256.
 */
final class KernelGemm implements GemmProvider {
    /** Output tile edge of both main loops (gemm.cuh TF_BM = TF_BN = SIMT_BM = SIMT_BN). */
    static final int TILE = 64;
    static final int TF32_THREADS = 128;
    static final int SIMT_THREADS = 256;

    private final ModuleKernels k;
    private final GemmVariant variant;

    KernelGemm(DeviceQueue queue, GemmVariant variant) {
        this.k = new ModuleKernels(queue, "gemm");
        this.variant = variant;
    }

    @Override
    public void gemm(Shape s, long a, long b, long c, float alpha, float beta) {
        String entry = "gemm_forward_" + variant.suffix + "_" + (s.ta().name() + s.tb().name()).toLowerCase(Locale.ROOT);
        Dim3 grid = new Dim3(Math.ceilDiv(s.n(), TILE), Math.ceilDiv(s.m(), TILE), s.batch());
        k.launch(entry, grid, variant.threads, s.toString(), ptr(a), ptr(b), ptr(c), nullPtr(), i32(s.m()), i32(s.n()),
                i32(s.k()), i32(s.lda()), i32(s.ldb()), i32(s.n()), i64((long) s.m() * s.k()), i64((long) s.k() * s.n()),
                i64((long) s.m() * s.n()), i64(0), f32(alpha), f32(beta));
    }

    @Override
    public String describe() {
        return "kernels " + variant.suffix;
    }

    /** The two main loops of gemm.cuh, chosen by matmul_precision. */
    enum GemmVariant {
        /** TF32 tensor cores (mma.sync m16n8k8): matmul_precision=tf32, the default. */
        TF32("tf32", TF32_THREADS),
        /** Exact FP32 FFMA: matmul_precision=fp32. */
        SIMT("simt", SIMT_THREADS);

        final String suffix;
        final int threads;

        GemmVariant(String suffix, int threads) {
            this.suffix = suffix;
            this.threads = threads;
        }
    }
}
