/*
 * Op: reduce: sum or mean over a run of adjacent axes, and its backward.
 * Equation: out[o,i] = Σ_r x[o,r,i] (SUM) or that sum / red (MEAN); backward
 *   dx[o,r,i] += dout[o,i] (SUM) or dout[o,i] / red (MEAN). Source: backend/ReduceOps (no keepdim;
 *   reducing every axis gives shape ()).
 * Shapes: x viewed as (outer, red, inner): the reduced axes are merged into red, the axes before
 *   them into outer, after them into inner; out and dout (outer, inner); dx like x.
 *   op codes are backend/ReduceOp ordinals (ReduceOpCode below, checked by KernelSourceTest).
 * Reference: backend/cpu/CpuReduceOps#reduce, #reduceBackward.
 * Tolerance: forward rtol = 2·log2(red)·2^-24 relative to Σ|x| (pairwise tree per column against
 *   the CPU's sequential sum; use atol = that times Σ|x| when values cancel); backward exact.
 * Launch: reduce_forward: a block of power-of-two threads (32..256; launcher uses
 *   min(256, max(32, nextPow2(red·cb)))), grid (ceil(inner/cb), min(outer, 65535)) with a
 *   grid-stride loop over outer on y; cb = largest power of two <= min(32, inner) (cb = 1 for
 *   inner = 1: one contiguous row per block). reduce_backward: block 256, any grid.
 * Launcher checks: axes sorted and unique; non-adjacent reduced axes are split into several
 *   launches (each a run of adjacent axes, MEAN dividing by each run's length); outer·red·inner
 *   = numel(x) and each < 2^31; cb divides the block size.
 * Variants: none.
 * Entry points:
 *   - reduce_forward(op, x, out, outer, red, inner, cb): overwrites out.
 *   - reduce_backward(op, dout, dx, outer, red, inner): accumulates into dx.
 */
#include "reduce.cuh"

/** backend/ReduceOp ordinals. */
enum ReduceOpCode : int { REDUCE_SUM = 0, REDUCE_MEAN = 1 };

/** Largest block of reduce_forward (its shared scratch size). */
constexpr int REDUCE_MAX_THREADS = 256;
constexpr int REDUCE_BACKWARD_THREADS = 256;

extern "C" __global__ void __launch_bounds__(REDUCE_MAX_THREADS)
    reduce_forward(int op, const float* __restrict__ x, float* __restrict__ out, int outer, int red, int inner, int cb) {
    __shared__ float scratch[REDUCE_MAX_THREADS];
    const int i0 = blockIdx.x * cb;
    for (int o = blockIdx.y; o < outer; o += gridDim.y) {
        const float* slab = x + (long long) o * red * inner;
        const float total = mbrl::column_tile_sum(
            [&](int r, int c) { return i0 + c < inner ? __ldg(slab + (long long) r * inner + i0 + c) : 0.0f; }, red, cb,
            scratch);
        if ((int) threadIdx.x < cb && i0 + (int) threadIdx.x < inner) {
            out[(long long) o * inner + i0 + threadIdx.x] = op == REDUCE_MEAN ? total / (float) red : total;
        }
    }
}

extern "C" __global__ void __launch_bounds__(REDUCE_BACKWARD_THREADS)
    reduce_backward(int op, const float* __restrict__ dout, float* __restrict__ dx, int outer, int red, int inner) {
    const long long n = (long long) outer * red * inner;
    const long long slab = (long long) red * inner;
    for (long long idx = (long long) blockIdx.x * blockDim.x + threadIdx.x; idx < n;
         idx += (long long) gridDim.x * blockDim.x) {
        const long long o = idx / slab;
        const long long i = idx % inner;
        const float g = __ldg(dout + o * inner + i);
        dx[idx] += op == REDUCE_MEAN ? g / (float) red : g;
    }
}
