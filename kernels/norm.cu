/*
 * Op: norm: LayerNorm, SimNorm, softmax and log-softmax over the last dim, forward and backward.
 * Equation: layernorm y = (x - mean)·rstd·gamma + beta, mean = Σx/F, rstd = 1/sqrt(Σ(x-mean)²/F + eps)
 *   (PyTorch LayerNorm, biased variance); backward dx += rstd·(g - mean(g) - x̂·mean(g·x̂)), g = dy·gamma,
 *   dgamma += Σ_rows dy·x̂, dbeta += Σ_rows dy. simnorm: softmax within consecutive groups of
 *   simnorm_dim (tdmpc2 common/layers.py: SimNorm, simnorm_dim = 8). softmax: exp(x - max)/Σ; backward
 *   dx += y·(dy - Σ y·dy). log_softmax: y = x - max - ln Σ exp(x - max); backward dx += dy - exp(y)·Σdy.
 *   Source: backend/NormOps.
 * Shapes: x, y, dy, dx (M, F) row-major (M = all leading dims flattened); gamma, beta, dgamma,
 *   dbeta (F) or null; mean, rstd (M) or null (not saved); simnorm: F % simnorm_dim == 0,
 *   groups = M·F/simnorm_dim. Dims: docs/dims.md#op-dims; the arguments R, C and G carry M, F and
 *   simnorm_dim.
 * Reference: backend/cpu/CpuNormOps#layerNormForward, #layerNormBackward, #simNormForward,
 *   #simNormBackward, #softmaxForward, #softmaxBackward, #logSoftmaxForward, #logSoftmaxBackward.
 * Tolerance: row reductions are warp trees against the CPU's sequential sums: rtol = 4·F·2^-24 (for
 *   F = 512 about 1.2e-4 worst case, typically far less), atol = 1e-6·max|y|. simnorm runs one thread
 *   per group in the CPU's order: rtol = 4·2^-24. Parameter grads: rtol = 4·M·2^-24 relative to Σ|terms|.
 * Launch: row ops (layernorm_forward/backward, softmax*, log_softmax*): block 256 = 8 warps, one
 *   warp per row, grid min(ceil(M/8), 65535) with a grid-stride loop. layernorm_backward_params:
 *   block 256, grid ceil(F/32) (cb = 32 columns per block; any F). simnorm*: block 256, one thread
 *   per group, any grid (grid-stride).
 * Launcher checks: F >= 1, M >= 1, M·F < 2^31; simnorm F % simnorm_dim == 0 and simnorm_dim >= 1; backward grads
 *   accumulate, null means skipped (layernorm_backward skips when dx is null; launch
 *   layernorm_backward_params only when dgamma or dbeta is non-null); y may alias x for the
 *   forwards (each lane rereads only its own elements before writing them).
 * Variants: none.
 * Entry points:
 *   - layernorm_forward(x, gamma, beta, eps, y, mean, rstd, R, C)
 *   - layernorm_backward(x, gamma, mean, rstd, dy, dx, R, C): dx part.
 *   - layernorm_backward_params(x, mean, rstd, dy, dgamma, dbeta, R, C): column sums.
 *   - simnorm_forward(x, y, groups, G), simnorm_backward(y, dy, dx, groups, G)
 *   - softmax_forward(x, y, R, C), softmax_backward(y, dy, dx, R, C)
 *   - log_softmax_forward(x, y, R, C), log_softmax_backward(y, dy, dx, R, C)
 */
#include "rowwise.cuh"

constexpr int NORM_THREADS = 256;
/** Columns per block of the parameter-gradient sums: one warp-wide coalesced run. */
constexpr int NORM_PARAM_COLS = 32;

extern "C" __global__ void __launch_bounds__(NORM_THREADS)
    layernorm_forward(const float* x, const float* __restrict__ gamma, const float* __restrict__ beta, float eps,
                      float* y, float* __restrict__ mean, float* __restrict__ rstd, int R, int C) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const float* xr = x + (long long) r * C;
        float* yr = y + (long long) r * C;
        float mu, rs;
        mbrl::layernorm_stats(xr, C, eps, mu, rs);
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) {
            yr[c] = mbrl::layernorm_affine(mbrl::layernorm_xhat(xr[c], mu, rs), gamma, beta, c);
        }
        if (mbrl::lane_id() == 0) {
            if (mean != nullptr) mean[r] = mu;
            if (rstd != nullptr) rstd[r] = rs;
        }
    }
}

extern "C" __global__ void __launch_bounds__(NORM_THREADS)
    layernorm_backward(const float* __restrict__ x, const float* __restrict__ gamma, const float* __restrict__ mean,
                       const float* __restrict__ rstd, const float* __restrict__ dy, float* __restrict__ dx, int R,
                       int C) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const float* xr = x + (long long) r * C;
        const float* dyr = dy + (long long) r * C;
        float* dxr = dx + (long long) r * C;
        const float mu = __ldg(mean + r);
        const float rs = __ldg(rstd + r);
        mbrl::layernorm_row_backward(
            C, rs, [&](int c) { return dyr[c] * (gamma != nullptr ? __ldg(gamma + c) : 1.0f); },
            [&](int c) { return mbrl::layernorm_xhat(xr[c], mu, rs); }, [&](int c, float g) { dxr[c] += g; });
    }
}

