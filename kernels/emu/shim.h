// shim.h: force-included (g++ -include) before every kernels/*.cu compiled for the host emulator.
//
// Maps CUDA C++'s device-side vocabulary onto plain C++17 and the fiber runtime (runtime.h):
// qualifiers vanish, threadIdx/blockIdx/blockDim/gridDim read the running fiber's context,
// __shared__ becomes block-scope thread_local (static storage per OS thread; a block's fibers all run
// on one OS thread and blocks run one at a time, so that is exactly per-block shared memory), barriers,
// shuffles and atomics go to the runtime, and the inline-PTX wrappers in gemm.cuh select their
// emulated branch through MBRL_EMU. Arithmetic is the host's IEEE-754 binary32/64 with
// -ffp-contract=off: a*b+c is two roundings, as __fmul_rn/__fadd_rn ask; nvcc's --fmad=true may fuse
// the plain expressions that the kernels leave unfused (their headers' tolerances cover that).
#pragma once
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "runtime.h"

#define MBRL_EMU 1

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __align__(n) __attribute__((aligned(n)))
// Block-scope thread_local implies static ([dcl.stc]); `extern __shared__ T name[]` (dynamic shared
// memory) becomes an extern thread_local array that the generated registration unit defines.
#define __shared__ thread_local

#define threadIdx (::emu::current()->thread_idx)
#define blockIdx (::emu::current()->block_idx)
#define blockDim (::emu::current()->block_dim)
#define gridDim (::emu::current()->grid_dim)
#define warpSize 32

// ---- vector types beyond runtime.h's uint3/dim3 ----
struct uint4 {
    unsigned int x, y, z, w;
};
inline uint4 make_uint4(unsigned x, unsigned y, unsigned z, unsigned w) { return uint4{x, y, z, w}; }

// ---- rounding-explicit arithmetic: one IEEE operation each (never contracted: -ffp-contract=off) ----
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fmaf_rn(float a, float b, float c) { return fmaf(a, b, c); }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __ddiv_rn(double a, double b) { return a / b; }

// ---- bit casts ----
inline float __int_as_float(int i) {
    float f;
    memcpy(&f, &i, 4);
    return f;
}
inline float __uint_as_float(unsigned u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}
inline int __float_as_int(float f) {
    int i;
    memcpy(&i, &f, 4);
    return i;
}
inline unsigned __float_as_uint(float f) {
    unsigned u;
    memcpy(&u, &f, 4);
    return u;
}

// ---- integer min/max (CUDA's device overloads) ----
inline int min(int a, int b) { return a < b ? a : b; }
inline int max(int a, int b) { return a > b ? a : b; }
inline unsigned min(unsigned a, unsigned b) { return a < b ? a : b; }
inline unsigned max(unsigned a, unsigned b) { return a > b ? a : b; }
inline long long min(long long a, long long b) { return a < b ? a : b; }
inline long long max(long long a, long long b) { return a > b ? a : b; }

// ---- loads through the read-only / L2 paths: plain loads on the host ----
template <typename T>
inline T __ldg(const T* p) { return *p; }
template <typename T>
inline T __ldcg(const T* p) { return *p; }

inline size_t __cvta_generic_to_shared(const void* p) { return (size_t) p; }

// ---- barriers, fences, warp collectives ----
inline void __syncthreads() { emu::sync_block(); }
inline void __syncwarp(unsigned mask = 0xffffffffu) { emu::sync_warp(mask); }
// Blocks run one at a time on one OS thread: every write is visible to every later read.
inline void __threadfence() {}

/** Each lane gets var from lane (its lane ^ lane_mask); all 32 lanes must take part (full mask). */
template <typename T>
inline T __shfl_xor_sync(unsigned mask, T var, int lane_mask, int width = warpSize) {
    static_assert(sizeof(T) == 4, "the emulator shuffles 32-bit values");
    if (mask != 0xffffffffu || width != warpSize) {
        emu::fail("__shfl_xor_sync: only the full mask 0xffffffff and width 32 are emulated");
    }
    uint32_t bits;
    memcpy(&bits, &var, 4);
    const uint32_t(*slots)[emu::EXCHANGE_WORDS] = emu::warp_exchange(&bits, 1);
    const int src = emu::lane_id() ^ lane_mask;
    // A lane missing from a partial warp has no value (undefined on a GPU): the caller keeps its own.
    const uint32_t got = src < emu::warp_size() ? slots[src][0] : bits;
    T out;
    memcpy(&out, &got, 4);
    return out;
}

// ---- atomics: a block's threads never run concurrently, and blocks run one at a time ----
inline float atomicAdd(float* p, float v) {
    const float old = *p;
    *p = old + v;
    return old;
}
inline int atomicAdd(int* p, int v) {
    const int old = *p;
    *p = old + v;
    return old;
}
inline unsigned atomicAdd(unsigned* p, unsigned v) {
    const unsigned old = *p;
    *p = old + v;
    return old;
}
