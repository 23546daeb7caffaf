/*
 * Op: gemm: general matrix product, rank 2 or batched rank 3.
 * Equation: c[z] = alpha · op(a[z]) · op(b[z]) + beta · c[z] + bias[z]; beta = 0 ignores c's old
 *   contents (NaN there does not propagate). Source: backend/DenseOps#gemm (BLAS sgemm semantics);
 *   TF32 by default as tdmpc2 runs PyTorch with matmul precision 'high' (docs/tdmpc2.md#execution-notes).
 * Shapes (row-major; z = batch index over gridDim.z; all strides in elements):
 *   dims as docs/dims.md#op-dims; the BLAS-named arguments A, B, C, M, N, K carry a, b, c, M, F, Fi.
 *   op(a) (M, Fi): a (M, Fi) row stride lda >= Fi, or a (Fi, M) row stride lda >= M for _tn/_tt.
 *   op(b) (Fi, F): b (Fi, F) row stride ldb >= F, or b (F, Fi) row stride ldb >= Fi for _nt/_tt.
 *   c (M, F) row stride ldc >= F.  bias (F) per batch or null.  batch_a/b/c/bias: batch strides
 *   (0 broadcasts an operand over the batch).
 *   Suffix _xy: x = a transposed (t) or not (n), y = likewise for b.
 * Reference: backend/cpu/CpuDenseOps#gemm
 * Tolerance: |gpu - cpu| <= atol + rtol·|cpu| with, for the TF32 entries, rtol = 2·2^-11 ≈ 9.8e-4
 *   (inputs rounded to TF32, unit roundoff 2^-11) and atol = 2·2^-11·sqrt(Fi)·max|a|·max|b| (an Fi-term
 *   dot product of rounded inputs with random signs; cancellation makes a pure rtol meaningless);
 *   for the SIMT entries rtol = 1e-5 and atol = Fi·2^-24·max|a|·max|b| (FP32 FMA, summation order
 *   differs from the CPU's).
 * Launch: TF32: block 128 threads (4 warps, 2×2 of 32×32 warp tiles), grid (ceil(F/64),
 *   ceil(M/64), batch), 30 KB static shared memory. SIMT: block 256, grid (ceil(F/64),
 *   ceil(M/64), batch), 8.5 KB static shared memory. The TF32 loader uses 16-byte cp.async when
 *   the operand's address, leading dim and strides are multiples of 4 floats, else 4-byte cp.async;
 *   it decides per block, so no alignment rule is the launcher's (parity tests cover both paths:
 *   Fi % 4 == 0 and Fi % 4 != 0).
 * Launcher checks: M, F >= 1 (skip the launch otherwise), Fi >= 0; lda/ldb/ldc as above;
 *   batch <= 65535 (gridDim.z); ceil(M/64) <= 65535 (gridDim.y); operands and c do not overlap;
 *   every M·ldc-style offset fits in int64 and each dim in int32.
 * Variants:
 *   - gemm_forward_tf32_*: TF32 tensor cores (mma.sync m16n8k8), 3-stage cp.async pipeline; default.
 *   - gemm_forward_simt_*: exact FP32 FFMA, single-buffered shared tiles (no cp.async); the precision=fp32 config
 *     and the yardstick for TF32 error.
 * Entry points:
 *   - gemm_forward_tf32_nn, gemm_forward_tf32_nt, gemm_forward_tf32_tn, gemm_forward_tf32_tt
 *   - gemm_forward_simt_nn, gemm_forward_simt_nt, gemm_forward_simt_tn, gemm_forward_simt_tt
 *   all with arguments (A, B, C, bias, M, N, K, lda, ldb, ldc, batch_a, batch_b, batch_c,
 *   batch_bias, alpha, beta).
 */
#include "gemm.cuh"

using mbrl::gemm::make_problem;
using mbrl::gemm::SIMT_THREADS;
using mbrl::gemm::TF_THREADS;

#define GEMM_PARAMS                                                                                               \
    const float *__restrict__ A, const float *__restrict__ B, float *__restrict__ C, const float *__restrict__ bias, \
        int M, int N, int K, int lda, int ldb, int ldc, long long batch_a, long long batch_b, long long batch_c,    \
        long long batch_bias, float alpha, float beta
#define GEMM_PROBLEM make_problem(A, B, C, bias, M, N, K, lda, ldb, ldc, batch_a, batch_b, batch_c, batch_bias, 1, 0, 0, alpha, beta)

extern "C" __global__ void __launch_bounds__(TF_THREADS) gemm_forward_tf32_nn(GEMM_PARAMS) {
    mbrl::gemm::tf32_gemm<false, false>(GEMM_PROBLEM);
}

extern "C" __global__ void __launch_bounds__(TF_THREADS) gemm_forward_tf32_nt(GEMM_PARAMS) {
    mbrl::gemm::tf32_gemm<false, true>(GEMM_PROBLEM);
}

extern "C" __global__ void __launch_bounds__(TF_THREADS) gemm_forward_tf32_tn(GEMM_PARAMS) {
    mbrl::gemm::tf32_gemm<true, false>(GEMM_PROBLEM);
}

extern "C" __global__ void __launch_bounds__(TF_THREADS) gemm_forward_tf32_tt(GEMM_PARAMS) {
    mbrl::gemm::tf32_gemm<true, true>(GEMM_PROBLEM);
}

extern "C" __global__ void __launch_bounds__(SIMT_THREADS) gemm_forward_simt_nn(GEMM_PARAMS) {
    mbrl::gemm::simt_gemm<false, false>(GEMM_PROBLEM);
}

extern "C" __global__ void __launch_bounds__(SIMT_THREADS) gemm_forward_simt_nt(GEMM_PARAMS) {
    mbrl::gemm::simt_gemm<false, true>(GEMM_PROBLEM);
}

extern "C" __global__ void __launch_bounds__(SIMT_THREADS) gemm_forward_simt_tn(GEMM_PARAMS) {
    mbrl::gemm::simt_gemm<true, false>(GEMM_PROBLEM);
}

extern "C" __global__ void __launch_bounds__(SIMT_THREADS) gemm_forward_simt_tt(GEMM_PARAMS) {
    mbrl::gemm::simt_gemm<true, true>(GEMM_PROBLEM);
}
