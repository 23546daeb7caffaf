/*
 * Op: layout: concat, split, slice, index_select and gather with their backwards (data movement,
 *   no arithmetic except the gradient accumulation).
 * Equation: every op views its tensors as (outer, axis, inner) around the axis it works on.
 *   slice:   out[o,l,i] = x[o, start + l, i]            backward dx[o, start + l, i] += dout[o,l,i]
 *   concat:  out[o, offset + l, i] = x_k[o,l,i]         backward dx_k[o,l,i] += dout[o, offset + l, i]
 *   split:   outs_k = slice(x, offset_k)                backward = slice_backward per output
 *   index_select: out[o,j,i] = x[o, index[j], i]       backward dx[o, index[j], i] += dout[o,j,i]
 *   gather:  out[o,j,i] = x[o, index[o,j,i], i]         backward dx[o, index[o,j,i], i] += dout[o,j,i]
 *   Source: backend/LayoutOps (torch.cat, split, narrow, index_select, gather / scatter_add_).
 * Shapes: x (outer, x_len, inner); out (outer, out_len, inner); index (I32): (index length) for
 *   index_select, (outer, out_len, inner) for gather. concat/split: one launch per part, part k at
 *   offset = Σ_{k'<k} len_k' along the axis of the whole (outer, whole_len, inner).
 * Reference: backend/cpu/CpuLayoutOps#concat, #concatBackward, #split, #splitBackward, #slice,
 *   #sliceBackward, #indexSelect, #indexSelectBackward, #gather, #gatherBackward.
 * Tolerance: copies exact. Accumulating backwards exact when no destination element receives two
 *   contributions; index_select/gather backward with repeated indices use float atomicAdd in
 *   arbitrary order: rtol = (repeats)·2^-24.
 * Launch: block 256, any grid (grid-stride over the copied elements outer·len·inner).
 * Launcher checks: all dims >= 1 and their product < 2^31; start + out_len <= x_len; for concat
 *   the parts' lens sum to whole_len; index values are data, not checked on the host: an index
 *   outside [0, x_len) makes the forward write NaN and the backward skip that element (the CPU
 *   throws; parity tests use valid indices).
 * Variants: none.
 * Entry points:
 *   - slice_forward(x, out, outer, x_len, inner, start, out_len): also split's forward per part.
 *   - slice_backward(dout, dx, outer, x_len, inner, start, out_len): dx += (slice region); also
 *     split's backward per part.
 *   - concat_forward(x, out, outer, part_len, inner, whole_len, offset): writes one part.
 *   - concat_backward(dout, dx, outer, part_len, inner, whole_len, offset): dx += its part of dout.
 *   - index_select_forward(x, index, out, outer, x_len, inner, n_index)
 *   - index_select_backward(dout, index, dx, outer, x_len, inner, n_index): atomicAdd.
 *   - gather_forward(x, index, out, outer, x_len, inner, out_len)
 *   - gather_backward(dout, index, dx, outer, x_len, inner, out_len): atomicAdd.
 */
#include <math_constants.h>

constexpr int LAYOUT_THREADS = 256;

namespace {

/** Grid-stride walk over (o, l, i) of an (outer, len, inner) box; f(o, l, i, flat). */
template <typename F>
__device__ __forceinline__ void for_each_box(int outer, int len, int inner, F f) {
    const long long n = (long long) outer * len * inner;
    for (long long idx = (long long) blockIdx.x * blockDim.x + threadIdx.x; idx < n;
         idx += (long long) gridDim.x * blockDim.x) {
        const int i = (int) (idx % inner);
        const long long ol = idx / inner;
        const int l = (int) (ol % len);
        const int o = (int) (ol / len);
        f(o, l, i, idx);
    }
}

__device__ __forceinline__ long long at3(int o, int l, int i, int len, int inner) {
    return ((long long) o * len + l) * inner + i;
}

} // namespace

extern "C" __global__ void __launch_bounds__(LAYOUT_THREADS)
    slice_forward(const float* __restrict__ x, float* __restrict__ out, int outer, int x_len, int inner, int start,
                  int out_len) {
    for_each_box(outer, out_len, inner,
                 [&](int o, int l, int i, long long idx) { out[idx] = x[at3(o, start + l, i, x_len, inner)]; });
}

extern "C" __global__ void __launch_bounds__(LAYOUT_THREADS)
    slice_backward(const float* __restrict__ dout, float* __restrict__ dx, int outer, int x_len, int inner, int start,
                   int out_len) {
    for_each_box(outer, out_len, inner,
                 [&](int o, int l, int i, long long idx) { dx[at3(o, start + l, i, x_len, inner)] += dout[idx]; });
}

extern "C" __global__ void __launch_bounds__(LAYOUT_THREADS)
    concat_forward(const float* __restrict__ x, float* __restrict__ out, int outer, int part_len, int inner,
                   int whole_len, int offset) {
    for_each_box(outer, part_len, inner,
                 [&](int o, int l, int i, long long idx) { out[at3(o, offset + l, i, whole_len, inner)] = x[idx]; });
}

extern "C" __global__ void __launch_bounds__(LAYOUT_THREADS)
    concat_backward(const float* __restrict__ dout, float* __restrict__ dx, int outer, int part_len, int inner,
                    int whole_len, int offset) {
    for_each_box(outer, part_len, inner,
                 [&](int o, int l, int i, long long idx) { dx[idx] += dout[at3(o, offset + l, i, whole_len, inner)]; });
}

extern "C" __global__ void __launch_bounds__(LAYOUT_THREADS)
    index_select_forward(const float* __restrict__ x, const int* __restrict__ index, float* __restrict__ out, int outer,
                         int x_len, int inner, int n_index) {
    for_each_box(outer, n_index, inner, [&](int o, int j, int i, long long idx) {
        const int s = __ldg(index + j);
        out[idx] = (s >= 0 && s < x_len) ? x[at3(o, s, i, x_len, inner)] : CUDART_NAN_F;
    });
}

extern "C" __global__ void __launch_bounds__(LAYOUT_THREADS)
    index_select_backward(const float* __restrict__ dout, const int* __restrict__ index, float* __restrict__ dx,
                          int outer, int x_len, int inner, int n_index) {
    for_each_box(outer, n_index, inner, [&](int o, int j, int i, long long idx) {
        const int s = __ldg(index + j);
        if (s >= 0 && s < x_len) atomicAdd(dx + at3(o, s, i, x_len, inner), dout[idx]);
    });
}

extern "C" __global__ void __launch_bounds__(LAYOUT_THREADS)
    gather_forward(const float* __restrict__ x, const int* __restrict__ index, float* __restrict__ out, int outer,
                   int x_len, int inner, int out_len) {
    for_each_box(outer, out_len, inner, [&](int o, int j, int i, long long idx) {
        const int s = __ldg(index + idx);
        out[idx] = (s >= 0 && s < x_len) ? x[at3(o, s, i, x_len, inner)] : CUDART_NAN_F;
    });
}

extern "C" __global__ void __launch_bounds__(LAYOUT_THREADS)
    gather_backward(const float* __restrict__ dout, const int* __restrict__ index, float* __restrict__ dx, int outer,
                    int x_len, int inner, int out_len) {
    for_each_box(outer, out_len, inner, [&](int o, int j, int i, long long idx) {
        const int s = __ldg(index + idx);
        if (s >= 0 && s < x_len) atomicAdd(dx + at3(o, s, i, x_len, inner), dout[idx]);
    });
}
