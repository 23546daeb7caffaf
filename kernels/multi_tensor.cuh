// multi_tensor.cuh: slot descriptors for optimizer kernels that touch many tensors in one launch.
//
// The Java launcher writes an array of descriptors into device memory once (fixed addresses, so a
// captured graph replays it) and passes its pointer. Every tensor is cut into chunks of
// MT_CHUNK elements; chunk_begin is the global index of a slot's first chunk (a prefix sum of
// ceil(numel / MT_CHUNK) in slot order), and total_chunks is the sum over all slots. Blocks walk
// global chunks in a grid-stride loop and find their slot by binary search on chunk_begin.
// Byte layouts are pinned by static_asserts: the Java side writes them field by field.
#pragma once
#include <stddef.h>

namespace mbrl {

/** Elements per chunk: 256 threads x 8 elements each. */
constexpr int MT_THREADS = 256;
constexpr int MT_ELEMS_PER_THREAD = 8;
constexpr int MT_CHUNK = MT_THREADS * MT_ELEMS_PER_THREAD;

/** One tensor (or tensor pair) of a multi-tensor op: 32 bytes. */
struct TensorSlot {
    float* a;               // byte 0: the tensor written (grad for clip, target for lerp; read-only x for sum of squares)
    const float* b;         // byte 8: second operand (source for lerp), else null
    long long numel;        // byte 16
    long long chunk_begin;  // byte 24
};
static_assert(sizeof(TensorSlot) == 32 && offsetof(TensorSlot, numel) == 16 && offsetof(TensorSlot, chunk_begin) == 24,
              "TensorSlot layout is written by the Java launcher; change both together");

/** One Adam parameter: 56 bytes (OptimOps.AdamSlot). */
struct AdamSlot {
    float* param;           // byte 0
    const float* grad;      // byte 8
    float* m;               // byte 16: first moment
    float* v;               // byte 24: second moment
    long long numel;        // byte 32
    long long chunk_begin;  // byte 40
    float lr;               // byte 48
    float eps;              // byte 52
};
static_assert(sizeof(AdamSlot) == 56 && offsetof(AdamSlot, numel) == 32 && offsetof(AdamSlot, chunk_begin) == 40
                  && offsetof(AdamSlot, lr) == 48 && offsetof(AdamSlot, eps) == 52,
              "AdamSlot layout is written by the Java launcher; change both together");

/** The slot s whose chunk range holds {@code chunk}: the last s with slots[s].chunk_begin <= chunk. */
template <typename Slot>
__device__ __forceinline__ int find_slot(const Slot* __restrict__ slots, int nslots, long long chunk) {
    int lo = 0;
    int hi = nslots - 1;
    while (lo < hi) {
        const int mid = (lo + hi + 1) >> 1;
        if (__ldg(&slots[mid].chunk_begin) <= chunk) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    return lo;
}

} // namespace mbrl
