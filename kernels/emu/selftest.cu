// selftest.cu: kernels that exercise the emulator's own rules (EmulatorRuntimeTest), compiled into
// libmbrl4j_emu.so next to kernels/*.cu. Not part of the CUDA backend; never compiled by nvcc.
#include "runtime.h"

/** out[i] = Σ of threadIdx.x over the thread's warp, by the butterfly of __shfl_xor_sync. */
extern "C" __global__ void emu_selftest_warp_sum(float* out) {
    float v = (float) threadIdx.x;
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    out[blockIdx.x * blockDim.x + threadIdx.x] = v;
}

/** out[i] = what thread i + 1 (wrapping) wrote to shared memory before the barrier. */
extern "C" __global__ void emu_selftest_block_barrier(float* out) {
    __shared__ float s[1024];
    s[threadIdx.x] = (float) (blockIdx.x * 1000 + threadIdx.x);
    __syncthreads();
    out[blockIdx.x * blockDim.x + threadIdx.x] = s[(threadIdx.x + 1) % blockDim.x];
}

/** Thread 0 waits at __syncthreads while the rest of its warp waits at a shuffle: a deadlock. */
extern "C" __global__ void emu_selftest_divergent_barrier(float* out) {
    if (threadIdx.x == 0) {
        __syncthreads();
    } else {
        out[threadIdx.x] = __shfl_xor_sync(0xffffffffu, 1.0f, 1);
    }
}

/** A shuffle over half a warp: not emulated, the launch fails. */
extern "C" __global__ void emu_selftest_partial_mask(float* out) {
    out[threadIdx.x] = __shfl_xor_sync(0x0000ffffu, 1.0f, 1);
}

/**
 * Thread 0 fills 8 shared floats with -1, issues two cp.async groups (src[0..3] into s[0..3]; src[4..5]
 * into s[4..7] with the last 8 bytes zero-filled), waits with `pending` groups allowed in flight and
 * copies s to out: pending 2 sees only -1, pending 1 the first group, pending 0 both.
 */
extern "C" __global__ void emu_selftest_cp_async(const float* src, float* out, int pending) {
    __shared__ __align__(16) float s[8];
    if (threadIdx.x != 0) return;
    for (int i = 0; i < 8; ++i) s[i] = -1.0f;
    emu::cp_async(s, src, 16, 16);
    emu::cp_async_commit();
    emu::cp_async(s + 4, src + 4, 16, 8);
    emu::cp_async_commit();
    emu::cp_async_wait(pending);
    for (int i = 0; i < 8; ++i) out[i] = s[i];
}
