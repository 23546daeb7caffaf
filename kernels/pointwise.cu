/*
 * Op: pointwise: binary (ADD, SUB, MUL, DIV with suffix broadcast), scale, clamp, and the unary
 *   functions of backend/UnaryOp, each with its backward.
 * Equation: out_i = f(a_i, b_{i mod nb}) (b's shape a suffix of a's, or one element); unary
 *   out = f(x); backward dx += f'(x)·dout and the broadcast operand's gradient summed back to b's
 *   shape. Formulas: backend/UnaryOp and backend/BinaryOp Javadoc, backend/cpu/ScalarMath; tdmpc2
 *   common/math.py (symlog, symexp), common/layers.py (Mish).
 * Shapes (flat, contiguous): a, out, dout, da (numel); b, db (nb) with numel % nb == 0; x, out, dx
 *   (numel). The argument n carries numel (docs/dims.md#op-dims).
 *   op codes are the Java enum ordinals (UnaryOpCode, BinaryOpCode below; KernelSourceTest checks
 *   them against backend/UnaryOp.java and backend/BinaryOp.java).
 * Reference: backend/cpu/CpuPointwiseOps#binary, #binaryBackward, #scale, #scaleBackward, #clamp,
 *   #clampBackward, #unary, #unaryBackward.
 * Tolerance: ADD/SUB/MUL/DIV, scale, clamp, RELU, NEG: exact (rtol 0, atol 0; the one division is
 *   IEEE). Transcendental unary ops mirror ScalarMath's double evaluation, so rtol = 2·2^-24 ≈ 1.2e-7,
 *   atol = 2^-24 (double libm rounding and FMA contraction of the backward product);
 *   binary_backward_reduce: rtol = (numel/nb)·2^-24 (tree sum instead of the CPU's sequential sum).
 * Launch: elementwise entries: block 256, any grid (grid-stride loops); launcher uses
 *   min(ceil(numel/256), 65535·4) blocks. binary_backward_reduce: block 256, grid ceil(nb/cb),
 *   cb = largest power of two <= min(32, nb).
 * Launcher checks: numel % nb == 0 and nb >= 1; op a valid ordinal; da/db/dx non-null unless that
 *   gradient is skipped (binary_backward accepts null da and/or null db); binary_backward writes
 *   db only when nb == numel, else the launcher adds binary_backward_reduce; out may alias a or x
 *   (elementwise in place is safe; those pointers are not __restrict__), never b; gradients
 *   must not overlap inputs; da and db are the same tensor (mul(x, x): same address and size)
 *   or disjoint (binary_backward's da, db are not __restrict__ for that reason).
 * Variants: none (scalar loads; a float4 path is a candidate once a benchmark shows it pays).
 * Entry points:
 *   - binary_forward(op, a, b, out, n, nb)
 *   - binary_backward(op, a, b, dout, da, db, n, nb): da += ∂/∂a; db += ∂/∂b only when nb == n.
 *   - binary_backward_reduce(op, a, b, dout, db, n, nb, cb): db += Σ over the broadcast rows (nb < n).
 *   - scale_forward(x, s, out, n), scale_backward(s, dout, dx, n)
 *   - clamp_forward(x, lo, hi, out, n): Java Math.min(Math.max(x, lo), hi), NaN propagates.
 *   - clamp_backward(x, lo, hi, dout, dx, n): dx += dout where lo <= x <= hi.
 *   - unary_forward(op, x, out, n), unary_backward(op, x, out, dout, dx, n)
 */
#include "math.cuh"
#include "reduce.cuh"

/** backend/UnaryOp ordinals. */
enum UnaryOpCode : int {
    UNARY_MISH = 0,
    UNARY_RELU = 1,
    UNARY_ELU = 2,
    UNARY_TANH = 3,
    UNARY_SIGMOID = 4,
    UNARY_SOFTPLUS = 5,
    UNARY_EXP = 6,
    UNARY_LOG = 7,
    UNARY_SYMLOG = 8,
    UNARY_SYMEXP = 9,
    UNARY_NEG = 10
};

/** backend/BinaryOp ordinals. */
enum BinaryOpCode : int { BINARY_ADD = 0, BINARY_SUB = 1, BINARY_MUL = 2, BINARY_DIV = 3 };

constexpr int POINTWISE_THREADS = 256;

