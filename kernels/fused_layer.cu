/*
 * Op: fused_layer: the TD-MPC2 layer epilogue after its GEMM: bias, dropout, LayerNorm and
 *   Mish | SimNorm | identity per row, forward and backward.
 * Equation: u = dropout_p(x·w^T + b) (the GEMM, ensemble_linear_forward_*, writes x·w^T + b into u
 *   first); h = LayerNorm(u)·gamma + beta (eps); y = act(h). Backward: dh = act'(dy); du = LayerNorm
 *   backward of dh·gamma; dpre = du·m (m = keep·s), the gradient of x·w^T + b; then dgamma += Σ dh·x̂,
 *   dbeta += Σ dh, db += Σ dpre (fused_layer_backward_params) and dx += dpre·w, dw += dpre^T·x
 *   (ensemble_linear_backward_*). Source: backend/DenseOps#fusedLayerForward; tdmpc2
 *   common/layers.py NormedLinear (dropout before LayerNorm, LayerNorm eps 1e-5), SimNorm; docs/tdmpc2.md#building-blocks.
 * Shapes (row-major): dims as docs/dims.md#op-dims; the arguments R and N carry E·M and F.
 *   E·M rows of F features; u, y, dy, dh, dpre (E, M, F) = (E·M, F); mean, rstd (E·M);
 *   gamma, beta, dgamma, dbeta, db (E, F) (plain layer: E = 1); row r belongs to head r / M
 *   (rows_per_head = M). act codes are backend/Activation ordinals (ActivationCode below);
 *   simnorm_dim divides F. Dropout element i = r·F + c of u reads lane i % 4 of Philox block
 *   key.counter + key_offset + i / 4 (so heads draw independent masks, as torch.vmap with
 *   randomness="different"); keep_i = u_i >= p; u = u·m, m = keep·s, s = 1/(1 - p) rounded once
 *   (backend/cpu/RandomDropout#mask), multiplied rather than zeroed, so a dropped NaN stays NaN
 *   as in RandomOps#dropoutForward and PyTorch.
 * Reference: backend/cpu/CpuDenseOps#fusedLayerForward, #fusedLayerBackward (the GEMM parts as in
 *   ensemble_linear.cu).
 * Tolerance: LayerNorm row sums are warp trees: rtol = 4·F·2^-24 relative to max|y| (≈1.2e-4 worst case
 *   for F = 512, typically ~1e-6), plus the GEMM's TF32 error propagated through the normalization
 *   (the parity test feeds both backends the same u to separate the two). Mish/SimNorm mirror
 *   ScalarMath in double: 2·2^-24 on their own. Dropout masks are bit-exact. Param grads:
 *   rtol = 4·M·2^-24 relative to Σ|terms|.
 * Launch: fused_layer_forward / fused_layer_backward: block 256 = 8 warps, one warp per row, grid
 *   min(ceil(E·M/8), 65535) with a grid-stride loop. fused_layer_backward_params: block 256, grid
 *   (ceil(F/32), E).
 * CUDA graphs: the dropout key is read from device memory (PhiloxDeviceKey*, see philox.cuh) plus
 *   key_offset fixed at capture; the backward must run before the key's counter is advanced, since
 *   it regenerates the mask from the same key. p = 0 (no dropout, eval mode) never reads the key.
 * Launcher checks: E·M, F >= 1, E·M·F < 2^31; 0 <= p < 1 (DropoutSpec); key non-null when p > 0;
 *   act a valid ordinal; for SIMNORM, 1 <= simnorm_dim and F % simnorm_dim == 0; gamma/beta may be
 *   null (no affine);
 *   mean/rstd non-null (backward needs them); dh and dpre are scratch (E·M, F) outputs (overwritten);
 *   dgamma/dbeta/db accumulate and may be null (skip the params launch when all three are).
 * Variants: none.
 * Entry points:
 *   - fused_layer_forward(u, key, key_offset, p, gamma, beta, eps, act, simnorm_dim, y, mean, rstd,
 *       R, N, rows_per_head): applies dropout to u in place, writes y, mean, rstd.
 *   - fused_layer_backward(u, y, mean, rstd, gamma, beta, act, simnorm_dim, dy, key, key_offset, p,
 *       dh, dpre, R, N, rows_per_head): writes dh and dpre.
 *   - fused_layer_backward_params(u, mean, rstd, dh, dpre, dgamma, dbeta, db, E, M, N): accumulates.
 */
