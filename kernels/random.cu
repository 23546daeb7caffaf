/*
 * Op: random: Philox4x32-10 draws into tensors (uniform, normal, randint, categorical) and dropout
 *   with its backward, plus the device-side key advance that makes them replayable in a CUDA graph.
 * Equation: element i of a draw reads lane i % 4 of Philox block (key.counter + key_offset + i/4,
 *   key.stream) under key = key.seed (philox.cuh = rng/Philox.java + rng/PhiloxKey.java).
 *   uniform: out_i = lo + (hi - lo)·u_i, u_i = (bits >>> 8)·2^-24.  normal: out_i = mean + std·n_i,
 *   n_i Box-Muller (Philox#normalLane).  randint: out_i = lo + floor(bits·(hi - lo)/2^32).
 *   categorical: out_r = first k with cumsum_k > u_r·Σ_j probs_rj (u_r element r of the draw; sums
 *   sequential in index order, as the CPU's loop); none (all-zero or NaN row) gives F - 1.
 *   permutation_prefix: out_k = a[k] for k < K, a = Fisher-Yates over 0..n-1 as rng/Rng#permutation: for
 *   i = n-1 down to 1 swap a[i], a[j], j = randint(0, i + 1) from lane 0 of block (counter + n-1-i).
 *   dropout: out_i = x_i·m_i, m_i = keep_i·s, s = 1/(1 - p) rounded to float once, keep_i = u_i >= p;
 *   backward dx_i += dout_i·m_i (backend/cpu/RandomDropout).
 *   Source: backend/RandomOps, rng/Philox.java, rng/PhiloxKey.java, DESIGN.md "Randomness".
 * Shapes: out, x, dout, dx (numel) flat; categorical probs (M, F) row-major, out (I32, M); randint out
 *   I32. Dims: docs/dims.md#op-dims; the arguments n, R and K carry numel, M and F.
 * Reference: backend/cpu/CpuRandomOps#uniform, #normal, #randint, #categorical, #dropoutForward,
 *   #dropoutBackward; rng/Philox#block, #toUniform, #normalLane, #toInt.
 * Tolerance: uniform, randint, categorical, dropout masks: bit-exact (atol 0, rtol 0). normal:
 *   one ulp: rtol = 2^-23, atol = 2^-23·std (log, sqrt, sin, cos in double as Java's Math; only a
 *   double libm rounding difference can flip the final float rounding).
 * Launch: block 256, one thread per Philox block (4 values), any grid over ceil(numel/4) blocks
 *   (grid-stride); categorical one thread per row, any grid; philox_key_advance <<<1, 1>>>;
 *   permutation_prefix <<<1, 1>>> (n <= 1024 ints in shared memory; n is TD-MPC2's num_q, a handful).
 * CUDA graphs: the key is read from device memory (PhiloxDeviceKey* = {seed, stream, counter} u64s,
 *   philox.cuh) and key_offset is fixed at capture; the captured step ends with
 *   philox_key_advance(key, blocks_used_per_step), so each replay draws new numbers. Outside graphs
 *   the launcher uploads {seed, stream, counter} and passes key_offset 0.
 * Launcher checks: numel >= 1 (skip otherwise); hi > lo for uniform and randint (range <= 2^32 - 1 fits);
 *   std >= 0; 0 <= p < 1; M, F >= 1; the draw's blocks do not overlap another draw of the same key
 *   (the launcher reserves PhiloxKey.blocksFor(numel) blocks per draw, as rng/Rng#reserve).
 * Variants: none.
 * Entry points:
 *   - philox_key_advance(key, blocks): key->counter += blocks.
 *   - uniform_forward(key, key_offset, lo, hi, out, n)
 *   - normal_forward(key, key_offset, mean, std, out, n)
 *   - randint_forward(key, key_offset, lo, hi, out, n)
 *   - categorical_forward(key, key_offset, probs, out, R, K)
 *   - permutation_prefix_forward(key, key_offset, n, out, K): consumes n - 1 blocks.
 *   - dropout_forward(key, key_offset, p, x, out, n)
 *   - dropout_backward(key, key_offset, p, dout, dx, n)
 */
#include "philox.cuh"

constexpr int RANDOM_THREADS = 256;
/** Largest n of permutation_prefix_forward (RandomContract.MAX_PERMUTATION). */
constexpr int PERMUTATION_MAX = 1024;

namespace {

/** Grid-stride over Philox blocks b of an n-value draw; f(block, b) writes lanes 4b .. 4b+3 (< n). */
template <typename F>
__device__ __forceinline__ void for_each_block(const mbrl::PhiloxDeviceKey& k, unsigned long long key_offset,
                                               long long n, F f) {
    const long long blocks = (n + mbrl::PHILOX_LANES - 1) / mbrl::PHILOX_LANES;
    for (long long b = (long long) blockIdx.x * blockDim.x + threadIdx.x; b < blocks;
         b += (long long) gridDim.x * blockDim.x) {
        f(mbrl::philox_block_at(k, key_offset, (unsigned long long) b), b);
    }
}

} // namespace

extern "C" __global__ void philox_key_advance(mbrl::PhiloxDeviceKey* key, unsigned long long blocks) {
    if (blockIdx.x == 0 && threadIdx.x == 0) key->counter += blocks;
}

