/*
 * Op: elite: the planner's elite step (spec 000, Planner.plan steps 8-10) in one kernel: top-K of
 *   the candidate scores, softmax weights at a temperature, and the weighted mean and std refit of
 *   the elite action sequences, std clamped.
 * Equation: elite = topk(scores, K) (descending, ties to the smaller index, NaN lowest);
 *   w = softmax(scores[elite] / temperature);
 *   mean_d = Σ_k w_k·a[elite_k, d];  std_d = clamp(sqrt(Σ_k w_k·(a[elite_k, d] - mean_d)²), std_min, std_max).
 *   Source: spec 000 "Planner Class" steps 8-10 (the division by temperature is the spec's; the
 *   tdmpc2 reference multiplies, tdmpc2-facts §5.2 — the spec governs here).
 * Shapes: scores (N) = values + lambda·disagreement for the E = S + N candidates (here N counts all
 *   of them); actions (N, D) row-major with D = T·A (actions_cat (E, T, A) flattened); outputs
 *   elite_idx (I32, K), elite_scores (K) raw scores of the elites (for PlannerBasicInfo), weights (K),
 *   mean (D), std (D). weights feed categorical_forward (random.cu) for the training-mode action choice.
 * Reference: the planner's CPU path, composed of backend/cpu/CpuSelectOps#topk,
 *   backend/cpu/CpuNormOps#softmaxForward and the weighted refit (agent planner package; spec 000).
 * Tolerance: elite_idx, elite_scores exact (same total order as select.cu). weights: rtol = 4·K·2^-24
 *   (block-tree max and sum), atol = 1e-7. mean/std: sums over k run sequentially in elite order as
 *   the CPU loop, so rtol = 4·K·2^-24 relative to max|a| carried from the weights, atol = 1e-6.
 * Launch: one block, T = 1024 threads (any power of two >= 32 works), grid 1, dynamic shared memory
 *   nextPow2(N)·8 + K·4 bytes.
 * Launcher checks: 1 <= K <= N; K <= 1024; temperature > 0; std_min <= std_max; nextPow2(N)·8 + K·4
 *   bytes fits shared memory (N <= 4096 within 48 KB; raise the dynamic limit above that);
 *   NaN scores should be replaced (tdmpc2 uses nan_to_num) before this kernel if fewer than K finite
 *   candidates are possible, since a NaN elite makes every weight NaN.
 * Variants: none.
 * Entry points:
 *   - elite_forward(scores, actions, N, D, K, temperature, std_min, std_max, elite_idx, elite_scores,
 *       weights, mean, std)
 */
#include "math.cuh"
#include "reduce.cuh"
#include "topk.cuh"

constexpr int ELITE_MAX_THREADS = 1024;

extern "C" __global__ void __launch_bounds__(ELITE_MAX_THREADS)
    elite_forward(const float* __restrict__ scores, const float* __restrict__ actions, int N, int D, int K,
                  float temperature, float std_min, float std_max, int* __restrict__ elite_idx,
                  float* __restrict__ elite_scores, float* __restrict__ weights, float* __restrict__ mean,
                  float* __restrict__ std) {
    extern __shared__ unsigned long long elite_keys[];
    __shared__ float scratch[mbrl::MAX_BLOCK_WARPS];
    const int n = mbrl::next_pow2(N);
    float* w = reinterpret_cast<float*>(elite_keys + n);  // K weights after the keys

    // 1. top-K: sort (score, index) keys descending
    mbrl::block_sort_row_desc(scores, N, elite_keys, n);

    // 2. elite scores / temperature
    float local_max = -INFINITY;
    for (int k = threadIdx.x; k < K; k += blockDim.x) {
        const int idx = mbrl::topk_key_index(elite_keys[k]);
        const float s = scores[idx];
        elite_idx[k] = idx;
        elite_scores[k] = s;
        w[k] = s / temperature;
        local_max = mbrl::java_max(local_max, w[k]);
    }

    // 3. softmax over the K elites
    const float m = mbrl::block_max(local_max, scratch);
    float local_sum = 0.0f;
    for (int k = threadIdx.x; k < K; k += blockDim.x) {
        const float e = mbrl::ref_exp(w[k] - m);
        w[k] = e;
        local_sum += e;
    }
    const float z = mbrl::block_sum(local_sum, scratch);
    for (int k = threadIdx.x; k < K; k += blockDim.x) {
        w[k] = w[k] / z;
        weights[k] = w[k];
    }
    __syncthreads();

    // 4. weighted mean and std per action coordinate, k in elite order
    for (int d = threadIdx.x; d < D; d += blockDim.x) {
        float mu = 0.0f;
        for (int k = 0; k < K; ++k) {
            const int idx = mbrl::topk_key_index(elite_keys[k]);
            mu += w[k] * __ldg(actions + (long long) idx * D + d);
        }
        float var = 0.0f;
        for (int k = 0; k < K; ++k) {
            const int idx = mbrl::topk_key_index(elite_keys[k]);
            const float diff = __ldg(actions + (long long) idx * D + d) - mu;
            var += w[k] * (diff * diff);
        }
        mean[d] = mu;
        std[d] = mbrl::java_min(mbrl::java_max(sqrtf(var), std_min), std_max);
    }
}
