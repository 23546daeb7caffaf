/*
 * Op: topk: the K largest entries of each row, descending, and the backward scatter; elite_refit: the
 *   planner's elite step (top-K, softmax weights, weighted mean and std refit) in one launch.
 * Equation: values[r, j] = x[r, indices[r, j]], j-th largest by (value desc, index asc), NaN lowest,
 *   -0.0 == +0.0; backward dx[r, indices[r, j]] += dvalues[r, j]. Source: backend/SelectOps#topk
 *   (torch.topk(sorted=True) with a deterministic tie rule); docs/planner.md#plan-algorithm step 8 (elite_indices).
 *   elite_refit, per episode e: idx = topk(scores[e], K); es = scores[e, idx]; w = softmax(es / temperature);
 *   mean[e, d] = Σ_k w_k·a[e, idx_k, d]; std[e, d] = clamp(sqrt(Σ_k w_k·(a[e, idx_k, d] - mean[e, d])²),
 *   std_min, std_max). Source: docs/planner.md#plan-algorithm steps 8-10 (agent/planner/EliteRefit).
 * Shapes: x, dx (M, F) row-major; values, dvalues (M, K); indices (I32, M, K); 1 <= K <= F (the
 *   planner: F = C candidates, K elites). Dims: docs/dims.md#op-dims; the arguments R, C and k carry
 *   M, F and K. elite_refit: scores (M, F) with M = E episodes and F = C candidates, actions (M, F, D)
 *   with D = T·A, elite_idx (I32, M, K), elite_scores and weights (M, K), mean and std (M, D); the
 *   arguments E, C, D, K.
 * Reference: backend/cpu/CpuSelectOps#topk, #topkBackward; #eliteRefit (backend/cpu/CpuEliteRefit: the
 *   planner's unfused sequence topk, div, softmax, index_select, GEMM, sub, mul, GEMM, exp(0.5·ln), clamp).
 * Tolerance: topk exact (atol 0, rtol 0): values are copies and the ranking is a total order (topk.cuh);
 *   the CPU must compare numerically (Java primitive >, ==), not by Float.compare (which orders
 *   -0.0 below +0.0 and would change tie-breaking between zeros). elite_refit: elite_idx and
 *   elite_scores exact (the same order); weights rtol 4·K·2^-24, atol 1e-7 (block-tree max and sum
 *   against the CPU's vector softmax, exp within 1 ulp); mean and std rtol 4·K·2^-24 relative to
 *   max|a|, atol 1e-6 (sequential sums in elite order against the CPU GEMM's blocking; sqrtf against
 *   exp(0.5·ln x), both within 1 ulp).
 * Launch: topk_forward: one block per row (grid min(M, 65535), grid-stride over rows), a block of
 *   min(1024, max(32, nextPow2(F)/2)) threads, dynamic shared memory nextPow2(F)·8 bytes (a bitonic sort
 *   of u64 keys). topk_backward: block 256, any grid over M·K. elite_refit_forward: one block of 256
 *   threads per episode (grid min(M, 65535), grid-stride), dynamic shared memory nextPow2(F)·8 + K·4 bytes.
 * Launcher checks: 1 <= K <= F; nextPow2(F)·8 bytes <= the device's opt-in shared-memory limit
 *   (F <= 6144 with the default 48 KB; above 48 KB the launcher must raise
 *   CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES first: F <= 16384 fits 128 KB on sm_80/sm_90);
 *   indices of a row are distinct (they are when they come from topk_forward), so the backward needs
 *   no atomics. elite_refit: temperature finite and > 0, std_min <= std_max, nextPow2(F)·8 + K·4 bytes
 *   plus the 128 static bytes fit; outputs disjoint from the inputs.
 * Variants: none.
 * Entry points:
 *   - topk_forward(x, values, indices, R, C, k)
 *   - topk_backward(indices, dvalues, dx, R, C, k): accumulates.
 *   - elite_refit_forward(scores, actions, E, C, D, K, temperature, std_min, std_max, elite_idx, elite_scores,
 *       weights, mean, std)
 */
#include "math.cuh"
#include "reduce.cuh"
#include "topk.cuh"

