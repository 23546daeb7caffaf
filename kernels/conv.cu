/*
 * Op: conv: 2-D convolution and transposed convolution, valid padding, one stride s for both axes,
 *   NCHW, forward and backward (PlaNet's encoder 4×4/s2 and decoder 5×5, 6×6/s2 transposed).
 * Equation: on the dims of the convolution x (M, Ci, Hi, Wi) → y (M, Co, Ho, Wo), w (Co, Ci, Kh, Kw),
 *   Ho = (Hi − Kh)/s + 1 floor, likewise Wo:
 *   features: y[m,o,i,j] = b[o] + Σ_{c,p,q} w[o,c,p,q]·x[m,c,i·s+p,j·s+q]                 (conv2d_forward)
 *   images:   x[m,c,h,v] = b[c] + Σ_{o,p,q: h=i·s+p, v=j·s+q} w[o,c,p,q]·y[m,o,i,j]       (the adjoint)
 *   weight:   dw[o,c,p,q] += Σ_{m,i,j} y[m,o,i,j]·x[m,c,i·s+p,j·s+q];  bias: db[o] += Σ_{m,i,j} dy[m,o,i,j].
 *   conv2d backward: dx += images(dy) (no b), dw += weight(x, dy), db += bias(dy).
 *   The transposed convolution of xt (M, Ci_t, Hi_t, Wi_t) with wt (Ci_t, Co_t, Kh, Kw) is images() of
 *   the convolution with Co = Ci_t, Ci = Co_t, y := xt, x := yt (Ho_t = (Hi_t − 1)·s + Kh); its backward is
 *   dxt += features(dyt) (no b), dwt += weight(x := dyt, y := xt), dbt += bias(dyt).
 *   Source: backend/ConvOps; PyTorch nn.Conv2d / nn.ConvTranspose2d (padding 0, dilation 1, groups 1);
 *   PlaNet (Hafner et al. 2019) appendix A.
 * Shapes: x (M, Ci, Hi, Wi), w (Co, Ci, Kh, Kw), b (Co), y (M, Co, Ho, Wo) row-major; the int arguments
 *   M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s are always those of the convolution (for the transposed entry
 *   points, of the convolution they transpose). conv2d_backward_bias: dy (M, Co, Ho·Wo), its arguments
 *   C and P carrying Co and Ho·Wo.
 *   Dims: docs/dims.md#op-dims.
 * Reference: backend/cpu/CpuConvOps#conv2dForward, #conv2dBackward, #convTranspose2dForward,
 *   #convTranspose2dBackward (cores backend/cpu/Conv2d#features, #images, #weightGrad, #biasGrad;
 *   scalar twin backend/cpu/ConvReference).
 * Tolerance: FP32 sums of a number of terms in another order than the CPU's im2col + blocked GEMM (both
 *   use FMA): the SIMT FP32 model of ensemble_linear.cu, rtol = 1e-5, atol = terms·2^-24·max|a|·max|b|,
 *   with terms = Ci·Kh·Kw (features), Co·ceil(Kh/s)·ceil(Kw/s) (images), M·Ho·Wo (weight, block tree)
 *   and M·Ho·Wo with max|b| = 1 (bias, block tree).
 * Launch: features and images: block 256, grid-stride over the output, grid min(ceil(numel/256),
 *   65535·4), one thread per output element looping over its (c, p, q) or (o, p, q) terms in that
 *   order. weight: block 256, grid Co·Ci·Kh·Kw (one block per dw element, a block tree over M·Ho·Wo).
 *   bias: block 256, grid Co (one block per channel, a block tree over M·Ho·Wo).
 * Launcher checks: the op's rules are ConvContract's (ranks, channels, valid padding, stride >= 1,
 *   output shapes, no overlaps); the launcher adds numel of x, w, y and dy < 2^31, so element indices
 *   are computed in 32 bits. Gradients accumulate (+=);
 *   a null gradient skips its launch; b may be null (no bias).
 * Variants: none.
 * Entry points:
 *   - conv2d_forward(x, w, b, y, M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s): y = b + features(x).
 *   - conv2d_backward_input(dy, w, dx, M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s): dx += images(dy).
 *   - conv2d_backward_weight(x, dy, dw, M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s): dw += weight(x, dy).
 *   - conv2d_backward_bias(dy, db, M, C, P): db += Σ_{m,p} dy[m,c,p] (both ops).
 *   - conv_transpose2d_forward(x, w, b, y, ...): y = b + images(x) (x the feature side, y the image side).
 *   - conv_transpose2d_backward_input(dy, w, dx, ...): dx += features(dy).
 *   - conv_transpose2d_backward_weight(x, dy, dw, ...): dw += weight(dy, x) (dy the image side).
 */
