/*
 * Op: distribution: the squashed Gaussian of the TD-MPC2 policy prior: reparameterized sample,
 *   Gaussian log-probability and tanh squash, forward and backward.
 * Equation: u = mean + eps·exp(logStd); dmean += du, dlogStd += du·eps·exp(logStd).
 *   logprob_r = Σ_i (-0.5·eps_i² - logStd_i) - A·0.5·ln(2π) (eps held constant); dlogStd_i += -dout_r.
 *   action = tanh(u); logDet_r = Σ_i ln(relu(1 - action_i²) + 1e-6);
 *   du += daction·(1 - a²) + dlogDet_r·[1 - a² > 0]·(-2a(1 - a²))/(1 - a² + 1e-6).
 *   Source: backend/DistributionOps; tdmpc2 common/math.py (gaussian_logprob, squash),
 *   common/world_model.py (pi); docs/tdmpc2.md#policy-prior, docs/tdmpc2.md#two-hot-and-symlog.
 * Shapes: mean, logStd, eps, u, du, dmean, dlogStd, action, daction (M, A) row-major;
 *   logprob out/dout, logDet, dlogDet (M). Dims: docs/dims.md#op-dims; the arguments R and n carry M
 *   and numel = M·A.
 * Reference: backend/cpu/CpuDistributionOps#gaussianSampleForward, #gaussianSampleBackward,
 *   #gaussianLogProbForward, #gaussianLogProbBackward, #tanhSquashForward, #tanhSquashBackward.
 * Tolerance: elementwise: rtol = 2·2^-24, atol = 2^-24 (exp/tanh/log in double as Java's Math, then
 *   rounded; FMA contraction). Row sums run one thread per row in index order, as the CPU loop:
 *   rtol = 2·A·2^-24 (only contraction differs), atol = 1e-6·A.
 * Launch: block 256; elementwise entries any grid over M·A (grid-stride); row entries
 *   (gaussian_logprob_forward, tanh_squash_forward) one thread per row, any grid over M.
 * Launcher checks: M, A >= 1, M·A < 2^31; gradients accumulate; gaussian_sample_backward takes null
 *   dmean or null dlogStd; tanh_squash_backward takes null daction or null dlogDet (not both: skip).
 * Variants: none.
 * Entry points:
 *   - gaussian_sample_forward(mean, log_std, eps, u, n)
 *   - gaussian_sample_backward(log_std, eps, du, dmean, dlog_std, n)
 *   - gaussian_logprob_forward(eps, log_std, out, R, A)
 *   - gaussian_logprob_backward(dout, dlog_std, R, A)
 *   - tanh_squash_forward(u, action, log_det, R, A)
 *   - tanh_squash_backward(action, daction, dlog_det, du, R, A)
 */
#include "math.cuh"

constexpr int DIST_THREADS = 256;
/** The squash's log-Jacobian floor inside ln(relu(1 - a²) + 1e-6) (tdmpc2 common/math.py: squash). */
constexpr float SQUASH_EPS = 1e-6f;

namespace {
__device__ __forceinline__ long long grid_start() { return (long long) blockIdx.x * blockDim.x + threadIdx.x; }
__device__ __forceinline__ long long grid_stride() { return (long long) gridDim.x * blockDim.x; }
} // namespace

extern "C" __global__ void __launch_bounds__(DIST_THREADS)
    gaussian_sample_forward(const float* __restrict__ mean, const float* __restrict__ log_std,
                            const float* __restrict__ eps, float* __restrict__ u, long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        u[i] = __fadd_rn(mean[i], __fmul_rn(eps[i], mbrl::ref_exp(log_std[i])));
    }
}

extern "C" __global__ void __launch_bounds__(DIST_THREADS)
    gaussian_sample_backward(const float* __restrict__ log_std, const float* __restrict__ eps,
                             const float* __restrict__ du, float* __restrict__ dmean, float* __restrict__ dlog_std,
                             long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const float g = du[i];
        if (dmean != nullptr) dmean[i] += g;
        if (dlog_std != nullptr) dlog_std[i] += __fmul_rn(__fmul_rn(g, eps[i]), mbrl::ref_exp(log_std[i]));
    }
}

extern "C" __global__ void __launch_bounds__(DIST_THREADS)
    gaussian_logprob_forward(const float* __restrict__ eps, const float* __restrict__ log_std, float* __restrict__ out,
                             int R, int A) {
    for (long long r = grid_start(); r < R; r += grid_stride()) {
        const float* er = eps + r * A;
        const float* lr = log_std + r * A;
        float s = 0.0f;
        for (int i = 0; i < A; ++i) {
            s = __fadd_rn(s, __fsub_rn(__fmul_rn(-0.5f, __fmul_rn(er[i], er[i])), lr[i]));
        }
        out[r] = __fsub_rn(s, __fmul_rn((float) A, mbrl::HALF_LOG_TWO_PI));
    }
}

extern "C" __global__ void __launch_bounds__(DIST_THREADS)
    gaussian_logprob_backward(const float* __restrict__ dout, float* __restrict__ dlog_std, int R, int A) {
    const long long n = (long long) R * A;
    for (long long i = grid_start(); i < n; i += grid_stride()) dlog_std[i] -= __ldg(dout + i / A);
}

extern "C" __global__ void __launch_bounds__(DIST_THREADS)
    tanh_squash_forward(const float* __restrict__ u, float* __restrict__ action, float* __restrict__ log_det, int R,
                        int A) {
    for (long long r = grid_start(); r < R; r += grid_stride()) {
        float s = 0.0f;
        for (int i = 0; i < A; ++i) {
            const float a = mbrl::ref_tanh(u[r * A + i]);
            action[r * A + i] = a;
            const float one_minus_a2 = __fsub_rn(1.0f, __fmul_rn(a, a));
            s = __fadd_rn(s, mbrl::ref_log(__fadd_rn(fmaxf(one_minus_a2, 0.0f), SQUASH_EPS)));
        }
        log_det[r] = s;
    }
}

extern "C" __global__ void __launch_bounds__(DIST_THREADS)
    tanh_squash_backward(const float* __restrict__ action, const float* __restrict__ daction,
                         const float* __restrict__ dlog_det, float* __restrict__ du, int R, int A) {
    const long long n = (long long) R * A;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const float a = action[i];
        const float one_minus_a2 = __fsub_rn(1.0f, __fmul_rn(a, a));
        float g = 0.0f;
        if (daction != nullptr) g = __fmul_rn(daction[i], one_minus_a2);
        if (dlog_det != nullptr && one_minus_a2 > 0.0f) {
            // d/du ln(relu(s) + eps) with s = 1 - a², ds/du = -2a(1 - a²)
            const float ds = __fmul_rn(__fmul_rn(-2.0f, a), one_minus_a2);
            g = __fadd_rn(g, __fmul_rn(__ldg(dlog_det + i / A), __fdiv_rn(ds, __fadd_rn(one_minus_a2, SQUASH_EPS))));
        }
        du[i] += g;
    }
}