constexpr int TOPK_BACKWARD_THREADS = 256;
constexpr int TOPK_MAX_THREADS = 1024;
constexpr int ELITE_REFIT_THREADS = 256;

extern "C" __global__ void __launch_bounds__(TOPK_MAX_THREADS)
    topk_forward(const float* __restrict__ x, float* __restrict__ values, int* __restrict__ indices, int R, int C,
                 int k) {
    extern __shared__ unsigned long long topk_keys[];
    const int n = mbrl::next_pow2(C);
    for (int r = blockIdx.x; r < R; r += gridDim.x) {
        const float* xr = x + (long long) r * C;
        mbrl::block_sort_row_desc(xr, C, topk_keys, n);
        for (int j = threadIdx.x; j < k; j += blockDim.x) {
            const int idx = mbrl::topk_key_index(topk_keys[j]);
            values[(long long) r * k + j] = xr[idx];
            indices[(long long) r * k + j] = idx;
        }
        __syncthreads();  // the next row reuses topk_keys
    }
}

extern "C" __global__ void __launch_bounds__(TOPK_BACKWARD_THREADS)
    topk_backward(const int* __restrict__ indices, const float* __restrict__ dvalues, float* __restrict__ dx, int R,
                  int C, int k) {
    const long long n = (long long) R * k;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        const long long r = i / k;
        const int idx = indices[i];
        if (idx >= 0 && idx < C) dx[r * C + idx] += dvalues[i];
    }
}

extern "C" __global__ void __launch_bounds__(ELITE_REFIT_THREADS)
    elite_refit_forward(const float* __restrict__ scores, const float* __restrict__ actions, int E, int C, int D,
                        int K, float temperature, float std_min, float std_max, int* __restrict__ elite_idx,
                        float* __restrict__ elite_scores, float* __restrict__ weights, float* __restrict__ mean,
                        float* __restrict__ std) {
    extern __shared__ unsigned long long elite_keys[];
    __shared__ float scratch[mbrl::MAX_BLOCK_WARPS];
    const int n = mbrl::next_pow2(C);
    float* w = reinterpret_cast<float*>(elite_keys + n);  // K weights after the keys
    for (int e = blockIdx.x; e < E; e += gridDim.x) {
        const float* se = scores + (long long) e * C;
        const float* ae = actions + (long long) e * C * D;
        // 1. top-K: sort (score, index) keys descending
        mbrl::block_sort_row_desc(se, C, elite_keys, n);
        // 2. elite scores / temperature
        float local_max = -INFINITY;
        for (int k = threadIdx.x; k < K; k += blockDim.x) {
            const int idx = mbrl::topk_key_index(elite_keys[k]);
            const float s = se[idx];
            elite_idx[(long long) e * K + k] = idx;
            elite_scores[(long long) e * K + k] = s;
            w[k] = s / temperature;
            local_max = mbrl::java_max(local_max, w[k]);
        }
        // 3. softmax over the K elites, max-subtracted
        const float m = mbrl::block_max(local_max, scratch);
        float local_sum = 0.0f;
        for (int k = threadIdx.x; k < K; k += blockDim.x) {
            const float x = mbrl::ref_exp(w[k] - m);
            w[k] = x;
            local_sum += x;
        }
        const float z = mbrl::block_sum(local_sum, scratch);
        for (int k = threadIdx.x; k < K; k += blockDim.x) {
            w[k] = w[k] / z;
            weights[(long long) e * K + k] = w[k];
        }
        __syncthreads();
        // 4. weighted mean and std per action coordinate, k in elite order
        for (int d = threadIdx.x; d < D; d += blockDim.x) {
            float mu = 0.0f;
            for (int k = 0; k < K; ++k) {
                mu += w[k] * ae[(long long) mbrl::topk_key_index(elite_keys[k]) * D + d];
            }
            float var = 0.0f;
            for (int k = 0; k < K; ++k) {
                const float diff = ae[(long long) mbrl::topk_key_index(elite_keys[k]) * D + d] - mu;
                var += w[k] * (diff * diff);
            }
            mean[(long long) e * D + d] = mu;
            std[(long long) e * D + d] = mbrl::java_min(mbrl::java_max(sqrtf(var), std_min), std_max);
        }
        __syncthreads();  // the next episode reuses elite_keys and w
    }
}