#include "philox.cuh"
#include "rowwise.cuh"

/** backend/Activation ordinals. */
enum ActivationCode : int { ACT_IDENTITY = 0, ACT_MISH = 1, ACT_SIMNORM = 2 };

constexpr int FUSED_THREADS = 256;
/** Columns per block of the parameter-gradient sums. */
constexpr int FUSED_PARAM_COLS = 32;

namespace {

__device__ __forceinline__ const float* head_row(const float* p, int e, int N) {
    return p != nullptr ? p + (long long) e * N : nullptr;
}

} // namespace

extern "C" __global__ void __launch_bounds__(FUSED_THREADS)
    fused_layer_forward(float* __restrict__ u, const mbrl::PhiloxDeviceKey* __restrict__ key,
                        unsigned long long key_offset, float p, const float* __restrict__ gamma,
                        const float* __restrict__ beta, float eps, int act, int simnorm_dim, float* __restrict__ y,
                        float* __restrict__ mean, float* __restrict__ rstd, int R, int N, int rows_per_head) {
    const bool dropout = p > 0.0f;
    const mbrl::PhiloxDeviceKey k = dropout ? mbrl::load_key(key) : mbrl::PhiloxDeviceKey{0, 0, 0};
    const int lane = mbrl::lane_id();
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const int e = r / rows_per_head;
        const float* g = head_row(gamma, e, N);
        const float* b = head_row(beta, e, N);
        float* ur = u + (long long) r * N;
        float* yr = y + (long long) r * N;
        if (dropout) {
            const float scale = __fdiv_rn(1.0f, __fsub_rn(1.0f, p));
            for (int c = lane; c < N; c += mbrl::WARP_SIZE) {
                const float m = mbrl::dropout_keep(k, key_offset, (unsigned long long) r * N + c, p) ? scale : 0.0f;
                ur[c] = __fmul_rn(ur[c], m);
            }
            __syncwarp();
        }
        float mu, rs;
        mbrl::layernorm_stats(ur, N, eps, mu, rs);
        for (int c = lane; c < N; c += mbrl::WARP_SIZE) {
            const float h = mbrl::layernorm_affine(mbrl::layernorm_xhat(ur[c], mu, rs), g, b, c);
            yr[c] = act == ACT_MISH ? mbrl::mish(h) : h;
        }
        if (act == ACT_SIMNORM) {
            __syncwarp();
            for (int grp = lane; grp < N / simnorm_dim; grp += mbrl::WARP_SIZE) {
                mbrl::group_softmax_inplace(yr + grp * simnorm_dim, simnorm_dim);
            }
        }
        if (lane == 0) {
            mean[r] = mu;
            rstd[r] = rs;
        }
        __syncwarp();
    }
}

