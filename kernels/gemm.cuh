// gemm.cuh: the GEMM main loops shared by gemm.cu and ensemble_linear.cu.
//
// c[z] = alpha · Σ_s op(a[z,s]) · op(b[z,s]) + beta · c[z] + bias[z]   (row-major, FP32 in and out)
// Dims as docs/dims.md#op-dims; Problem's BLAS-named fields A, B, C, M, N, K hold a, b, c, M, F, Fi.
//   op(a) is M×Fi: a stored (M, Fi) with row stride lda, or (Fi, M) when TA.
//   op(b) is Fi×F: b stored (Fi, F) with row stride ldb, or (F, Fi) when TB.
//   z = blockIdx.z (batch, element strides batch_*); s = reduction segment (ksegs of them, element
//   strides seg_*), summed into the same c (the ensemble backward's sum over heads).
//   beta == 0 never reads c; bias (F per batch) may be null.
// Two main loops: TF32 tensor cores (mma.sync m16n8k8, cp.async 3-stage pipeline) and an exact FP32
// SIMT loop. Both handle any M, F, Fi >= 0 by predicated (zero-filled) edge tiles.
#pragma once
#include <stdint.h>

namespace mbrl {
namespace gemm {

struct Problem {
    const float* A;
    const float* B;
    float* C;
    const float* bias;
    int M, N, K;
    int lda, ldb, ldc;
    long long batch_a, batch_b, batch_c, batch_bias;
    int ksegs;
    long long seg_a, seg_b;
    float alpha, beta;
};

// ---- TF32 tile geometry -----------------------------------------------------------------------
/** Block tile 64×64×16, 4 warps in a 2×2 grid, each warp 32×32 = 2 m16 × 4 n8 mma fragments. */
constexpr int TF_BM = 64;
constexpr int TF_BN = 64;
constexpr int TF_BK = 16;
constexpr int TF_THREADS = 128;
constexpr int TF_WARP_M = 32;
constexpr int TF_WARP_N = 32;
constexpr int TF_WARPS_N = TF_BN / TF_WARP_N;
constexpr int TF_MI = TF_WARP_M / 16;
constexpr int TF_NI = TF_WARP_N / 8;
constexpr int MMA_K = 8;
/** Three cp.async stages: one tile computing, two in flight; 3 × 10 KB of static shared memory. */
constexpr int TF_STAGES = 3;
/**
 * Row padding in shared memory, in floats. Rows whose contiguous dim is k have BK + 4 = 20 words
 * (fragment reads hit banks 20·g + t, all 32 distinct); rows whose contiguous dim is m or n have
 * 64 + 8 = 72 words (≡ 8 mod 32: banks 8·t + g, all distinct). Both keep rows 16-byte aligned.
 */
constexpr int PAD_K = 4;
constexpr int PAD_MN = 8;

/** Shared-memory layout of the A tile: k-contiguous rows for A (M,K), m-contiguous for A^T. */
template <bool TA>
struct ATile {
    static constexpr int ROWS = TA ? TF_BK : TF_BM;
    static constexpr int COLS = TA ? TF_BM : TF_BK;
    static constexpr int LD = COLS + (TA ? PAD_MN : PAD_K);
    static constexpr int SIZE = ROWS * LD;
    __device__ static __forceinline__ float at(const float* s, int m, int k) { return TA ? s[k * LD + m] : s[m * LD + k]; }
};

/** Shared-memory layout of the B tile: n-contiguous rows for B (K,N), k-contiguous for B^T. */
template <bool TB>
struct BTile {
    static constexpr int ROWS = TB ? TF_BN : TF_BK;
    static constexpr int COLS = TB ? TF_BK : TF_BN;
    static constexpr int LD = COLS + (TB ? PAD_K : PAD_MN);
    static constexpr int SIZE = ROWS * LD;
    __device__ static __forceinline__ float at(const float* s, int k, int n) { return TB ? s[n * LD + k] : s[k * LD + n]; }
};

// ---- cp.async and mma wrappers ------------------------------------------------------------------
// MBRL_EMU (kernels/emu/shim.h, the host emulator) selects emulated instructions instead of the asm.
/** 16-byte async copy; bytes beyond src_bytes (0..16) are zero-filled and not read. */
__device__ __forceinline__ void cp_async_16(float* smem, const float* gmem, int src_bytes) {
#ifdef MBRL_EMU
    emu::cp_async(smem, gmem, 16, src_bytes);
#else
    const unsigned s = (unsigned) __cvta_generic_to_shared(smem);
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(s), "l"(gmem), "r"(src_bytes));
#endif
}

/** 4-byte async copy; src_bytes 0 writes a zero without reading. */
__device__ __forceinline__ void cp_async_4(float* smem, const float* gmem, int src_bytes) {
#ifdef MBRL_EMU
    emu::cp_async(smem, gmem, 4, src_bytes);
#else
    const unsigned s = (unsigned) __cvta_generic_to_shared(smem);
    asm volatile("cp.async.ca.shared.global [%0], [%1], 4, %2;\n" ::"r"(s), "l"(gmem), "r"(src_bytes));
#endif
}

#ifdef MBRL_EMU
__device__ __forceinline__ void cp_async_commit() { emu::cp_async_commit(); }

template <int PENDING>
__device__ __forceinline__ void cp_async_wait() { emu::cp_async_wait(PENDING); }
#else
__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }

