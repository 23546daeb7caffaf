/*
 * Op: loss: MSE, unit-variance Gaussian NLL, KL between diagonal Gaussians with free nats (PlaNet),
 *   BCE with logits, and TD-MPC2's two-hot discrete regression (encode, soft
 *   cross-entropy fused with its log-softmax, expectation), forward and backward.
 * Equation (per row; losses are not batch-reduced):
 *   mse:  out_r = Σ_c (pred - target)² / F;  dpred += dout_r·2(pred - target)/F, dtarget gets the negative.
 *   nll:  out_r = ½Σ_c (target - mean)² + F·HALF_LOG_TWO_PI (½ ln 2π);  dmean += dout_r·(mean - target),
 *         dtarget gets the negative.
 *   kl:   kl_r = Σ_j ln σp - ln σq + (σq² + d²)/(2σp²) - ½ with d = μq - μp (q posterior, p prior, σ the std),
 *         out_r = max(kl_r, free_nats) (PlaNet: per example, summed over the state dims);
 *         where out_r > free_nats, g = dout_r: dμq += g·d/σp², dμp -= g·d/σp², dσq += g·(σq/σp² - 1/σq),
 *         dσp += g·(1/σp - (σq² + d²)/σp³); rows where the clamp binds get no gradient.
 *   bce:  out = max(x,0) - x·t + ln(1 + exp(-|x|));  dlogits += dout·(sigmoid(x) - t).
 *   two_hot(x): y = clamp(symlog(x), vmin, vmax), t = (y - vmin)/bin_size, k = floor(t), f = t - k;
 *         weight 1-f on bin k, f on bin (k+1) mod V.
 *   soft_ce: out_r = -Σ_j two_hot(target_r)_j · log_softmax(logits_r)_j;
 *         dlogits += dout_r·(softmax(logits_r) - two_hot(target_r)).
 *   expectation: out_r = symexp(m), m = Σ_j softmax(logits_r)_j·center_j, center_j = vmin + j·bin_size;
 *         dlogits_j += dout_r·exp(|m|)·p_j·(center_j - m).
 *   Source: backend/LossOps; tdmpc2 common/math.py (two_hot, two_hot_inv, soft_ce); docs/tdmpc2.md#two-hot-and-symlog;
 *   google-research/planet planet/models/rssm.py (divergence) for kl, tfd.Normal(mean, 1) heads for nll.
 * Shapes: pred, target, mean (M, F); mse and nll out, dout (M); kl μq, σq, μp, σp and their grads (M, F),
 *   kl out, dout (M) (the arguments R, C carry M, F); bce logits, target, out, dout, dlogits (numel) flat;
 *   two-hot: logits, dlogits, encode out (M, V); target, x, out, dout (M). Dims: docs/dims.md#op-dims;
 *   the arguments R, C, K and n carry M, F, V and numel. Bins pass as
 *   (V, vmin, vmax, bin_size) with bin_size = Bins#binSize() computed on the host in float, so both
 *   backends use the same spacing bit for bit.
 * Reference: backend/cpu/CpuLossOps#mseForward, #mseBackward, #unitGaussianNllForward,
 *   #unitGaussianNllBackward, #gaussianKlForward, #gaussianKlBackward, #bceWithLogitsForward,
 *   #bceWithLogitsBackward, #twoHotEncode, #twoHotSoftCeForward, #twoHotSoftCeBackward,
 *   #twoHotExpectationForward, #twoHotExpectationBackward.
 * Tolerance: elementwise (bce, two_hot_encode, mse_backward): rtol = 2·2^-24, atol = 2^-24
 *   (double-evaluated transcendentals as ScalarMath; two_hot_encode can move weight between two
 *   adjacent bins by the ulp of symlog, a continuous change). Row reductions (mse, soft_ce,
 *   expectation and their backwards) use warp trees: rtol = 4·V·2^-24 (V = 101: ≈2.4e-5 worst case),
 *   atol = 1e-6; nll and kl rows (float64 on the CPU, float warp tree here): rtol = 4·F·2^-24,
 *   atol = 1e-5·F (kl terms cancel); kl_backward elementwise: rtol 8·2^-24, atol 4·2^-24 (a row
 *   whose kl lies within the forward tolerance of free_nats may flip its clamp); the expectation's symexp amplifies by exp(|m|): compare m-space when |m| > 5.
 * Launch: row ops (mse_forward, unit_gaussian_nll_forward, gaussian_kl_forward, two_hot_soft_ce_*, two_hot_expectation_*): block 256 = 8 warps,
 *   one warp per row, grid min(ceil(M/8), 65535) with a grid-stride loop. Elementwise
 *   (mse_backward, unit_gaussian_nll_backward, gaussian_kl_backward over M·F, bce_*, two_hot_encode over M·V): block 256, any grid (grid-stride).
 * Launcher checks: M, F, V >= 1 and products < 2^31; V >= 2, vmax > vmin (Bins); gradients
 *   accumulate; mse_backward takes null dpred or null dtarget (skip the launch when both are), nll
 *   and kl backwards likewise any null gradient; free_nats finite and >= 0.
 *   A NaN two-hot target writes a NaN row (encode) / NaN loss (the CPU's floor of NaN is 0; parity
 *   tests use finite targets).
 * Variants: none.
 * Entry points:
 *   - mse_forward(pred, target, out, R, C), mse_backward(pred, target, dout, dpred, dtarget, R, C)
 *   - unit_gaussian_nll_forward(mean, target, out, R, C), unit_gaussian_nll_backward(mean, target, dout, dmean, dtarget, R, C)
 *   - gaussian_kl_forward(mu_q, std_q, mu_p, std_p, out, R, C, free_nats)
 *   - gaussian_kl_backward(mu_q, std_q, mu_p, std_p, out, dout, dmu_q, dstd_q, dmu_p, dstd_p, R, C, free_nats)
 *   - bce_with_logits_forward(logits, target, out, n), bce_with_logits_backward(logits, target, dout, dlogits, n)
 *   - two_hot_encode_forward(x, out, R, K, vmin, vmax, bin_size)
 *   - two_hot_soft_ce_forward(logits, target, out, R, K, vmin, vmax, bin_size)
 *   - two_hot_soft_ce_backward(logits, target, dout, dlogits, R, K, vmin, vmax, bin_size)
 *   - two_hot_expectation_forward(logits, out, R, K, vmin, bin_size)
 *   - two_hot_expectation_backward(logits, dout, dlogits, R, K, vmin, bin_size)
 */