extern "C" __global__ void __launch_bounds__(FUSED_THREADS)
    fused_layer_backward(const float* __restrict__ u, const float* __restrict__ y, const float* __restrict__ mean,
                         const float* __restrict__ rstd, const float* __restrict__ gamma, const float* __restrict__ beta,
                         int act, int simnorm_dim, const float* __restrict__ dy,
                         const mbrl::PhiloxDeviceKey* __restrict__ key, unsigned long long key_offset, float p,
                         float* __restrict__ dh, float* __restrict__ dpre, int R, int N, int rows_per_head) {
    const bool dropout = p > 0.0f;
    const mbrl::PhiloxDeviceKey k = dropout ? mbrl::load_key(key) : mbrl::PhiloxDeviceKey{0, 0, 0};
    const int lane = mbrl::lane_id();
    for (int r = mbrl::warp_row(); r < R; r += mbrl::warp_row_stride()) {
        const int e = r / rows_per_head;
        const float* g = head_row(gamma, e, N);
        const float* b = head_row(beta, e, N);
        const long long base = (long long) r * N;
        const float* ur = u + base;
        const float* dyr = dy + base;
        float* dhr = dh + base;
        float* dpr = dpre + base;
        const float mu = __ldg(mean + r);
        const float rs = __ldg(rstd + r);

        // dh = act'(dy)
        if (act == ACT_SIMNORM) {
            const float* yr = y + base;
            for (int grp = lane; grp < N / simnorm_dim; grp += mbrl::WARP_SIZE) {
                const int c0 = grp * simnorm_dim;
                mbrl::group_softmax_backward(yr + c0, dyr + c0, simnorm_dim,
                                             [&](int j, float v) { dhr[c0 + j] = v; });
            }
        } else {
            for (int c = lane; c < N; c += mbrl::WARP_SIZE) {
                float d = dyr[c];
                if (act == ACT_MISH) {
                    const float h = mbrl::layernorm_affine(mbrl::layernorm_xhat(ur[c], mu, rs), g, b, c);
                    d = d * mbrl::mish_grad(h);
                }
                dhr[c] = d;
            }
        }
        __syncwarp();

        // du = LayerNorm backward of dh·gamma; dpre = du·m
        const float scale = __fdiv_rn(1.0f, __fsub_rn(1.0f, p));
        mbrl::layernorm_row_backward(
            N, rs, [&](int c) { return dhr[c] * (g != nullptr ? __ldg(g + c) : 1.0f); },
            [&](int c) { return mbrl::layernorm_xhat(ur[c], mu, rs); },
            [&](int c, float du) {
                if (dropout) {
                    const float m = mbrl::dropout_keep(k, key_offset, (unsigned long long) base + c, p) ? scale : 0.0f;
                    du = __fmul_rn(du, m);
                }
                dpr[c] = du;
            });
        __syncwarp();
    }
}

extern "C" __global__ void __launch_bounds__(FUSED_THREADS)
    fused_layer_backward_params(const float* __restrict__ u, const float* __restrict__ mean,
                                const float* __restrict__ rstd, const float* __restrict__ dh,
                                const float* __restrict__ dpre, float* __restrict__ dgamma, float* __restrict__ dbeta,
                                float* __restrict__ db, int E, int M, int N) {
    __shared__ float scratch[FUSED_THREADS];
    const int e = blockIdx.y;
    const int c0 = blockIdx.x * FUSED_PARAM_COLS;
    const int c = c0 + (int) threadIdx.x;
    const bool writer = (int) threadIdx.x < FUSED_PARAM_COLS && c < N && e < E;
    const long long head = (long long) e * M;  // first row of this head
    const long long out = (long long) e * N + c;
    if (dgamma != nullptr) {
        const float s = mbrl::column_tile_sum(
            [&](int m, int j) {
                if (c0 + j >= N) return 0.0f;
                const long long row = head + m;
                const long long i = row * N + c0 + j;
                return __ldg(dh + i) * mbrl::layernorm_xhat(__ldg(u + i), __ldg(mean + row), __ldg(rstd + row));
            },
            M, FUSED_PARAM_COLS, scratch);
        if (writer) dgamma[out] += s;
    }
    if (dbeta != nullptr) {
        const float s = mbrl::column_tile_sum(
            [&](int m, int j) { return c0 + j < N ? __ldg(dh + (head + m) * N + c0 + j) : 0.0f; }, M,
            FUSED_PARAM_COLS, scratch);
        if (writer) dbeta[out] += s;
    }
    if (db != nullptr) {
        const float s = mbrl::column_tile_sum(
            [&](int m, int j) { return c0 + j < N ? __ldg(dpre + (head + m) * N + c0 + j) : 0.0f; }, M,
            FUSED_PARAM_COLS, scratch);
        if (writer) db[out] += s;
    }
}
