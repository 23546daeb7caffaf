/*
 * Op: optim: multi-tensor Adam, sum of squares, clip by global norm and Polyak lerp, each over a
 *   whole parameter list in ONE launch.
 * Equation: adam (PyTorch Adam, no weight decay, 1-based step t): m = b1·m + (1-b1)·g;
 *   v = b2·v + (1-b2)·g²; p -= step_size·(m/denom), step_size = lr/(1 - b1^t),
 *   denom = sqrt(v)/sqrt(1 - b2^t) + eps (PyTorch's addcdiv order); bias corrections and step_size in
 *   double, then rounded (as Java's Math.pow). sum_squares: acc += Σ_tensors Σ x².
 *   clip: g *= min(1, max_norm/(sqrt(norm_sq) + 1e-6)) (torch.nn.utils.clip_grad_norm_; a NaN norm
 *   makes every grad NaN, as Java's Math.min). lerp: target += tau·(source - target).
 *   Source: backend/OptimOps; docs/tdmpc2.md#optimizers (Adam, clip 20), docs/tdmpc2.md#target-and-detached-q (Polyak tau 0.01).
 * Shapes: slots: device arrays of multi_tensor.cuh descriptors (AdamSlot, 56 bytes; TensorSlot,
 *   32 bytes) with chunk_begin = prefix sum of ceil(numel/2048); total_chunks = Σ ceil(numel/2048).
 *   step (I32, shape ()) and norm_sq (F32, shape ()) live in device memory; acc (F32, shape ()).
 *   sum_squares scratch: partials (F32, gridDim.x), done (U32, 1, zero before the first launch; the
 *   kernel leaves it zero).
 * Reference: backend/cpu/CpuOptimOps#adam, #sumSquares, #clipByGlobalNorm, #lerp, #haltOnDivergence,
 *   #adamUnlessHalted, #lerpUnlessHalted, #copyUnlessHalted.
 * Tolerance: adam, lerp, clip: elementwise, rtol = 4·2^-24, atol = 1e-7·lr (FMA contraction of the
 *   moment updates; bias corrections match exactly). sum_squares: rtol = 2·log2(numel)·2^-24
 *   (deterministic tree per launch geometry vs. the CPU's sequential or double sum).
 * Launch: every entry: block 256 (MT_THREADS), a grid size fixed by the launcher (e.g. min(total_chunks,
 *   4·SMs)); blocks walk chunks grid-stride. sum_squares is deterministic for a fixed grid size (the
 *   last block to finish sums the per-block partials in index order), so keep it constant for a run.
 *   adam_step_advance and the key-advance style counters: <<<1, 1>>>.
 *   Gated (a captured update's divergence gate, agent/tdmpc2): adam_update and lerp_update take a halt flag
 *   (nullable; *halt != 0: return at once), gated_copy_update copies unless halted, and divergence_check_update
 *   (halt = {flag, checks passed, index}) sets the flag at the first value that is not finite or is limited
 *   and >= at_least, freezing the values, else counts a passed check; a set flag is never cleared.
 * CUDA graphs: Adam reads the step from device memory (const int* step), and a captured update ends
 *   with adam_step_advance(step) so replays see t = 1, 2, 3, ...; clip reads norm_sq written by
 *   sum_squares_forward on device; slot arrays hold fixed addresses, and lr/eps live in the slot
 *   array so a schedule can rewrite them between replays without re-capture.
 * Launcher checks: nslots >= 1; chunk_begin consistent with numel (prefix sums) and total_chunks
 *   their sum; every pointer 4-byte aligned and non-null (param, grad, m, v; TensorSlot.a, and .b for
 *   lerp); 0 <= beta1, beta2 < 1; *step >= 1 when adam runs; partials hold gridDim.x floats;
 *   tensors of one call do not alias each other.
 * Variants: none.
 * Entry points:
 *   - adam_update(slots, nslots, total_chunks, step, beta1, beta2, halt)
 *   - adam_step_advance(step): *step += 1.
 *   - sum_squares_forward(slots, nslots, total_chunks, partials, done, acc): *acc += Σ x².
 *   - clip_by_global_norm_update(slots, nslots, total_chunks, norm_sq, max_norm)
 *   - lerp_update(slots, nslots, total_chunks, tau, halt): slot.a += tau·(slot.b - slot.a).
 *   - gated_copy_update(src, dst, n, halt): dst = src unless *halt != 0.
 *   - divergence_check_update(values, limited, n, at_least, halt, frozen) <<<1, 1>>>.
 */
#include "multi_tensor.cuh"
#include "reduce.cuh"

/** The small constant in clip_grad_norm_'s denominator. */
constexpr float CLIP_EPS = 1e-6f;

namespace {

/** The divergence gate of a captured update: a null flag never halts. */
__device__ __forceinline__ bool halted(const float* halt) { return halt != nullptr && *halt != 0.0f; }

/** Calls f(slot, element) for every element this block owns, chunk by chunk (grid-stride over chunks). */
template <typename Slot, typename F>
__device__ __forceinline__ void for_each_chunk_element(const Slot* __restrict__ slots, int nslots, long long total_chunks,
                                                       F f) {
    for (long long chunk = blockIdx.x; chunk < total_chunks; chunk += gridDim.x) {
        const int s = mbrl::find_slot(slots, nslots, chunk);
        const long long numel = __ldg(&slots[s].numel);
        const long long start = (chunk - __ldg(&slots[s].chunk_begin)) * mbrl::MT_CHUNK;
#pragma unroll
        for (int e = 0; e < mbrl::MT_ELEMS_PER_THREAD; ++e) {
            const long long i = start + (long long) e * mbrl::MT_THREADS + threadIdx.x;
            if (i < numel) f(slots[s], i);
        }
    }
}

} // namespace