namespace {

__device__ __forceinline__ long long grid_start() { return (long long) blockIdx.x * blockDim.x + threadIdx.x; }
__device__ __forceinline__ long long grid_stride() { return (long long) gridDim.x * blockDim.x; }

__device__ __forceinline__ float binary_apply(int op, float a, float b) {
    switch (op) {
        case BINARY_ADD: return a + b;
        case BINARY_SUB: return a - b;
        case BINARY_MUL: return a * b;
        default: return a / b;
    }
}

/** ∂out/∂a · dout. */
__device__ __forceinline__ float binary_grad_a(int op, float b, float dout) {
    switch (op) {
        case BINARY_ADD:
        case BINARY_SUB: return dout;
        case BINARY_MUL: return dout * b;
        default: return dout / b;
    }
}

/** ∂out/∂b · dout; DIV is (-dout · a) / (b · b) as BinaryOp documents. */
__device__ __forceinline__ float binary_grad_b(int op, float a, float b, float dout) {
    switch (op) {
        case BINARY_ADD: return dout;
        case BINARY_SUB: return -dout;
        case BINARY_MUL: return dout * a;
        default: return __fdiv_rn(__fmul_rn(-dout, a), __fmul_rn(b, b));
    }
}

__device__ __forceinline__ float unary_apply(int op, float x) {
    switch (op) {
        case UNARY_MISH: return mbrl::mish(x);
        case UNARY_RELU: return x > 0.0f ? x : 0.0f;
        case UNARY_ELU: return x > 0.0f ? x : mbrl::ref_expm1(x);
        case UNARY_TANH: return mbrl::ref_tanh(x);
        case UNARY_SIGMOID: return mbrl::sigmoid(x);
        case UNARY_SOFTPLUS: return mbrl::softplus(x);
        case UNARY_EXP: return mbrl::ref_exp(x);
        case UNARY_LOG: return mbrl::ref_log(x);
        case UNARY_SYMLOG: return mbrl::symlog(x);
        case UNARY_SYMEXP: return mbrl::symexp(x);
        default: return -x;
    }
}

/** f'(x); {@code y} = f(x) from the forward, for TANH, SIGMOID and EXP. */
__device__ __forceinline__ float unary_derivative(int op, float x, float y) {
    switch (op) {
        case UNARY_MISH: return mbrl::mish_grad(x);
        case UNARY_RELU: return x > 0.0f ? 1.0f : 0.0f;
        case UNARY_ELU: return x > 0.0f ? 1.0f : mbrl::ref_exp(x);
        case UNARY_TANH: return __fsub_rn(1.0f, __fmul_rn(y, y));
        case UNARY_SIGMOID: return __fmul_rn(y, __fsub_rn(1.0f, y));
        case UNARY_SOFTPLUS: return x > mbrl::SOFTPLUS_THRESHOLD ? 1.0f : mbrl::sigmoid(x);
        case UNARY_EXP: return y;
        case UNARY_LOG: return __fdiv_rn(1.0f, x);
        case UNARY_SYMLOG: return __fdiv_rn(1.0f, __fadd_rn(1.0f, fabsf(x)));
        case UNARY_SYMEXP: return mbrl::ref_exp(fabsf(x));
        default: return -1.0f;
    }
}

} // namespace

extern "C" __global__ void __launch_bounds__(POINTWISE_THREADS)
    binary_forward(int op, const float* a, const float* __restrict__ b, float* out, long long n,
                   long long nb) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        out[i] = binary_apply(op, a[i], __ldg(b + (nb == n ? i : i % nb)));
    }
}

// da and db are not __restrict__: for mul(x, x) the tape passes x's gradient as both, and each thread's
// db[i] += ... must read what its da[i] += ... wrote (CPU order: all of da, then db).
extern "C" __global__ void __launch_bounds__(POINTWISE_THREADS)
    binary_backward(int op, const float* __restrict__ a, const float* __restrict__ b, const float* __restrict__ dout,
                    float* da, float* db, long long n, long long nb) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const long long j = nb == n ? i : i % nb;
        const float g = dout[i];
        const float bj = __ldg(b + j);
        if (da != nullptr) da[i] += binary_grad_a(op, bj, g);
        if (db != nullptr && nb == n) db[i] += binary_grad_b(op, a[i], bj, g);
    }
}

extern "C" __global__ void __launch_bounds__(POINTWISE_THREADS)
    binary_backward_reduce(int op, const float* __restrict__ a, const float* __restrict__ b,
                           const float* __restrict__ dout, float* __restrict__ db, long long n, long long nb, int cb) {
    __shared__ float scratch[POINTWISE_THREADS];
    const long long j0 = (long long) blockIdx.x * cb;
    const int rows = (int) (n / nb);
    const float total = mbrl::column_tile_sum(
        [&](int r, int c) {
            const long long j = j0 + c;
            if (j >= nb) return 0.0f;
            const long long i = (long long) r * nb + j;
            return binary_grad_b(op, __ldg(a + i), __ldg(b + j), __ldg(dout + i));
        },
        rows, cb, scratch);
    if ((int) threadIdx.x < cb && j0 + threadIdx.x < nb) db[j0 + threadIdx.x] += total;
}

extern "C" __global__ void __launch_bounds__(POINTWISE_THREADS)
    scale_forward(const float* x, float s, float* out, long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) out[i] = s * x[i];
}

extern "C" __global__ void __launch_bounds__(POINTWISE_THREADS)
    scale_backward(float s, const float* __restrict__ dout, float* __restrict__ dx, long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) dx[i] += s * dout[i];
}

extern "C" __global__ void __launch_bounds__(POINTWISE_THREADS)
    clamp_forward(const float* x, float lo, float hi, float* out, long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) out[i] = mbrl::java_min(mbrl::java_max(x[i], lo), hi);
}

extern "C" __global__ void __launch_bounds__(POINTWISE_THREADS)
    clamp_backward(const float* __restrict__ x, float lo, float hi, const float* __restrict__ dout,
                   float* __restrict__ dx, long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const float v = x[i];
        if (lo <= v && v <= hi) dx[i] += dout[i];
    }
}

extern "C" __global__ void __launch_bounds__(POINTWISE_THREADS)
    unary_forward(int op, const float* x, float* out, long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) out[i] = unary_apply(op, x[i]);
}

extern "C" __global__ void __launch_bounds__(POINTWISE_THREADS)
    unary_backward(int op, const float* __restrict__ x, const float* __restrict__ out, const float* __restrict__ dout,
                   float* __restrict__ dx, long long n) {
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const float y = out != nullptr ? out[i] : 0.0f;
        dx[i] += __fmul_rn(unary_derivative(op, x[i], y), dout[i]);
    }
}
