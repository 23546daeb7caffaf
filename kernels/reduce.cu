/*
 * Op: reduce: sum or mean over a run of adjacent axes, and its backward.
 * Equation: out[o,i] = Σ_r x[o,r,i] (SUM) or that sum / red (MEAN); backward
 *   dx[o,r,i] += dout[o,i] (SUM) or dout[o,i] / red (MEAN). Source: backend/ReduceOps (no keepdim;
 *   reducing every axis gives shape ()).
 * Shapes: x viewed as (outer, red, inner): the reduced axes are merged into red, the axes before
 *   them into outer, after them into inner; out and dout (outer, inner); dx like x.
 *   op codes are backend/ReduceOp ordinals (ReduceOpCode below, checked by KernelSourceTest).
 *   running_scale: out = scale + tau·(s - scale), s = max(P95(x) - P5(x), 1) (NaN propagates as Java's
 *   Math.max), P_p = torch-style percentile: pos = p·(n-1)/100 in double, lo = floor(pos),
 *   hi = min(lo + 1, n - 1), P = (float) (x_(lo) + (pos - lo)·(float) (x_(hi) - x_(lo))) with x_(r) the
 *   r-th smallest in Java's float order (-0 before +0, NaN last). Source: agent/tdmpc2/RunningScale.
 * Reference: backend/cpu/CpuReduceOps#reduce, #reduceBackward, #runningScale (= RunningScale#update bit
 *   for bit, tests RunningScaleOpTest).
 * Tolerance: running_scale bit-exact (order statistics are exact; every float and double operation is
 *   spelled out with _rn intrinsics, as Java evaluates it). reduce forward rtol = 2·log2(red)·2^-24 relative to Σ|x| (pairwise tree per column against
 *   the CPU's sequential sum; use atol = that times Σ|x| when values cancel); backward exact.
 * Launch: reduce_forward: a block of power-of-two threads (32..256; launcher uses
 *   min(256, max(32, nextPow2(red·cb)))), grid (ceil(inner/cb), min(outer, 65535)) with a
 *   grid-stride loop over outer on y; cb = largest power of two <= min(32, inner) (cb = 1 for
 *   inner = 1: one contiguous row per block). reduce_backward: block 256, any grid.
 * Launcher checks: axes sorted and unique; non-adjacent reduced axes are split into several
 *   launches (each a run of adjacent axes, MEAN dividing by each run's length); outer·red·inner
 *   = numel(x) and each < 2^31; cb divides the block size.
 *   running_scale_forward: one block of 256 threads; rank selection: the stable rank of x_i is
 *   #{j: key_j < key_i} + #{j < i: key_j == key_i} (O(n²) compares, n = batch rows, a few hundred),
 *   the four needed order statistics land in shared memory, thread 0 finishes.
 * Variants: none.
 * Entry points:
 *   - reduce_forward(op, x, out, outer, red, inner, cb): overwrites out.
 *   - reduce_backward(op, dout, dx, outer, red, inner): accumulates into dx.
 *   - running_scale_forward(x, n, scale, tau, out): out[0] from scale[0] (out may be scale).
 */
#include "reduce.cuh"

/** backend/ReduceOp ordinals. */
enum ReduceOpCode : int { REDUCE_SUM = 0, REDUCE_MEAN = 1 };

/** Largest block of reduce_forward (its shared scratch size). */
constexpr int REDUCE_MAX_THREADS = 256;
constexpr int REDUCE_BACKWARD_THREADS = 256;

constexpr int RUNNING_SCALE_THREADS = 256;

namespace {

/** Java's float order as an unsigned key: -0 < +0, every NaN last and equal. */
__device__ __forceinline__ unsigned java_order_key(float v) {
    if (v != v) return 0xFFFFFFFFu;
    const unsigned u = __float_as_uint(v);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

/** RunningScale.percentile from its two order statistics x_(lo), x_(hi). */
__device__ __forceinline__ float torch_percentile(double pos, int lo, float xlo, float xhi) {
    const double frac = __dsub_rn(pos, (double) lo);
    return (float) __dadd_rn((double) xlo, __dmul_rn(frac, (double) __fsub_rn(xhi, xlo)));
}

} // namespace

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

extern "C" __global__ void __launch_bounds__(RUNNING_SCALE_THREADS)
    running_scale_forward(const float* __restrict__ x, int n, const float* scale, float tau, float* out) {
    __shared__ float picked[4];
    const double pos_low = __ddiv_rn(__dmul_rn(5.0, (double) (n - 1)), 100.0);
    const double pos_high = __ddiv_rn(__dmul_rn(95.0, (double) (n - 1)), 100.0);
    const int lo_low = (int) floor(pos_low);
    const int lo_high = (int) floor(pos_high);
    const int want[4] = {lo_low, min(lo_low + 1, n - 1), lo_high, min(lo_high + 1, n - 1)};
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        const unsigned ki = java_order_key(x[i]);
        int rank = 0;
        for (int j = 0; j < n; ++j) {
            const unsigned kj = java_order_key(x[j]);
            rank += (kj < ki || (kj == ki && j < i)) ? 1 : 0;
        }
#pragma unroll
        for (int q = 0; q < 4; ++q) {
            if (rank == want[q]) picked[q] = x[i];
        }
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        const float p5 = torch_percentile(pos_low, lo_low, picked[0], picked[1]);
        const float p95 = torch_percentile(pos_high, lo_high, picked[2], picked[3]);
        const float range = __fsub_rn(p95, p5);
        const float s = range != range ? range : (range >= 1.0f ? range : 1.0f);
        const float before = scale[0];
        out[0] = __fadd_rn(before, __fmul_rn(tau, __fsub_rn(s, before)));
    }
}
