/*
 * Op: recurrent: the fused GRU cell of PlaNet's RSSM deterministic path, forward and backward, on
 *   precomputed gate projections (the GEMMs stay in ensemble_linear.cu / DenseOps).
 * Equation: PyTorch nn.GRUCell gate order [r, z, n]; gi = W_ih x + b_ih, gh = W_hh h + b_hh (3·Ld each):
 *   r = σ(gi_r + gh_r), z = σ(gi_z + gh_z), n = tanh(gi_n + r·gh_n), h' = (1 - z)·n + z·h.
 *   Backward (gates recomputed), g = dh': dn = g(1 - z), dz = g(h - n), dh += g·z;
 *   a = dn(1 - n²): dgi_n += a, dgh_n += a·r; b = (a·gh_n)·(r(1 - r)): dgi_r += b, dgh_r += b;
 *   c = dz·(z(1 - z)): dgi_z += c, dgh_z += c.
 *   Source: backend/RecurrentOps; PyTorch torch.nn.GRUCell documentation (PlaNet's TF GRUBlockCell
 *   applies r before the hidden matmul; this engine uses the PyTorch convention).
 * Shapes: gi, gh, dgi, dgh (M, 3·Ld); h, h_new, dh_new, dh (M, Ld). Dims: docs/dims.md#op-dims and
 *   kernels/README.md; the arguments R, C carry M, Ld.
 * Reference: backend/cpu/CpuRecurrentOps#gruCellForward, #gruCellBackward (backend/cpu/GruCell).
 * Tolerance: σ and tanh double-evaluated as ScalarMath, every other step one unfused float op in the
 *   Java order, so the CPU and this kernel agree to the ulps of those libm calls: forward rtol 4·2^-24,
 *   atol 4·2^-24; backward rtol 16·2^-24, atol 16·2^-24·max|dh'|.
 * Launch: elementwise over M·Ld, one thread per (row, hidden unit) reading its three gates; block 256,
 *   any grid (grid-stride).
 * Launcher checks: Ld >= 1, M·3·Ld < 2^31; gi, gh (..., 3·Ld) with h's leading dims; outputs disjoint from
 *   the inputs and from each other; gradients accumulate, any of dgi, dgh, dh null (skip the launch
 *   when all are).
 * Variants: none.
 * Entry points:
 *   - gru_cell_forward(gi, gh, h, h_new, R, C)
 *   - gru_cell_backward(gi, gh, h, dh_new, dgi, dgh, dh, R, C)
 */
#include "math.cuh"

constexpr int RECURRENT_THREADS = 256;

namespace {

__device__ __forceinline__ long long grid_start() { return (long long) blockIdx.x * blockDim.x + threadIdx.x; }
__device__ __forceinline__ long long grid_stride() { return (long long) gridDim.x * blockDim.x; }

/** The three gates of unit (m, j): r, z and n, plus gh_n, as GruCell computes them. */
struct Gates {
    float r, z, n, hn;
};

__device__ __forceinline__ Gates gru_gates(const float* gi, const float* gh, long long g, int j, int C) {
    Gates s;
    s.r = mbrl::sigmoid(gi[g + j] + gh[g + j]);
    s.z = mbrl::sigmoid(gi[g + C + j] + gh[g + C + j]);
    s.hn = gh[g + 2 * C + j];
    s.n = mbrl::ref_tanh(__fadd_rn(gi[g + 2 * C + j], __fmul_rn(s.r, s.hn)));
    return s;
}

} // namespace

extern "C" __global__ void __launch_bounds__(RECURRENT_THREADS)
    gru_cell_forward(const float* __restrict__ gi, const float* __restrict__ gh, const float* __restrict__ h,
                     float* __restrict__ h_new, int R, int C) {
    const long long n = (long long) R * C;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const long long m = i / C;
        const int j = (int) (i - m * C);
        const Gates s = gru_gates(gi, gh, m * 3 * C, j, C);
        h_new[i] = __fadd_rn(__fmul_rn(1.0f - s.z, s.n), __fmul_rn(s.z, h[i]));
    }
}

extern "C" __global__ void __launch_bounds__(RECURRENT_THREADS)
    gru_cell_backward(const float* __restrict__ gi, const float* __restrict__ gh, const float* __restrict__ h,
                      const float* __restrict__ dh_new, float* __restrict__ dgi, float* __restrict__ dgh,
                      float* __restrict__ dh, int R, int C) {
    const long long n = (long long) R * C;
    for (long long i = grid_start(); i < n; i += grid_stride()) {
        const long long m = i / C;
        const int j = (int) (i - m * C);
        const long long g = m * 3 * C;
        const Gates s = gru_gates(gi, gh, g, j, C);
        const float d = dh_new[i];
        const float dn = __fmul_rn(d, 1.0f - s.z);
        const float dz = __fmul_rn(d, h[i] - s.n);
        const float a = __fmul_rn(dn, 1.0f - __fmul_rn(s.n, s.n));
        const float b = __fmul_rn(__fmul_rn(a, s.hn), __fmul_rn(s.r, 1.0f - s.r));
        const float c = __fmul_rn(dz, __fmul_rn(s.z, 1.0f - s.z));
        if (dh != nullptr) dh[i] += __fmul_rn(d, s.z);
        if (dgi != nullptr) {
            dgi[g + j] += b;
            dgi[g + C + j] += c;
            dgi[g + 2 * C + j] += a;
        }
        if (dgh != nullptr) {
            dgh[g + j] += b;
            dgh[g + C + j] += c;
            dgh[g + 2 * C + j] += __fmul_rn(a, s.r);
        }
    }
}