extern "C" __global__ void __launch_bounds__(NORM_THREADS)
    layernorm_backward_params(const float* __restrict__ x, const float* __restrict__ mean,
                              const float* __restrict__ rstd, const float* __restrict__ dy, float* __restrict__ dgamma,
                              float* __restrict__ dbeta, int R, int C) {
    __shared__ float scratch[NORM_THREADS];
    const int c0 = blockIdx.x * NORM_PARAM_COLS;
    const int c = c0 + (int) threadIdx.x;
    if (dgamma != nullptr) {
        const float s = mbrl::column_tile_sum(
            [&](int r, int j) {
                if (c0 + j >= C) return 0.0f;
                const long long i = (long long) r * C + c0 + j;
                return __ldg(dy + i) * mbrl::layernorm_xhat(__ldg(x + i), __ldg(mean + r), __ldg(rstd + r));
            },
            R, NORM_PARAM_COLS, scratch);
        if ((int) threadIdx.x < NORM_PARAM_COLS && c < C) dgamma[c] += s;
    }
    if (dbeta != nullptr) {
        const float s = mbrl::column_tile_sum(
            [&](int r, int j) { return c0 + j < C ? __ldg(dy + (long long) r * C + c0 + j) : 0.0f; }, R,
            NORM_PARAM_COLS, scratch);
        if ((int) threadIdx.x < NORM_PARAM_COLS && c < C) dbeta[c] += s;
    }
}

extern "C" __global__ void __launch_bounds__(NORM_THREADS)
    simnorm_forward(const float* x, float* y, long long groups, int G) {
    for (long long g = (long long) blockIdx.x * blockDim.x + threadIdx.x; g < groups;
         g += (long long) gridDim.x * blockDim.x) {
        const float* xg = x + g * G;
        float* yg = y + g * G;
        for (int j = 0; j < G; ++j) yg[j] = xg[j];
        mbrl::group_softmax_inplace(yg, G);
    }
}

extern "C" __global__ void __launch_bounds__(NORM_THREADS)
    simnorm_backward(const float* __restrict__ y, const float* __restrict__ dy, float* __restrict__ dx, long long groups,
                     int G) {
    for (long long g = (long long) blockIdx.x * blockDim.x + threadIdx.x; g < groups;
         g += (long long) gridDim.x * blockDim.x) {
        float* dxg = dx + g * G;
        mbrl::group_softmax_backward(y + g * G, dy + g * G, G, [&](int j, float v) { dxg[j] += v; });
    }
}

extern "C" __global__ void __launch_bounds__(NORM_THREADS) softmax_forward(const float* x, float* y, int R, int C) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const float* xr = x + (long long) r * C;
        float* yr = y + (long long) r * C;
        float m = -INFINITY;
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) m = mbrl::java_max(m, xr[c]);
        m = mbrl::warp_max(m);
        float s = 0.0f;
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) {
            const float e = mbrl::ref_exp(xr[c] - m);
            yr[c] = e;
            s += e;
        }
        s = mbrl::warp_sum(s);
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) yr[c] = yr[c] / s;
    }
}

extern "C" __global__ void __launch_bounds__(NORM_THREADS)
    softmax_backward(const float* __restrict__ y, const float* __restrict__ dy, float* __restrict__ dx, int R, int C) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const float* yr = y + (long long) r * C;
        const float* dyr = dy + (long long) r * C;
        float* dxr = dx + (long long) r * C;
        float s = 0.0f;
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) s += yr[c] * dyr[c];
        s = mbrl::warp_sum(s);
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) dxr[c] += yr[c] * (dyr[c] - s);
    }
}

extern "C" __global__ void __launch_bounds__(NORM_THREADS) log_softmax_forward(const float* x, float* y, int R, int C) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const float* xr = x + (long long) r * C;
        float* yr = y + (long long) r * C;
        float m = -INFINITY;
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) m = mbrl::java_max(m, xr[c]);
        m = mbrl::warp_max(m);
        float s = 0.0f;
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) s += mbrl::ref_exp(xr[c] - m);
        const float lse = mbrl::ref_log(mbrl::warp_sum(s));
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) yr[c] = (xr[c] - m) - lse;
    }
}

extern "C" __global__ void __launch_bounds__(NORM_THREADS)
    log_softmax_backward(const float* __restrict__ y, const float* __restrict__ dy, float* __restrict__ dx, int R,
                         int C) {
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const float* yr = y + (long long) r * C;
        const float* dyr = dy + (long long) r * C;
        float* dxr = dx + (long long) r * C;
        float s = 0.0f;
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) s += dyr[c];
        s = mbrl::warp_sum(s);
        for (int c = mbrl::lane_id(); c < C; c += mbrl::WARP_SIZE) dxr[c] += dyr[c] - mbrl::ref_exp(yr[c]) * s;
    }
}
