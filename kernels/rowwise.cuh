// rowwise.cuh: warp-per-row helpers (LayerNorm statistics and backward, group softmax) shared by
// norm.cu and fused_layer.cu, so the standalone ops and the fused layer compute the same floats.
//
// Rows are contiguous, F elements each (docs/dims.md#op-dims; the helpers' argument C carries F);
// lane l of the row's warp handles columns l, l + 32, ...
// Every helper is called by all 32 lanes of a warp with the same row.
#pragma once
#include "math.cuh"
#include "reduce.cuh"

namespace mbrl {

/** Row r of a block-of-warps launch: blockIdx.x · warpsPerBlock + warp; grid-stride step in rows. */
__device__ __forceinline__ int warp_row() { return blockIdx.x * (blockDim.x / WARP_SIZE) + threadIdx.x / WARP_SIZE; }
__device__ __forceinline__ int warp_row_stride() { return gridDim.x * (blockDim.x / WARP_SIZE); }
__device__ __forceinline__ int lane_id() { return threadIdx.x % WARP_SIZE; }

/** Two-pass LayerNorm statistics (PyTorch: biased variance): mean = Σx/F, rstd = 1/sqrt(Σ(x-mean)²/F + eps). */
__device__ __forceinline__ void layernorm_stats(const float* row, int C, float eps, float& mean, float& rstd) {
    const int lane = lane_id();
    float s = 0.0f;
    for (int c = lane; c < C; c += WARP_SIZE) s += row[c];
    mean = warp_sum(s) / (float) C;
    float q = 0.0f;
    for (int c = lane; c < C; c += WARP_SIZE) {
        const float d = row[c] - mean;
        q += d * d;
    }
    const float var = warp_sum(q) / (float) C;
    rstd = 1.0f / sqrtf(var + eps);
}

/** (x - mean) · rstd, the normalized value x̂. */
__device__ __forceinline__ float layernorm_xhat(float x, float mean, float rstd) { return (x - mean) * rstd; }

/** x̂ · gamma + beta; gamma/beta null mean 1/0 (no affine). */
__device__ __forceinline__ float layernorm_affine(float xhat, const float* gamma, const float* beta, int c) {
    const float g = gamma != nullptr ? __ldg(gamma + c) : 1.0f;
    const float b = beta != nullptr ? __ldg(beta + c) : 0.0f;
    return xhat * g + b;
}

/**
 * LayerNorm input gradient of one row, given dxhat_c = dh_c · gamma_c:
 * dx_c = rstd · (dxhat_c - mean(dxhat) - x̂_c · mean(dxhat · x̂)). Returns the two means via the warp;
 * {@code emit(c, dx_c)} consumes each result.
 */
template <typename DxhatAt, typename XhatAt, typename Emit>
__device__ __forceinline__ void layernorm_row_backward(int C, float rstd, DxhatAt dxhat_at, XhatAt xhat_at, Emit emit) {
    const int lane = lane_id();
    float s1 = 0.0f;
    float s2 = 0.0f;
    for (int c = lane; c < C; c += WARP_SIZE) {
        const float g = dxhat_at(c);
        s1 += g;
        s2 += g * xhat_at(c);
    }
    const float mean_g = warp_sum(s1) / (float) C;
    const float mean_gx = warp_sum(s2) / (float) C;
    for (int c = lane; c < C; c += WARP_SIZE) {
        emit(c, rstd * (dxhat_at(c) - mean_g - xhat_at(c) * mean_gx));
    }
}

/** Softmax of simnorm_dim (argument G) consecutive values in place, by one thread, sequentially (as the CPU loop). */
__device__ __forceinline__ void group_softmax_inplace(float* v, int G) {
    float m = v[0];
    for (int j = 1; j < G; ++j) m = java_max(m, v[j]);
    float sum = 0.0f;
    for (int j = 0; j < G; ++j) {
        const float e = ref_exp(v[j] - m);
        v[j] = e;
        sum += e;
    }
    for (int j = 0; j < G; ++j) v[j] = v[j] / sum;
}

/** Softmax backward of one group by one thread: dx_j = y_j · (dy_j - Σ_k y_k dy_k). emit(j, dx_j). */
template <typename Emit>
__device__ __forceinline__ void group_softmax_backward(const float* y, const float* dy, int G, Emit emit) {
    float s = 0.0f;
    for (int j = 0; j < G; ++j) s += y[j] * dy[j];
    for (int j = 0; j < G; ++j) emit(j, y[j] * (dy[j] - s));
}

} // namespace mbrl