#include <math_constants.h>
#include "rowwise.cuh"

constexpr int LOSS_THREADS = 256;

namespace {

__device__ __forceinline__ long long grid_start() { return (long long) blockIdx.x * blockDim.x + threadIdx.x; }
__device__ __forceinline__ long long grid_stride() { return (long long) gridDim.x * blockDim.x; }

/** The two nonzero entries of two_hot(x): weight w0 on bin k0 and w1 on bin k1; nan for a NaN target. */
struct TwoHot {
    int k0, k1;
    float w0, w1;
    bool nan;
};

__device__ __forceinline__ TwoHot two_hot(float x, int K, float vmin, float vmax, float bin_size) {
    const float y = mbrl::java_min(mbrl::java_max(mbrl::symlog(x), vmin), vmax);
    TwoHot th;
    th.nan = y != y;
    const float t = (y - vmin) / bin_size;
    const float kf = floorf(t);
    const float f = t - kf;
    th.k0 = th.nan ? 0 : min(max((int) kf, 0), K - 1);
    th.k1 = (th.k0 + 1) % K;
    th.w0 = 1.0f - f;
    th.w1 = f;
    return th;
}

__device__ __forceinline__ float two_hot_at(const TwoHot& th, int j) {
    if (th.nan) return CUDART_NAN_F;
    return j == th.k0 ? th.w0 : (j == th.k1 ? th.w1 : 0.0f);
}

/** Bins#center(j) = vmin + j·bin_size, unfused as the Java float expression. */
__device__ __forceinline__ float bin_center(int j, float vmin, float bin_size) {
    return __fadd_rn(vmin, __fmul_rn((float) j, bin_size));
}

/** Row max and Σ exp(x - max) of a warp's row. */
__device__ __forceinline__ void row_softmax_stats(const float* xr, int K, float& m, float& s) {
    m = -INFINITY;
    for (int j = mbrl::lane_id(); j < K; j += mbrl::WARP_SIZE) m = mbrl::java_max(m, xr[j]);
    m = mbrl::warp_max(m);
    s = 0.0f;
    for (int j = mbrl::lane_id(); j < K; j += mbrl::WARP_SIZE) s += mbrl::ref_exp(xr[j] - m);
    s = mbrl::warp_sum(s);
}

/** m = Σ_j softmax_j · center_j of a warp's row, given its softmax stats. */
__device__ __forceinline__ float row_expectation(const float* xr, int K, float mx, float s, float vmin, float bin_size) {
    float acc = 0.0f;
    for (int j = mbrl::lane_id(); j < K; j += mbrl::WARP_SIZE) {
        acc += (mbrl::ref_exp(xr[j] - mx) / s) * bin_center(j, vmin, bin_size);
    }
    return mbrl::warp_sum(acc);
}

/** One dim's KL, each term in double as LossGaussianKl#term, rounded once. */
__device__ __forceinline__ float kl_term(float mu_q, float std_q, float mu_p, float std_p) {
    const double d = (double) mu_q - (double) mu_p;
    const double vq = (double) std_q * std_q;
    const double vp = (double) std_p * std_p;
    return (float) (log((double) std_p) - log((double) std_q) + (vq + d * d) / (2.0 * vp) - 0.5);
}

} // namespace

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    mse_forward(const float* __restrict__ pred, const float* __restrict__ target, float* __restrict__ out, int R, int C) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const long long base = (long long) r * C;
        float s = 0.0f;
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) {
            const float d = pred[base + c] - target[base + c];
            s += d * d;
        }
        s = mbrl::warp_sum(s);
        if (mbrl::lane_id() == 0) out[r] = s / (float) C;
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    mse_backward(const float* __restrict__ pred, const float* __restrict__ target, const float* __restrict__ dout,
                 float* __restrict__ dpred, float* __restrict__ dtarget, int R, int C) {
    const long long n = (long long) R * C;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const float g = __fdiv_rn(__fmul_rn(__fmul_rn(__ldg(dout + i / C), 2.0f), pred[i] - target[i]), (float) C);
        if (dpred != nullptr) dpred[i] += g;
        if (dtarget != nullptr) dtarget[i] -= g;
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    unit_gaussian_nll_forward(const float* __restrict__ mean, const float* __restrict__ target, float* __restrict__ out,
                              int R, int C) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const long long base = (long long) r * C;
        float s = 0.0f;
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) {
            const float d = target[base + c] - mean[base + c];
            s += d * d;
        }
        s = mbrl::warp_sum(s);
        if (mbrl::lane_id() == 0) out[r] = __fadd_rn(__fmul_rn(0.5f, s), __fmul_rn((float) C, mbrl::HALF_LOG_TWO_PI));
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    unit_gaussian_nll_backward(const float* __restrict__ mean, const float* __restrict__ target,
                               const float* __restrict__ dout, float* __restrict__ dmean, float* __restrict__ dtarget,
                               int R, int C) {
    const long long n = (long long) R * C;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const float g = __fmul_rn(__ldg(dout + i / C), mean[i] - target[i]);
        if (dmean != nullptr) dmean[i] += g;
        if (dtarget != nullptr) dtarget[i] -= g;
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    gaussian_kl_forward(const float* __restrict__ mu_q, const float* __restrict__ std_q, const float* __restrict__ mu_p,
                        const float* __restrict__ std_p, float* __restrict__ out, int R, int C, float free_nats) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const long long base = (long long) r * C;
        float s = 0.0f;
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) {
            s += kl_term(mu_q[base + c], std_q[base + c], mu_p[base + c], std_p[base + c]);
        }
        s = mbrl::warp_sum(s);
        if (mbrl::lane_id() == 0) out[r] = mbrl::java_max(s, free_nats);
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    gaussian_kl_backward(const float* __restrict__ mu_q, const float* __restrict__ std_q,
                         const float* __restrict__ mu_p, const float* __restrict__ std_p,
                         const float* __restrict__ out, const float* __restrict__ dout, float* __restrict__ dmu_q,
                         float* __restrict__ dstd_q, float* __restrict__ dmu_p, float* __restrict__ dstd_p, int R,
                         int C, float free_nats) {
    const long long n = (long long) R * C;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const long long r = i / C;
        if (!(__ldg(out + r) > free_nats)) continue; // the clamp binds: no gradient in this row
        const float g = __ldg(dout + r);
        const float q = std_q[i], p = std_p[i];
        const float d = mu_q[i] - mu_p[i];
        const float vp = __fmul_rn(p, p);
        const float dmu = __fmul_rn(g, __fdiv_rn(d, vp));
        const float dsq = __fmul_rn(g, __fsub_rn(__fdiv_rn(q, vp), __fdiv_rn(1.0f, q)));
        const float ss = __fadd_rn(__fmul_rn(q, q), __fmul_rn(d, d));
        const float dsp = __fmul_rn(g, __fsub_rn(__fdiv_rn(1.0f, p), __fdiv_rn(ss, __fmul_rn(vp, p))));
        if (dmu_q != nullptr) dmu_q[i] += dmu;
        if (dmu_p != nullptr) dmu_p[i] -= dmu;
        if (dstd_q != nullptr) dstd_q[i] += dsq;
        if (dstd_p != nullptr) dstd_p[i] += dsp;
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    bce_with_logits_forward(const float* __restrict__ logits, const float* __restrict__ target, float* __restrict__ out,
                            long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const float x = logits[i];
        const float softplus_neg_abs = (float) log1p(exp(-(double) fabsf(x)));
        out[i] = (fmaxf(x, 0.0f) - __fmul_rn(x, target[i])) + softplus_neg_abs;
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    bce_with_logits_backward(const float* __restrict__ logits, const float* __restrict__ target,
                             const float* __restrict__ dout, float* __restrict__ dlogits, long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        dlogits[i] += __fmul_rn(dout[i], mbrl::sigmoid(logits[i]) - target[i]);
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    two_hot_encode_forward(const float* __restrict__ x, float* __restrict__ out, int R, int K, float vmin, float vmax,
                           float bin_size) {
    const long long n = (long long) R * K;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const int r = (int) (i / K);
        out[i] = two_hot_at(two_hot(__ldg(x + r), K, vmin, vmax, bin_size), (int) (i % K));
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    two_hot_soft_ce_forward(const float* __restrict__ logits, const float* __restrict__ target, float* __restrict__ out,
                            int R, int K, float vmin, float vmax, float bin_size) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const float* xr = logits + (long long) r * K;
        float m, s;
        row_softmax_stats(xr, K, m, s);
        if (mbrl::lane_id() == 0) {
            const float lse = mbrl::ref_log(s);
            const TwoHot th = two_hot(__ldg(target + r), K, vmin, vmax, bin_size);
            const float lp0 = (xr[th.k0] - m) - lse;
            const float lp1 = (xr[th.k1] - m) - lse;
            out[r] = th.nan ? CUDART_NAN_F : -(__fmul_rn(th.w0, lp0) + __fmul_rn(th.w1, lp1));
        }
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    two_hot_soft_ce_backward(const float* __restrict__ logits, const float* __restrict__ target,
                             const float* __restrict__ dout, float* __restrict__ dlogits, int R, int K, float vmin,
                             float vmax, float bin_size) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const float* xr = logits + (long long) r * K;
        float* dr = dlogits + (long long) r * K;
        float m, s;
        row_softmax_stats(xr, K, m, s);
        const TwoHot th = two_hot(__ldg(target + r), K, vmin, vmax, bin_size);
        const float g = __ldg(dout + r);
        for (int j = mbrl::lane_id(); j < K; j += mbrl::WARP_SIZE) {
            const float p = mbrl::ref_exp(xr[j] - m) / s;
            dr[j] += __fmul_rn(g, p - two_hot_at(th, j));
        }
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    two_hot_expectation_forward(const float* __restrict__ logits, float* __restrict__ out, int R, int K, float vmin,
                                float bin_size) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const float* xr = logits + (long long) r * K;
        float mx, s;
        row_softmax_stats(xr, K, mx, s);
        const float m = row_expectation(xr, K, mx, s, vmin, bin_size);
        if (mbrl::lane_id() == 0) out[r] = mbrl::symexp(m);
    }
}

extern "C" __global__ void __launch_bounds__(LOSS_THREADS)
    two_hot_expectation_backward(const float* __restrict__ logits, const float* __restrict__ dout,
                                 float* __restrict__ dlogits, int R, int K, float vmin, float bin_size) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const float* xr = logits + (long long) r * K;
        float* dr = dlogits + (long long) r * K;
        float mx, s;
        row_softmax_stats(xr, K, mx, s);
        const float m = row_expectation(xr, K, mx, s, vmin, bin_size);
        const float scale = __fmul_rn(__ldg(dout + r), mbrl::ref_exp(fabsf(m)));
        for (int j = mbrl::lane_id(); j < K; j += mbrl::WARP_SIZE) {
            const float p = mbrl::ref_exp(xr[j] - mx) / s;
            dr[j] += scale * p * (bin_center(j, vmin, bin_size) - m);
        }
    }
}
