/*
 * Op: pixel: the pixel pipeline between u8 frames (held as f32 byte values 0..255) and an image
 *   encoder: random-shift augmentation with replicate padding, and PlaNet's bit-depth preprocessing.
 * Equation: random_shift: y[m,c,i,j] = x[m,c,clamp(i + dy_m, 0, Hi−1), clamp(j + dx_m, 0, Wi−1)],
 *   (dy_m, dx_m) = shifts[m] (a crop of the image replicate-padded by p for shifts in [−p, p]; DrQ,
 *   Kostrikov et al. 2021; tdmpc2/common/layers.py: ShiftAug).
 *   planet_preprocess: y_i = (floor(x_i / 2^(8−bits)) + u_i) / 2^bits − 0.5, u_i = (b_i >> (8+bits))
 *   · 2^−(24−bits), b_i element i's Philox bits (lane i % 4 of block i / 4, philox.cuh); every step
 *   is exact in float (bin < 2^bits and 24 − bits noise bits share one 24-bit significand, power-of-two
 *   scalings, a result on the 2^−24 grid in [−0.5, 0.5)). Source: backend/PixelOps;
 *   planet/tools/preprocess.py (Hafner et al. 2019, image_bits = 5).
 * Shapes: random_shift: x, y (M, Ci, Hi, Wi) row-major, shifts (M, 2) I32 as (dy, dx); planet_preprocess:
 *   x, y (numel) flat. Dims: docs/dims.md#op-dims; the arguments M, C, H, W and n carry M, Ci, Hi, Wi and numel.
 * Reference: backend/cpu/CpuPixelOps#randomShift, #planetPreprocess (cores backend/cpu/PixelShift,
 *   backend/cpu/PlanetPreprocess).
 * Tolerance: bit-exact (atol 0, rtol 0) for both: the shift is a gather, the preprocessing's
 *   arithmetic is exact (no rounding happens, so FMA contraction could not change it; the kernel
 *   still spells the operations with __fadd_rn / __fmul_rn / __fsub_rn).
 * Launch: block 256, grid-stride; random_shift one thread per element of y, grid
 *   min(ceil(numel/256), 65535·4); planet_preprocess one thread per Philox block (4 elements).
 * CUDA graphs: planet_preprocess reads its key from device memory (PhiloxDeviceKey*, key_offset fixed
 *   at capture), as random.cu's draws do.
 * Launcher checks: the op's rules are PixelContract's (ranks, shifts (M, 2) I32, y like x and
 *   disjoint from the inputs, 1 <= bits <= 8); the launcher adds numel of x < 2^31 for the shift
 *   (32-bit element indices); numel 0 skips the launch.
 * Variants: none.
 * Entry points:
 *   - random_shift_forward(x, shifts, y, M, C, H, W): y = x read at clamped shifted positions.
 *   - planet_preprocess_forward(key, key_offset, bits, x, y, n): y = PlaNet's 5-bit (bits-bit) preprocess of x.
 */
#include "philox.cuh"

constexpr int PIXEL_THREADS = 256;

extern "C" __global__ void __launch_bounds__(PIXEL_THREADS)
    random_shift_forward(const float* __restrict__ x, const int* __restrict__ shifts, float* __restrict__ y, int M,
                         int C, int H, int W) {
    const long long n = (long long) M * C * H * W;
    for (long long t = (long long) blockIdx.x * blockDim.x + threadIdx.x; t < n;
         t += (long long) gridDim.x * blockDim.x) {
        const int e = (int) t;  // numel < 2^31 (launcher check)
        const int j = e % W;
        const int i = (e / W) % H;
        const int plane = e / (W * H);  // m·C + c
        const int m = plane / C;
        const int dy = __ldg(shifts + 2 * m);
        const int dx = __ldg(shifts + 2 * m + 1);
        // shifts beyond the image saturate; clamp in 64 bits so that no shift overflows
        const int r = (int) max(0LL, min((long long) H - 1, (long long) i + dy));
        const int c = (int) max(0LL, min((long long) W - 1, (long long) j + dx));
        y[t] = __ldg(x + ((long long) plane * H + r) * W + c);
    }
}

extern "C" __global__ void __launch_bounds__(PIXEL_THREADS)
    planet_preprocess_forward(const mbrl::PhiloxDeviceKey* __restrict__ key, unsigned long long key_offset, int bits,
                              const float* __restrict__ x, float* __restrict__ y, long long n) {
    const mbrl::PhiloxDeviceKey k = mbrl::load_key(key);
    const float bin_width = (float) (1 << (8 - bits));
    const int noise_shift = 8 + bits;
    const float noise_unit = ldexpf(1.0f, -(24 - bits));
    const float levels = (float) (1 << bits);
    const long long blocks = (n + mbrl::PHILOX_LANES - 1) / mbrl::PHILOX_LANES;
    for (long long b = (long long) blockIdx.x * blockDim.x + threadIdx.x; b < blocks;
         b += (long long) gridDim.x * blockDim.x) {
        const uint4 blk = mbrl::philox_block_at(k, key_offset, (unsigned long long) b);
#pragma unroll
        for (int q = 0; q < mbrl::PHILOX_LANES; ++q) {
            const long long i = b * mbrl::PHILOX_LANES + q;
            if (i < n) {
                const float bin = floorf(__fdiv_rn(__ldg(x + i), bin_width));
                const float noise = __fmul_rn((float) (mbrl::lane_of(blk, q) >> noise_shift), noise_unit);
                y[i] = __fsub_rn(__fdiv_rn(__fadd_rn(bin, noise), levels), 0.5f);
            }
        }
    }
}