#include "reduce.cuh"

constexpr int CONV_THREADS = 256;

namespace {

struct ConvShape {
    int M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s;
};

__device__ __forceinline__ long long grid_start() { return (long long) blockIdx.x * blockDim.x + threadIdx.x; }
__device__ __forceinline__ long long grid_stride() { return (long long) gridDim.x * blockDim.x; }

/** y = [y +] b + conv(x, w) over every (m, o, i, j). */
__device__ __forceinline__ void features(const float* __restrict__ x, const float* __restrict__ w,
                                         const float* __restrict__ b, float* __restrict__ y, ConvShape d,
                                         bool accumulate) {
    const long long n = (long long) d.M * d.Co * d.Ho * d.Wo;
    for (long long t = grid_start(); t < n; t += grid_stride()) {
        const int e = (int) t;  // numel < 2^31 (launcher check): 32-bit index arithmetic
        const int j = e % d.Wo;
        const int i = (e / d.Wo) % d.Ho;
        const int o = (e / (d.Wo * d.Ho)) % d.Co;
        const long long m = e / (d.Wo * d.Ho * d.Co);
        float sum = 0.0f;
        for (int c = 0; c < d.Ci; c++) {
            const float* xp = x + ((m * d.Ci + c) * d.Hi + (long long) i * d.s) * d.Wi + (long long) j * d.s;
            const float* wp = w + ((long long) o * d.Ci + c) * d.Kh * d.Kw;
            for (int p = 0; p < d.Kh; p++) {
                for (int q = 0; q < d.Kw; q++) {
                    sum = fmaf(__ldg(wp + p * d.Kw + q), __ldg(xp + (long long) p * d.Wi + q), sum);
                }
            }
        }
        const float bias = b != nullptr ? __ldg(b + o) : 0.0f;
        y[t] = (accumulate ? y[t] : 0.0f) + (bias + sum);
    }
}

/** x = [x +] b + conv^T(y, w): each x element gathers the outputs whose patch covers it. */
__device__ __forceinline__ void images(const float* __restrict__ y, const float* __restrict__ w,
                                       const float* __restrict__ b, float* __restrict__ x, ConvShape d,
                                       bool accumulate) {
    const long long n = (long long) d.M * d.Ci * d.Hi * d.Wi;
    for (long long t = grid_start(); t < n; t += grid_stride()) {
        const int e = (int) t;  // numel < 2^31 (launcher check): 32-bit index arithmetic
        const int v = e % d.Wi;
        const int h = (e / d.Wi) % d.Hi;
        const int c = (e / (d.Wi * d.Hi)) % d.Ci;
        const long long m = e / (d.Wi * d.Hi * d.Ci);
        float sum = 0.0f;
        for (int o = 0; o < d.Co; o++) {
            const float* yp = y + (m * d.Co + o) * d.Ho * d.Wo;
            const float* wp = w + ((long long) o * d.Ci + c) * d.Kh * d.Kw;
            for (int p = h % d.s; p < d.Kh && p <= h; p += d.s) {
                const int i = (h - p) / d.s;
                if (i >= d.Ho) continue;
                for (int q = v % d.s; q < d.Kw && q <= v; q += d.s) {
                    const int j = (v - q) / d.s;
                    if (j >= d.Wo) continue;
                    sum = fmaf(__ldg(wp + p * d.Kw + q), __ldg(yp + (long long) i * d.Wo + j), sum);
                }
            }
        }
        const float bias = b != nullptr ? __ldg(b + c) : 0.0f;
        x[t] = (accumulate ? x[t] : 0.0f) + (bias + sum);
    }
}

/** dw[blockIdx.x] += Σ_{m,i,j} y[m,o,i,j]·x[m,c,i·s+p,j·s+q], one block per dw element. */
__device__ __forceinline__ void weight(const float* __restrict__ x, const float* __restrict__ y,
                                       float* __restrict__ dw, ConvShape d) {
    __shared__ float scratch[mbrl::MAX_BLOCK_WARPS];
    const int e = blockIdx.x;
    const int q = e % d.Kw;
    const int p = (e / d.Kw) % d.Kh;
    const int c = (e / (d.Kw * d.Kh)) % d.Ci;
    const int o = e / (d.Kw * d.Kh * d.Ci);
    const int plane = d.Ho * d.Wo;
    const int n = d.M * plane;  // <= numel of y < 2^31 (launcher check)
    float sum = 0.0f;
    for (int t = threadIdx.x; t < n; t += blockDim.x) {
        const long long m = t / plane;
        const int r = t % plane;
        const int i = r / d.Wo;
        const int j = r % d.Wo;
        const float yv = __ldg(y + (m * d.Co + o) * plane + r);
        const float xv = __ldg(x + ((m * d.Ci + c) * d.Hi + (long long) i * d.s + p) * d.Wi + (long long) j * d.s + q);
        sum = fmaf(yv, xv, sum);
    }
    const float total = mbrl::block_sum(sum, scratch);
    if (threadIdx.x == 0) dw[e] += total;
}

}  // namespace

