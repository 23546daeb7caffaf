/*
 * Op: ensemble_linear: linear layers of E stacked heads in one batched launch (E = 1 is the plain
 *   linear layer of DenseOps#linearForward/#linearBackward).
 * Equation: y[e] = x[e] · w[e]^T + b[e]; backward dx[e] += dy[e] · w[e], dw[e] += dy[e]^T · x[e],
 *   db[e] += Σ_rows dy[e]. With a shared input x (the Q ensemble reads one latent) the input gradient
 *   is the sum over heads: dx += Σ_e dy[e] · w[e]. Source: backend/DenseOps#ensembleLinearForward;
 *   tdmpc2 common/layers.py (Ensemble via torch.vmap), docs/tdmpc2.md#q-ensemble, docs/tdmpc2.md#execution-notes.
 * Shapes (row-major): x (E, M, Fi) with x_head_stride = M·Fi, or (M, Fi) shared with
 *   x_head_stride = 0; w (E, F, Fi); b (E, F) or null; y (E, M, F); dy (E, M, F); dx like x; dw like w;
 *   db like b. Dims as docs/dims.md#op-dims (at the call site E is Q or D − 1); the arguments M, N, K
 *   carry M, F, Fi.
 * Reference: backend/cpu/CpuDenseOps#ensembleLinearForward, #ensembleLinearBackward (and
 *   #linearForward, #linearBackward with E = 1).
 * Tolerance: as gemm.cu with its Fi read as the reduced length (Fi forward, F (·E when shared) for
 *   dx, M for dw): TF32 rtol 2·2^-11, atol 2·2^-11·sqrt(length)·max|a|·max|b|; SIMT rtol 1e-5,
 *   atol length·2^-24·max|a|·max|b|. ensemble_linear_backward_bias: rtol = M·2^-24 (tree sum of M terms).
 * Launch: TF32 entries block 128 (gemm.cu's 64×64 tile), SIMT entries block 256; grids tile the
 *   output 64×64: forward (ceil(F/64), ceil(M/64), E) over y; backward_weight (ceil(Fi/64),
 *   ceil(F/64), E) over dw; backward_input (ceil(Fi/64), ceil(M/64), E) over dx for per-head x, and
 *   gridDim.z = 1 for shared x, where the kernel sums the E heads as reduction segments into the
 *   one dx (deterministic, no atomics). backward_bias: block 256, grid (ceil(F/cb), E),
 *   cb = largest power of two <= min(32, F).
 * Launcher checks: E, M, F, Fi >= 1; x_head_stride is 0 or M·Fi (else IllegalArgumentException);
 *   E <= 65535; ceil(M/64), ceil(F/64) <= 65535; dx, dw, db accumulate (+=) and any of them may be
 *   null, in which case its launch is skipped; cb a power of two dividing 256.
 * Variants:
 *   - *_tf32: TF32 tensor cores, default (precision config key "tf32").
 *   - *_simt: exact FP32 (precision "fp32").
 * Entry points:
 *   - ensemble_linear_forward_tf32, ensemble_linear_forward_simt
 *       (x, w, b, y, E, M, N, K, x_head_stride): y = x·w^T + b, overwrites y.
 *   - ensemble_linear_backward_input_tf32, ensemble_linear_backward_input_simt
 *       (dy, w, dx, E, M, N, K, x_head_stride): dx += dy·w.
 *   - ensemble_linear_backward_weight_tf32, ensemble_linear_backward_weight_simt
 *       (x, dy, dw, E, M, N, K, x_head_stride): dw += dy^T·x.
 *   - ensemble_linear_backward_bias (dy, db, E, M, N, cb): db += Σ_m dy.
 */
#include "gemm.cuh"
#include "reduce.cuh"

using mbrl::gemm::make_problem;
using mbrl::gemm::Problem;
using mbrl::gemm::SIMT_THREADS;
using mbrl::gemm::TF_THREADS;

/** Threads per block of the bias-gradient column sums. */
constexpr int BIAS_THREADS = 256;

