/*
 * Op: topk: the K largest entries of each row, descending, and the backward scatter.
 * Equation: values[r, j] = x[r, indices[r, j]], j-th largest by (value desc, index asc), NaN lowest,
 *   -0.0 == +0.0; backward dx[r, indices[r, j]] += dvalues[r, j]. Source: backend/SelectOps#topk
 *   (torch.topk(sorted=True) with a deterministic tie rule); docs/planner.md#plan-algorithm step 8 (elite_indices).
 * Shapes: x, dx (M, F) row-major; values, dvalues (M, K); indices (I32, M, K); 1 <= K <= F (the
 *   planner: F = C candidates, K elites). Dims: docs/dims.md#op-dims; the arguments R, C and k carry
 *   M, F and K.
 * Reference: backend/cpu/CpuSelectOps#topk, #topkBackward.
 * Tolerance: exact (atol 0, rtol 0): values are copies and the ranking is a total order (topk.cuh);
 *   the CPU must compare numerically (Java primitive >, ==), not by Float.compare (which orders
 *   -0.0 below +0.0 and would change tie-breaking between zeros).
 * Launch: topk_forward: one block per row (grid min(M, 65535), grid-stride over rows), a block of
 *   min(1024, max(32, nextPow2(F)/2)) threads, dynamic shared memory nextPow2(F)·8 bytes (a bitonic sort
 *   of u64 keys). topk_backward: block 256, any grid over M·K.
 * Launcher checks: 1 <= K <= F; nextPow2(F)·8 bytes <= the device's opt-in shared-memory limit
 *   (F <= 6144 with the default 48 KB; above 48 KB the launcher must raise
 *   CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES first: F <= 16384 fits 128 KB on sm_80/sm_90);
 *   indices of a row are distinct (they are when they come from topk_forward), so the backward needs
 *   no atomics.
 * Variants: none.
 * Entry points:
 *   - topk_forward(x, values, indices, R, C, k)
 *   - topk_backward(indices, dvalues, dx, R, C, k): accumulates.
 */
#include "topk.cuh"

constexpr int TOPK_BACKWARD_THREADS = 256;
constexpr int TOPK_MAX_THREADS = 1024;

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