extern "C" __global__ void __launch_bounds__(CONV_THREADS)
    conv2d_forward(const float* __restrict__ x, const float* __restrict__ w, const float* __restrict__ b,
                   float* __restrict__ y, int M, int Ci, int Hi, int Wi, int Co, int Ho, int Wo, int Kh, int Kw,
                   int s) {
    features(x, w, b, y, ConvShape{M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s}, false);
}

extern "C" __global__ void __launch_bounds__(CONV_THREADS)
    conv2d_backward_input(const float* __restrict__ dy, const float* __restrict__ w, float* __restrict__ dx, int M,
                          int Ci, int Hi, int Wi, int Co, int Ho, int Wo, int Kh, int Kw, int s) {
    images(dy, w, nullptr, dx, ConvShape{M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s}, true);
}

extern "C" __global__ void __launch_bounds__(CONV_THREADS)
    conv2d_backward_weight(const float* __restrict__ x, const float* __restrict__ dy, float* __restrict__ dw, int M,
                           int Ci, int Hi, int Wi, int Co, int Ho, int Wo, int Kh, int Kw, int s) {
    weight(x, dy, dw, ConvShape{M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s});
}

extern "C" __global__ void __launch_bounds__(CONV_THREADS)
    conv2d_backward_bias(const float* __restrict__ dy, float* __restrict__ db, int M, int C, int P) {
    __shared__ float scratch[mbrl::MAX_BLOCK_WARPS];
    const int c = blockIdx.x;
    const int n = M * P;  // <= numel of dy < 2^31 (launcher check)
    float sum = 0.0f;
    for (int t = threadIdx.x; t < n; t += blockDim.x) {
        sum += __ldg(dy + ((long long) (t / P) * C + c) * P + t % P);
    }
    const float total = mbrl::block_sum(sum, scratch);
    if (threadIdx.x == 0) db[c] += total;
}

extern "C" __global__ void __launch_bounds__(CONV_THREADS)
    conv_transpose2d_forward(const float* __restrict__ x, const float* __restrict__ w, const float* __restrict__ b,
                             float* __restrict__ y, int M, int Ci, int Hi, int Wi, int Co, int Ho, int Wo, int Kh,
                             int Kw, int s) {
    images(x, w, b, y, ConvShape{M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s}, false);
}

extern "C" __global__ void __launch_bounds__(CONV_THREADS)
    conv_transpose2d_backward_input(const float* __restrict__ dy, const float* __restrict__ w, float* __restrict__ dx,
                                    int M, int Ci, int Hi, int Wi, int Co, int Ho, int Wo, int Kh, int Kw, int s) {
    features(dy, w, nullptr, dx, ConvShape{M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s}, true);
}

extern "C" __global__ void __launch_bounds__(CONV_THREADS)
    conv_transpose2d_backward_weight(const float* __restrict__ x, const float* __restrict__ dy, float* __restrict__ dw,
                                     int M, int Ci, int Hi, int Wi, int Co, int Ho, int Wo, int Kh, int Kw, int s) {
    weight(dy, x, dw, ConvShape{M, Ci, Hi, Wi, Co, Ho, Wo, Kh, Kw, s});
}
