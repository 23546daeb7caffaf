// math.cuh: scalar math shared by every kernel.
//
// Each function mirrors backend/cpu/ScalarMath (or the plain Java expression named beside it)
// including where Java computes in double and rounds once to float: the GPU does the same, so
// results agree bit for bit except where CUDA's double libm and Java's StrictMath-class libm
// round differently (rare, then 1 float ulp). FP64 is full rate on the target parts (A100,
// H100, H200); on consumer GPUs (1/64-rate FP64) these helpers are the first thing to profile.
#pragma once

namespace mbrl {

/** PyTorch's softplus threshold: above it softplus(x) = x to float precision (ScalarMath.SOFTPLUS_THRESHOLD). */
constexpr float SOFTPLUS_THRESHOLD = 20.0f;
/** 0.5 · ln(2π), the Gaussian log-density constant (ScalarMath.HALF_LOG_TWO_PI). */
constexpr float HALF_LOG_TWO_PI = 0.918938533204672741780329736f;
/** (float) (2π), as rng/Philox.TWO_PI. */
constexpr float TWO_PI_F = 6.283185307179586476925286766559f;

// ---- Java's (float) Math.f((double) x) -----------------------------------------------------
__device__ __forceinline__ float ref_exp(float x) { return (float) exp((double) x); }
__device__ __forceinline__ float ref_log(float x) { return (float) log((double) x); }
__device__ __forceinline__ float ref_tanh(float x) { return (float) tanh((double) x); }
__device__ __forceinline__ float ref_log1p(float x) { return (float) log1p((double) x); }
__device__ __forceinline__ float ref_expm1(float x) { return (float) expm1((double) x); }

/** Java Math.signum: ±1, and x itself for ±0 and NaN. */
__device__ __forceinline__ float signum(float x) { return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x); }

/** Java Math.max / Math.min: NaN propagates (CUDA fmaxf/fminf drop NaN instead). */
__device__ __forceinline__ float java_max(float a, float b) { return (a != a || b != b) ? __int_as_float(0x7fc00000) : fmaxf(a, b); }
__device__ __forceinline__ float java_min(float a, float b) { return (a != a || b != b) ? __int_as_float(0x7fc00000) : fminf(a, b); }

// ---- ScalarMath ------------------------------------------------------------------------------
/** ScalarMath.softplus: x > 20 ? x : (float) log1p(exp(x)), exp and log1p in double. */
__device__ __forceinline__ float softplus(float x) {
    return x > SOFTPLUS_THRESHOLD ? x : (float) log1p(exp((double) x));
}

/** ScalarMath.sigmoid: stable for both signs, computed in double. */
__device__ __forceinline__ float sigmoid(float x) {
    if (x >= 0.0f) {
        return (float) (1.0 / (1.0 + exp(-(double) x)));
    }
    double e = exp((double) x);
    return (float) (e / (1.0 + e));
}

/** ScalarMath.mish: x · (float) tanh(softplus(x)). */
__device__ __forceinline__ float mish(float x) { return __fmul_rn(x, ref_tanh(softplus(x))); }

/** ScalarMath.mishGrad: t + x · sigmoid(x) · (1 - t²), t = tanh(softplus(x)); evaluated left to right, unfused. */
__device__ __forceinline__ float mish_grad(float x) {
    float t = ref_tanh(softplus(x));
    float one_minus_t2 = __fsub_rn(1.0f, __fmul_rn(t, t));
    return __fadd_rn(t, __fmul_rn(__fmul_rn(x, sigmoid(x)), one_minus_t2));
}

/** ScalarMath.symlog: signum(x) · (float) log1p(|x|). */
__device__ __forceinline__ float symlog(float x) { return __fmul_rn(signum(x), ref_log1p(fabsf(x))); }

/** ScalarMath.symexp: signum(x) · (float) expm1(|x|). */
__device__ __forceinline__ float symexp(float x) { return __fmul_rn(signum(x), ref_expm1(fabsf(x))); }

} // namespace mbrl