extern "C" __global__ void __launch_bounds__(mbrl::MT_THREADS)
    adam_update(const mbrl::AdamSlot* __restrict__ slots, int nslots, long long total_chunks, const int* __restrict__ step,
                float beta1, float beta2, const float* halt) {
    if (halted(halt)) return;
    const int t = *step;
    const double bc1 = 1.0 - pow((double) beta1, (double) t);
    const double bc2 = 1.0 - pow((double) beta2, (double) t);
    const float bc2_sqrt = (float) sqrt(bc2);
    const float one_minus_b1 = 1.0f - beta1;
    const float one_minus_b2 = 1.0f - beta2;
    for (long long chunk = blockIdx.x; chunk < total_chunks; chunk += gridDim.x) {
        const mbrl::AdamSlot& s = slots[mbrl::find_slot(slots, nslots, chunk)];
        const long long start = (chunk - s.chunk_begin) * mbrl::MT_CHUNK;
        const float step_size = (float) ((double) s.lr / bc1);
#pragma unroll
        for (int e = 0; e < mbrl::MT_ELEMS_PER_THREAD; ++e) {
            const long long i = start + (long long) e * mbrl::MT_THREADS + threadIdx.x;
            if (i >= s.numel) continue;
            const float g = s.grad[i];
            const float m = beta1 * s.m[i] + one_minus_b1 * g;
            const float v = beta2 * s.v[i] + one_minus_b2 * (g * g);
            s.m[i] = m;
            s.v[i] = v;
            const float denom = sqrtf(v) / bc2_sqrt + s.eps;
            s.param[i] -= step_size * (m / denom);  // PyTorch: param.addcdiv_(m, denom, value=-step_size)
        }
    }
}

extern "C" __global__ void adam_step_advance(int* step) {
    if (blockIdx.x == 0 && threadIdx.x == 0) *step += 1;
}

extern "C" __global__ void __launch_bounds__(mbrl::MT_THREADS)
    sum_squares_forward(const mbrl::TensorSlot* __restrict__ slots, int nslots, long long total_chunks,
                        float* __restrict__ partials, unsigned int* __restrict__ done, float* __restrict__ acc) {
    __shared__ float scratch[mbrl::MAX_BLOCK_WARPS];
    __shared__ bool is_last;
    float local = 0.0f;
    for_each_chunk_element(slots, nslots, total_chunks, [&](const mbrl::TensorSlot& s, long long i) {
        const float x = s.a[i];
        local += x * x;
    });
    const float block_total = mbrl::block_sum(local, scratch);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = block_total;
        __threadfence();  // publish the partial before counting this block as done
        is_last = atomicAdd(done, 1u) == gridDim.x - 1;
    }
    __syncthreads();
    if (is_last) {
        __threadfence();
        float s = 0.0f;
        for (unsigned b = threadIdx.x; b < gridDim.x; b += blockDim.x) s += __ldcg(partials + b);
        const float total = mbrl::block_sum(s, scratch);
        if (threadIdx.x == 0) {
            *acc += total;
            *done = 0u;  // ready for the next launch (and the next graph replay)
        }
    }
}

extern "C" __global__ void __launch_bounds__(mbrl::MT_THREADS)
    clip_by_global_norm_update(const mbrl::TensorSlot* __restrict__ slots, int nslots, long long total_chunks,
                               const float* __restrict__ norm_sq, float max_norm) {
    const float coef = mbrl::java_min(1.0f, max_norm / (sqrtf(*norm_sq) + CLIP_EPS));
    if (coef == 1.0f) return;  // grads *= 1 changes nothing
    for_each_chunk_element(slots, nslots, total_chunks, [&](const mbrl::TensorSlot& s, long long i) { s.a[i] *= coef; });
}

extern "C" __global__ void __launch_bounds__(mbrl::MT_THREADS)
    lerp_update(const mbrl::TensorSlot* __restrict__ slots, int nslots, long long total_chunks, float tau,
                const float* halt) {
    if (halted(halt)) return;
    for_each_chunk_element(slots, nslots, total_chunks, [&](const mbrl::TensorSlot& s, long long i) {
        s.a[i] += tau * (s.b[i] - s.a[i]);
    });
}

extern "C" __global__ void __launch_bounds__(mbrl::MT_THREADS)
    gated_copy_update(const float* __restrict__ src, float* __restrict__ dst, long long n, const float* halt) {
    if (halted(halt)) return;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += (long long) gridDim.x * blockDim.x) {
        dst[i] = src[i];
    }
}

extern "C" __global__ void __launch_bounds__(1)
    divergence_check_update(const float* __restrict__ values, const float* __restrict__ limited, int n, float at_least,
                       float* __restrict__ halt, float* __restrict__ frozen) {
    if (blockIdx.x != 0 || threadIdx.x != 0 || halt[0] != 0.0f) return;
    for (int i = 0; i < n; ++i) {
        const float x = values[i];
        if (!isfinite(x) || (limited[i] != 0.0f && x >= at_least)) {
            halt[0] = 1.0f;
            halt[2] = (float) i;
            for (int j = 0; j < n; ++j) frozen[j] = values[j];
            return;
        }
    }
    halt[1] += 1.0f;
}