template <int PENDING>
__device__ __forceinline__ void cp_async_wait() { asm volatile("cp.async.wait_group %0;\n" ::"n"(PENDING)); }
#endif

/** Round to TF32 (10-bit mantissa), nearest with ties away, as cuBLAS's TF32 path. */
__device__ __forceinline__ uint32_t to_tf32(float x) {
#ifdef MBRL_EMU
    return emu::cvt_rna_tf32(x);
#else
    uint32_t r;
    asm("cvt.rna.tf32.f32 %0, %1;\n" : "=r"(r) : "f"(x));
    return r;
#endif
}

/** d += a · b on one m16n8k8 tile (row-major A fragment, column-major B fragment, FP32 accumulate). */
__device__ __forceinline__ void mma_tf32(float* d, const uint32_t* a, const uint32_t* b) {
#ifdef MBRL_EMU
    emu::mma_m16n8k8_tf32(d, a, b, d);
#else
    asm volatile(
        "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};\n"
        : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
#endif
}

/** True when 16-byte cp.async is legal for every tile of this operand. */
__device__ __forceinline__ bool vec16_ok(const float* base, int ld, int ksegs, long long seg_stride) {
    return ((reinterpret_cast<uintptr_t>(base) & 15) == 0) && (ld % 4 == 0) && (ksegs == 1 || seg_stride % 4 == 0);
}

/**
 * Async copy of a ROWS×COLS tile (rows of the stored matrix starting at row0, contiguous columns
 * starting at col0) into shared rows of stride lds, zero-filling outside [0,row_lim)×[0,col_lim).
 * vec16: 16-byte copies (needs vec16_ok); else 4-byte copies, any alignment.
 */
template <int ROWS, int COLS, int THREADS>
__device__ __forceinline__ void load_tile_async(float* smem, int lds, const float* g, int ldg, int row0, int col0,
                                                int row_lim, int col_lim, bool vec16) {
    if (vec16) {
        constexpr int VECS_PER_ROW = COLS / 4;
        for (int v = threadIdx.x; v < ROWS * VECS_PER_ROW; v += THREADS) {
            const int r = v / VECS_PER_ROW;
            const int c = (v % VECS_PER_ROW) * 4;
            const int gr = row0 + r;
            const int gc = col0 + c;
            const int n = gr < row_lim ? min(4, max(0, col_lim - gc)) : 0;
            cp_async_16(smem + r * lds + c, n > 0 ? g + (long long) gr * ldg + gc : g, n * 4);
        }
    } else {
        for (int e = threadIdx.x; e < ROWS * COLS; e += THREADS) {
            const int r = e / COLS;
            const int c = e % COLS;
            const int gr = row0 + r;
            const int gc = col0 + c;
            const bool in = gr < row_lim && gc < col_lim;
            cp_async_4(smem + r * lds + c, in ? g + (long long) gr * ldg + gc : g, in ? 4 : 0);
        }
    }
}

/** The epilogue shared by both main loops: C = alpha·acc + beta·C (C unread when beta == 0) + bias. */
__device__ __forceinline__ void store_c(const Problem& p, float* C, const float* bias, int r, int c, float acc) {
    if (r < p.M && c < p.N) {
        float v = p.alpha * acc;
        const long long at = (long long) r * p.ldc + c;
        if (p.beta != 0.0f) v += p.beta * C[at];
        if (bias != nullptr) v += __ldg(bias + c);
        C[at] = v;
    }
}

// ---- TF32 tensor-core main loop ----------------------------------------------------------------
/** One 64×64 output tile per block: blockIdx.x over N tiles, blockIdx.y over M tiles, blockIdx.z batch. */
template <bool TA, bool TB>
__device__ __forceinline__ void tf32_gemm(const Problem& p) {
    using AT = ATile<TA>;
    using BT = BTile<TB>;
    __shared__ __align__(16) float As[TF_STAGES][AT::SIZE];
    __shared__ __align__(16) float Bs[TF_STAGES][BT::SIZE];

    const long long z = blockIdx.z;
    const float* A = p.A + z * p.batch_a;
    const float* B = p.B + z * p.batch_b;
    float* C = p.C + z * p.batch_c;
    const float* bias = p.bias != nullptr ? p.bias + z * p.batch_bias : nullptr;
    const int m0 = blockIdx.y * TF_BM;
    const int n0 = blockIdx.x * TF_BN;
    const bool vec_a = vec16_ok(A, p.lda, p.ksegs, p.seg_a);
    const bool vec_b = vec16_ok(B, p.ldb, p.ksegs, p.seg_b);
    const int tiles_per_seg = (p.K + TF_BK - 1) / TF_BK;
    const int tiles = tiles_per_seg * p.ksegs;

    auto load_stage = [&](int stage, int tile) {
        const int seg = tile / tiles_per_seg;
        const int k0 = (tile - seg * tiles_per_seg) * TF_BK;
        const float* a = A + seg * p.seg_a;
        const float* b = B + seg * p.seg_b;
        if (TA) {
            load_tile_async<TF_BK, TF_BM, TF_THREADS>(As[stage], AT::LD, a, p.lda, k0, m0, p.K, p.M, vec_a);
        } else {
            load_tile_async<TF_BM, TF_BK, TF_THREADS>(As[stage], AT::LD, a, p.lda, m0, k0, p.M, p.K, vec_a);
        }
        if (TB) {
            load_tile_async<TF_BN, TF_BK, TF_THREADS>(Bs[stage], BT::LD, b, p.ldb, n0, k0, p.N, p.K, vec_b);
        } else {
            load_tile_async<TF_BK, TF_BN, TF_THREADS>(Bs[stage], BT::LD, b, p.ldb, k0, n0, p.K, p.N, vec_b);
        }
    };

    const int warp = threadIdx.x / 32;
    const int lane = threadIdx.x % 32;
    const int wm = (warp / TF_WARPS_N) * TF_WARP_M;
    const int wn = (warp % TF_WARPS_N) * TF_WARP_N;
    const int gid = lane >> 2;  // mma groupID
    const int tig = lane & 3;   // mma threadID_in_group

    float acc[TF_MI][TF_NI][4];
#pragma unroll
    for (int i = 0; i < TF_MI; ++i)
#pragma unroll
        for (int j = 0; j < TF_NI; ++j)
#pragma unroll
            for (int q = 0; q < 4; ++q) acc[i][j][q] = 0.0f;

    // Prologue: put STAGES-1 tiles in flight (empty groups keep the wait counts uniform).
#pragma unroll
    for (int s = 0; s < TF_STAGES - 1; ++s) {
        if (s < tiles) load_stage(s, s);
        cp_async_commit();
    }

    for (int t = 0; t < tiles; ++t) {
        cp_async_wait<TF_STAGES - 2>();  // tile t has landed (for this thread) ...
        __syncthreads();                 // ... and for every thread; stage (t-1) % STAGES is free again
        const int next = t + TF_STAGES - 1;
        if (next < tiles) load_stage(next % TF_STAGES, next);
        cp_async_commit();

        const float* as = As[t % TF_STAGES];
        const float* bs = Bs[t % TF_STAGES];
#pragma unroll
        for (int kk = 0; kk < TF_BK; kk += MMA_K) {
            uint32_t af[TF_MI][4];
            uint32_t bf[TF_NI][2];
#pragma unroll
            for (int i = 0; i < TF_MI; ++i) {
                const int m = wm + i * 16 + gid;
                af[i][0] = to_tf32(AT::at(as, m, kk + tig));
                af[i][1] = to_tf32(AT::at(as, m + 8, kk + tig));
                af[i][2] = to_tf32(AT::at(as, m, kk + tig + 4));
                af[i][3] = to_tf32(AT::at(as, m + 8, kk + tig + 4));
            }
#pragma unroll
            for (int j = 0; j < TF_NI; ++j) {
                const int n = wn + j * 8 + gid;
                bf[j][0] = to_tf32(BT::at(bs, kk + tig, n));
                bf[j][1] = to_tf32(BT::at(bs, kk + tig + 4, n));
            }
#pragma unroll
            for (int i = 0; i < TF_MI; ++i)
#pragma unroll
                for (int j = 0; j < TF_NI; ++j) mma_tf32(acc[i][j], af[i], bf[j]);
        }
    }
    cp_async_wait<0>();

#pragma unroll
    for (int i = 0; i < TF_MI; ++i)
#pragma unroll
        for (int j = 0; j < TF_NI; ++j)
#pragma unroll
            for (int q = 0; q < 4; ++q) {
                const int r = m0 + wm + i * 16 + gid + (q >> 1) * 8;
                const int c = n0 + wn + j * 8 + tig * 2 + (q & 1);
                store_c(p, C, bias, r, c, acc[i][j][q]);
            }
}

// ---- FP32 SIMT main loop -----------------------------------------------------------------------
/** Block tile 64×64×16; 256 threads in 16×16, each owning a 4×4 micro-tile strided by 16. */
constexpr int SIMT_BM = 64;
constexpr int SIMT_BN = 64;
constexpr int SIMT_BK = 16;
constexpr int SIMT_THREADS = 256;
constexpr int SIMT_TDIM = 16;
constexpr int SIMT_TM = SIMT_BM / SIMT_TDIM;
constexpr int SIMT_TN = SIMT_BN / SIMT_TDIM;
/** k-major shared tiles padded by 4 words so the transposing stores spread over banks. */
constexpr int SIMT_PAD = 4;

template <bool TA, bool TB>
__device__ __forceinline__ void simt_gemm(const Problem& p) {
    __shared__ float As[SIMT_BK][SIMT_BM + SIMT_PAD];
    __shared__ float Bs[SIMT_BK][SIMT_BN + SIMT_PAD];

    const long long z = blockIdx.z;
    const float* A = p.A + z * p.batch_a;
    const float* B = p.B + z * p.batch_b;
    float* C = p.C + z * p.batch_c;
    const float* bias = p.bias != nullptr ? p.bias + z * p.batch_bias : nullptr;
    const int m0 = blockIdx.y * SIMT_BM;
    const int n0 = blockIdx.x * SIMT_BN;
    const int tx = threadIdx.x % SIMT_TDIM;
    const int ty = threadIdx.x / SIMT_TDIM;
    const int tiles_per_seg = (p.K + SIMT_BK - 1) / SIMT_BK;
    const int tiles = tiles_per_seg * p.ksegs;

    float acc[SIMT_TM][SIMT_TN];
#pragma unroll
    for (int i = 0; i < SIMT_TM; ++i)
#pragma unroll
        for (int j = 0; j < SIMT_TN; ++j) acc[i][j] = 0.0f;

    for (int t = 0; t < tiles; ++t) {
        const int seg = t / tiles_per_seg;
        const int k0 = (t - seg * tiles_per_seg) * SIMT_BK;
        const float* a = A + seg * p.seg_a;
        const float* b = B + seg * p.seg_b;
        for (int e = threadIdx.x; e < SIMT_BM * SIMT_BK; e += SIMT_THREADS) {
            // Read along the stored contiguous dim (coalesced), store k-major.
            const int m = TA ? e % SIMT_BM : e / SIMT_BK;
            const int k = TA ? e / SIMT_BM : e % SIMT_BK;
            const int gm = m0 + m;
            const int gk = k0 + k;
            float v = 0.0f;
            if (gm < p.M && gk < p.K) v = TA ? a[(long long) gk * p.lda + gm] : a[(long long) gm * p.lda + gk];
            As[k][m] = v;
        }
        for (int e = threadIdx.x; e < SIMT_BN * SIMT_BK; e += SIMT_THREADS) {
            const int n = TB ? e / SIMT_BK : e % SIMT_BN;
            const int k = TB ? e % SIMT_BK : e / SIMT_BN;
            const int gn = n0 + n;
            const int gk = k0 + k;
            float v = 0.0f;
            if (gn < p.N && gk < p.K) v = TB ? b[(long long) gn * p.ldb + gk] : b[(long long) gk * p.ldb + gn];
            Bs[k][n] = v;
        }
        __syncthreads();
#pragma unroll
        for (int k = 0; k < SIMT_BK; ++k) {
            float av[SIMT_TM];
            float bv[SIMT_TN];
#pragma unroll
            for (int i = 0; i < SIMT_TM; ++i) av[i] = As[k][ty + i * SIMT_TDIM];
#pragma unroll
            for (int j = 0; j < SIMT_TN; ++j) bv[j] = Bs[k][tx + j * SIMT_TDIM];
#pragma unroll
            for (int i = 0; i < SIMT_TM; ++i)
#pragma unroll
                for (int j = 0; j < SIMT_TN; ++j) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
        }
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < SIMT_TM; ++i)
#pragma unroll
        for (int j = 0; j < SIMT_TN; ++j) store_c(p, C, bias, m0 + ty + i * SIMT_TDIM, n0 + tx + j * SIMT_TDIM, acc[i][j]);
}

/** Fills a Problem from the flat launcher arguments (extern "C" entries take scalars, not structs). */
__device__ __forceinline__ Problem make_problem(const float* A, const float* B, float* C, const float* bias, int M, int N,
                                                int K, int lda, int ldb, int ldc, long long batch_a, long long batch_b,
                                                long long batch_c, long long batch_bias, int ksegs, long long seg_a,
                                                long long seg_b, float alpha, float beta) {
    Problem p;
    p.A = A;
    p.B = B;
    p.C = C;
    p.bias = bias;
    p.M = M;
    p.N = N;
    p.K = K;
    p.lda = lda;
    p.ldb = ldb;
    p.ldc = ldc;
    p.batch_a = batch_a;
    p.batch_b = batch_b;
    p.batch_c = batch_c;
    p.batch_bias = batch_bias;
    p.ksegs = ksegs;
    p.seg_a = seg_a;
    p.seg_b = seg_b;
    p.alpha = alpha;
    p.beta = beta;
    return p;
}

} // namespace gemm
} // namespace mbrl