namespace {

/** y[e] (M, F) = x[e] (M, Fi) · (w[e] (F, Fi))^T + b[e]: op(B) = w^T, so B is read transposed. */
__device__ __forceinline__ Problem forward_problem(const float* x, const float* w, const float* b, float* y, int M, int N,
                                                   int K, long long x_head_stride) {
    return make_problem(x, w, y, b, M, N, K, K, K, N, x_head_stride, (long long) N * K, (long long) M * N, N, 1, 0, 0,
                        1.0f, 0.0f);
}

/**
 * dx += dy·w. Per-head x: batch over heads, dx[e] (M, Fi) += dy[e] (M, F) · w[e] (F, Fi). Shared x: one
 * output, the E heads are reduction segments: dx (M, Fi) += Σ_e dy[e] · w[e].
 */
__device__ __forceinline__ Problem input_grad_problem(const float* dy, const float* w, float* dx, int E, int M, int N,
                                                      int K, long long x_head_stride) {
    const long long dy_head = (long long) M * N;
    const long long w_head = (long long) N * K;
    if (x_head_stride == 0) {
        return make_problem(dy, w, dx, nullptr, M, K, N, N, K, K, 0, 0, 0, 0, E, dy_head, w_head, 1.0f, 1.0f);
    }
    return make_problem(dy, w, dx, nullptr, M, K, N, N, K, K, dy_head, w_head, x_head_stride, 0, 1, 0, 0, 1.0f, 1.0f);
}

/** dw[e] (F, Fi) += (dy[e] (M, F))^T · x[e] (M, Fi): op(A) = dy^T, so A is read transposed. */
__device__ __forceinline__ Problem weight_grad_problem(const float* x, const float* dy, float* dw, int M, int N, int K,
                                                       long long x_head_stride) {
    return make_problem(dy, x, dw, nullptr, N, K, M, N, K, K, (long long) M * N, x_head_stride, (long long) N * K, 0, 1,
                        0, 0, 1.0f, 1.0f);
}

} // namespace

extern "C" __global__ void __launch_bounds__(TF_THREADS)
    ensemble_linear_forward_tf32(const float* __restrict__ x, const float* __restrict__ w, const float* __restrict__ b,
                                 float* __restrict__ y, int E, int M, int N, int K, long long x_head_stride) {
    (void) E;
    mbrl::gemm::tf32_gemm<false, true>(forward_problem(x, w, b, y, M, N, K, x_head_stride));
}

extern "C" __global__ void __launch_bounds__(SIMT_THREADS)
    ensemble_linear_forward_simt(const float* __restrict__ x, const float* __restrict__ w, const float* __restrict__ b,
                                 float* __restrict__ y, int E, int M, int N, int K, long long x_head_stride) {
    (void) E;
    mbrl::gemm::simt_gemm<false, true>(forward_problem(x, w, b, y, M, N, K, x_head_stride));
}

extern "C" __global__ void __launch_bounds__(TF_THREADS)
    ensemble_linear_backward_input_tf32(const float* __restrict__ dy, const float* __restrict__ w,
                                        float* __restrict__ dx, int E, int M, int N, int K, long long x_head_stride) {
    mbrl::gemm::tf32_gemm<false, false>(input_grad_problem(dy, w, dx, E, M, N, K, x_head_stride));
}

extern "C" __global__ void __launch_bounds__(SIMT_THREADS)
    ensemble_linear_backward_input_simt(const float* __restrict__ dy, const float* __restrict__ w,
                                        float* __restrict__ dx, int E, int M, int N, int K, long long x_head_stride) {
    mbrl::gemm::simt_gemm<false, false>(input_grad_problem(dy, w, dx, E, M, N, K, x_head_stride));
}

extern "C" __global__ void __launch_bounds__(TF_THREADS)
    ensemble_linear_backward_weight_tf32(const float* __restrict__ x, const float* __restrict__ dy,
                                         float* __restrict__ dw, int E, int M, int N, int K, long long x_head_stride) {
    (void) E;
    mbrl::gemm::tf32_gemm<true, false>(weight_grad_problem(x, dy, dw, M, N, K, x_head_stride));
}

extern "C" __global__ void __launch_bounds__(SIMT_THREADS)
    ensemble_linear_backward_weight_simt(const float* __restrict__ x, const float* __restrict__ dy,
                                         float* __restrict__ dw, int E, int M, int N, int K, long long x_head_stride) {
    (void) E;
    mbrl::gemm::simt_gemm<true, false>(weight_grad_problem(x, dy, dw, M, N, K, x_head_stride));
}

extern "C" __global__ void __launch_bounds__(BIAS_THREADS)
    ensemble_linear_backward_bias(const float* __restrict__ dy, float* __restrict__ db, int E, int M, int N, int cb) {
    __shared__ float scratch[BIAS_THREADS];
    const int e = blockIdx.y;
    const int n0 = blockIdx.x * cb;
    const float* head = dy + (long long) e * M * N;
    const float total = mbrl::column_tile_sum(
        [&](int r, int c) { return n0 + c < N ? __ldg(head + (long long) r * N + n0 + c) : 0.0f; }, M, cb, scratch);
    if (threadIdx.x < cb && n0 + (int) threadIdx.x < N && e < E) {
        db[(long long) e * N + n0 + threadIdx.x] += total;
    }
}