extern "C" __global__ void __launch_bounds__(RANDOM_THREADS)
    uniform_forward(const mbrl::PhiloxDeviceKey* __restrict__ key, unsigned long long key_offset, float lo, float hi,
                    float* __restrict__ out, long long n) {
    const mbrl::PhiloxDeviceKey k = mbrl::load_key(key);
    const float span = __fsub_rn(hi, lo);
    for_each_block(k, key_offset, n, [&](const uint4& blk, long long b) {
#pragma unroll
        for (int q = 0; q < mbrl::PHILOX_LANES; ++q) {
            const long long i = b * mbrl::PHILOX_LANES + q;
            if (i < n) out[i] = __fadd_rn(lo, __fmul_rn(span, mbrl::to_uniform(mbrl::lane_of(blk, q))));
        }
    });
}

extern "C" __global__ void __launch_bounds__(RANDOM_THREADS)
    normal_forward(const mbrl::PhiloxDeviceKey* __restrict__ key, unsigned long long key_offset, float mean, float std,
                   float* __restrict__ out, long long n) {
    const mbrl::PhiloxDeviceKey k = mbrl::load_key(key);
    for_each_block(k, key_offset, n, [&](const uint4& blk, long long b) {
#pragma unroll
        for (int q = 0; q < mbrl::PHILOX_LANES; ++q) {
            const long long i = b * mbrl::PHILOX_LANES + q;
            if (i < n) out[i] = __fadd_rn(mean, __fmul_rn(std, mbrl::normal_lane(blk, q)));
        }
    });
}

extern "C" __global__ void __launch_bounds__(RANDOM_THREADS)
    randint_forward(const mbrl::PhiloxDeviceKey* __restrict__ key, unsigned long long key_offset, int lo, int hi,
                    int* __restrict__ out, long long n) {
    const mbrl::PhiloxDeviceKey k = mbrl::load_key(key);
    for_each_block(k, key_offset, n, [&](const uint4& blk, long long b) {
#pragma unroll
        for (int q = 0; q < mbrl::PHILOX_LANES; ++q) {
            const long long i = b * mbrl::PHILOX_LANES + q;
            if (i < n) out[i] = mbrl::to_int(mbrl::lane_of(blk, q), lo, hi);
        }
    });
}

extern "C" __global__ void __launch_bounds__(RANDOM_THREADS)
    categorical_forward(const mbrl::PhiloxDeviceKey* __restrict__ key, unsigned long long key_offset,
                        const float* __restrict__ probs, int* __restrict__ out, int R, int K) {
    const mbrl::PhiloxDeviceKey k = mbrl::load_key(key);
    for (long long r = (long long) blockIdx.x * blockDim.x + threadIdx.x; r < R; r += (long long) gridDim.x * blockDim.x) {
        const float* pr = probs + r * K;
        float total = 0.0f;
        for (int j = 0; j < K; ++j) total = __fadd_rn(total, pr[j]);
        const float threshold = __fmul_rn(mbrl::to_uniform(mbrl::philox_bits(k, key_offset, (unsigned long long) r)), total);
        int pick = K - 1;
        float cum = 0.0f;
        for (int j = 0; j < K; ++j) {
            cum = __fadd_rn(cum, pr[j]);
            if (cum > threshold) {
                pick = j;
                break;
            }
        }
        out[r] = pick;
    }
}

extern "C" __global__ void __launch_bounds__(1)
    permutation_prefix_forward(const mbrl::PhiloxDeviceKey* __restrict__ key, unsigned long long key_offset, int n,
                               int* __restrict__ out, int K) {
    __shared__ int a[PERMUTATION_MAX];
    if (blockIdx.x != 0 || threadIdx.x != 0) return;
    const mbrl::PhiloxDeviceKey k = mbrl::load_key(key);
    for (int i = 0; i < n; ++i) a[i] = i;
    for (int i = n - 1; i > 0; --i) {
        const uint4 blk = mbrl::philox_block_at(k, key_offset, (unsigned long long) (n - 1 - i));
        const int j = mbrl::to_int(blk.x, 0, i + 1);
        const int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
    for (int q = 0; q < K; ++q) out[q] = a[q];
}

extern "C" __global__ void __launch_bounds__(RANDOM_THREADS)
    dropout_forward(const mbrl::PhiloxDeviceKey* __restrict__ key, unsigned long long key_offset, float p, const float* x,
                    float* out, long long n) {
    const mbrl::PhiloxDeviceKey k = mbrl::load_key(key);
    const float scale = __fdiv_rn(1.0f, __fsub_rn(1.0f, p));
    for_each_block(k, key_offset, n, [&](const uint4& blk, long long b) {
#pragma unroll
        for (int q = 0; q < mbrl::PHILOX_LANES; ++q) {
            const long long i = b * mbrl::PHILOX_LANES + q;
            if (i < n) {
                const float m = mbrl::to_uniform(mbrl::lane_of(blk, q)) >= p ? scale : 0.0f;
                out[i] = __fmul_rn(x[i], m);
            }
        }
    });
}

extern "C" __global__ void __launch_bounds__(RANDOM_THREADS)
    dropout_backward(const mbrl::PhiloxDeviceKey* __restrict__ key, unsigned long long key_offset, float p,
                     const float* __restrict__ dout, float* __restrict__ dx, long long n) {
    const mbrl::PhiloxDeviceKey k = mbrl::load_key(key);
    const float scale = __fdiv_rn(1.0f, __fsub_rn(1.0f, p));
    for_each_block(k, key_offset, n, [&](const uint4& blk, long long b) {
#pragma unroll
        for (int q = 0; q < mbrl::PHILOX_LANES; ++q) {
            const long long i = b * mbrl::PHILOX_LANES + q;
            if (i < n) {
                const float m = mbrl::to_uniform(mbrl::lane_of(blk, q)) >= p ? scale : 0.0f;
                dx[i] += __fmul_rn(dout[i], m);
            }
        }
    });
}
