// topk.cuh: order keys and an in-block bitonic sort, used by select.cu (topk).
//
// Ranking rule (SelectOps.topk): descending by value; ties go to the smaller index; NaN ranks
// below every number (NaNs among themselves by index); -0.0 and +0.0 compare equal (numeric
// comparison, as Java's primitive > and ==). Each (value, index) pair becomes one u64 key whose
// unsigned order is exactly that ranking, so keys are distinct and the sort is total and stable.
#pragma once
#include <stdint.h>

namespace mbrl {

/** The order key of a NaN value's 32 high bits: below -inf (whose key is 0x007FFFFF). */
constexpr uint32_t NAN_ORDER = 0u;
/** Padding key for the power-of-two sort: below every real key (whose low word ~i is > 0). */
constexpr unsigned long long PAD_KEY = 0ull;

/** Monotone map float -> u32 (larger float, larger key); NaN lowest; -0 folded onto +0. */
__device__ __forceinline__ uint32_t float_order(float x) {
    if (x != x) return NAN_ORDER;
    uint32_t b = __float_as_uint(x);
    if ((b & 0x7FFFFFFFu) == 0u) b = 0u;  // -0.0 -> +0.0 on the bits, immune to algebraic simplification
    return (b & 0x80000000u) ? ~b : (b | 0x80000000u);
}

/** Key of element i: value order in the high word, ~i in the low word (smaller index wins ties). */
__device__ __forceinline__ unsigned long long topk_key(float x, int i) {
    return ((unsigned long long) float_order(x) << 32) | (unsigned long long) (0xFFFFFFFFu - (uint32_t) i);
}

/** The element index a key was made from. */
__device__ __forceinline__ int topk_key_index(unsigned long long key) {
    return (int) (0xFFFFFFFFu - (uint32_t) (key & 0xFFFFFFFFull));
}

/** Smallest power of two >= n (n >= 1). */
__device__ __forceinline__ int next_pow2(int n) {
    int p = 1;
    while (p < n) p <<= 1;
    return p;
}

/**
 * Sorts keys[0, n) descending in place; n is a power of two; every thread of the block calls it.
 * Bitonic network: log2(n)·(log2(n)+1)/2 compare-exchange passes, one barrier each.
 */
__device__ __forceinline__ void block_bitonic_sort_desc(unsigned long long* keys, int n) {
    for (int k = 2; k <= n; k <<= 1) {
        for (int j = k >> 1; j > 0; j >>= 1) {
            for (int i = threadIdx.x; i < n; i += blockDim.x) {
                const int ixj = i ^ j;
                if (ixj > i) {
                    const unsigned long long a = keys[i];
                    const unsigned long long b = keys[ixj];
                    const bool descending = (i & k) == 0;
                    if (descending ? (a < b) : (a > b)) {
                        keys[i] = b;
                        keys[ixj] = a;
                    }
                }
            }
            __syncthreads();
        }
    }
}

/** Loads x[0, c) as keys into keys[0, n) (padding with PAD_KEY) and sorts them descending. */
__device__ __forceinline__ void block_sort_row_desc(const float* __restrict__ x, int c, unsigned long long* keys,
                                                    int n) {
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        keys[i] = i < c ? topk_key(x[i], i) : PAD_KEY;
    }
    __syncthreads();
    block_bitonic_sort_desc(keys, n);
}

} // namespace mbrl
