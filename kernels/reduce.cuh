// reduce.cuh: warp, block and column-tile sums shared by the kernels.
//
// All reductions here are deterministic: a fixed tree for a fixed launch geometry, no atomics.
// Their summation order differs from the CPU backend's sequential loops, which is why every
// header that uses them states a tolerance that grows with the reduced length.
#pragma once
#include "math.cuh"

namespace mbrl {

/** All 32 lanes of a warp take part. */
constexpr unsigned FULL_MASK = 0xffffffffu;
constexpr int WARP_SIZE = 32;
/** Largest block the block-level helpers support (1024 threads = 32 warps). */
constexpr int MAX_BLOCK_WARPS = 32;

__device__ __forceinline__ float warp_sum(float v) {
    for (int o = WARP_SIZE / 2; o > 0; o >>= 1) {
        v += __shfl_xor_sync(FULL_MASK, v, o);
    }
    return v;
}

/** NaN-propagating max (Java Math.max), so a NaN row stays NaN as it does on the CPU. */
__device__ __forceinline__ float warp_max(float v) {
    for (int o = WARP_SIZE / 2; o > 0; o >>= 1) {
        v = java_max(v, __shfl_xor_sync(FULL_MASK, v, o));
    }
    return v;
}

/**
 * Sum over the whole block, returned to every thread. {@code scratch} holds MAX_BLOCK_WARPS floats
 * of shared memory; the helper ends with a barrier, so it may be called again with the same scratch.
 */
__device__ __forceinline__ float block_sum(float v, float* scratch) {
    const int lane = threadIdx.x % WARP_SIZE;
    const int warp = threadIdx.x / WARP_SIZE;
    const int warps = (blockDim.x + WARP_SIZE - 1) / WARP_SIZE;
    v = warp_sum(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    float t = lane < warps ? scratch[lane] : 0.0f;
    t = warp_sum(t);
    __syncthreads();
    return t;
}

__device__ __forceinline__ float block_max(float v, float* scratch) {
    const int lane = threadIdx.x % WARP_SIZE;
    const int warp = threadIdx.x / WARP_SIZE;
    const int warps = (blockDim.x + WARP_SIZE - 1) / WARP_SIZE;
    v = warp_max(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    float t = lane < warps ? scratch[lane] : -INFINITY;
    t = warp_max(t);
    __syncthreads();
    return t;
}

/**
 * Column-tile sum: the block sums {@code load(r, c)} over rows r in [0, rows) for the cb columns
 * c in [0, cb) of its tile. Thread t owns column t % cb and rows t / cb, t / cb + blockDim/cb, ...;
 * partials then meet in a shared-memory tree. blockDim.x and cb must be powers of two with
 * cb <= blockDim.x; {@code scratch} holds blockDim.x floats. Returns the column total in threads
 * t < cb (others get a partial to ignore). Ends with a barrier.
 *
 * cb = 1 reduces one contiguous row per block; cb = 32 gives coalesced column sums (bias grads).
 */
template <typename Load>
__device__ __forceinline__ float column_tile_sum(Load load, int rows, int cb, float* scratch) {
    const int t = threadIdx.x;
    const int c = t % cb;
    const int lanes = blockDim.x / cb;
    float acc = 0.0f;
    for (int r = t / cb; r < rows; r += lanes) {
        acc += load(r, c);
    }
    scratch[t] = acc;
    __syncthreads();
    for (int s = blockDim.x / 2; s >= cb; s >>= 1) {
        if (t < s) scratch[t] += scratch[t + s];
        __syncthreads();
    }
    float total = scratch[t < cb ? t : 0];
    __syncthreads();
    return total;
}

} // namespace mbrl
