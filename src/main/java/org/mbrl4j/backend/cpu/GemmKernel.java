package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled GEMM micro-kernel: one MR × NR tile of C updated from packed panels,
 * {@code C[r][j] += Σ_k Ap[k·MR + r] · Bp[k·NR + j]} for r < MR, j < NR (the BLIS micro-kernel,
 * Van Zee and van de Geijn, "BLIS: A framework for rapidly instantiating BLAS functionality", 2015).
 *
 * <p>The tile is chosen at start for the machine's vector registers ({@link #MR}): NR is two vectors,
 * and each k step loads 2 B vectors and broadcasts MR values of A (a broadcast from memory is a load, not
 * a shuffle), feeding 2·MR FMAs. With 512-bit vectors (AVX-512: 32 registers) the tile is 12 × 2 vectors:
 * 24 accumulators keep both FMA ports of an Intel core busy (4 cycles latency × 2 ports = 8 chains at
 * least) and halve the broadcasts per FMA of a 6-row tile, and 24 + 2 + 1 registers fit without spills.
 * With narrower vectors (AVX2: 16 registers) it is 6 × 2 vectors, 12 accumulators + 3 = 15 registers.
 * Measured on the Sapphire Rapids development machine, panels in cache, thread CPU time: 6 × 2 reached
 * 158-165 GFLOP/s, 8 × 2 161-169, 12 × 2 177-180, 14 × 2 161-163, 8 × 3 141-150, 4 × 4 112-119.
 *
 * <p>Every accumulator starts at zero for its depth block and takes the block's products in k order
 * by FMA, then is added to C, whatever the tile: the tile changes which elements run together, never
 * an element's summation order, so every tile computes the same bits (GemmSummationOrderTest).
 *
 * <p>No bounds checks in the k loop: its indices are affine in k, so C2 hoists the array range checks
 * out of the loop (loop predication). Checked on JDK 25 by disassembling C2's code for {@code tile12}
 * ({@code -XX:CompileCommand=print}, hex through objdump): the loop body is 24 vfmadd231ps, 12
 * vbroadcastss from memory, 2 vmovups, 9 scalar index and loop-counter instructions and the back branch.
 */
final class GemmKernel {
    private GemmKernel() {}

    static final VectorSpecies<Float> S = VectorWidth.FLOAT;
    /** Floats per vector (1 when vectors are disabled; the kernel is then never called). */
    static final int VL = S == null ? 1 : S.length();
    /**
     * Rows of the register tile: 12 with 512-bit vectors, else 6; {@code -Dmbrl.cpu.gemmTileRows=6|12}
     * overrides the choice (for measurements; the bits are the same either way).
     */
    static final int MR = tileRows(VL);
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * VL;

    static int tileRows(int vectorLength) {
        String forced = System.getProperty("mbrl.cpu.gemmTileRows");
        if (forced != null) {
            if (!forced.equals("6") && !forced.equals("12")) {
                throw new IllegalArgumentException("mbrl.cpu.gemmTileRows=" + forced + ": allowed 6 or 12");
            }
            return Integer.parseInt(forced);
        }
        return vectorLength >= 16 ? 12 : 6;
    }

    /**
     * C[co + r·ldc + j] = src[so + r·lds + j] + Σ_k ap[ao + k·MR + r] · bp[bo + k·NR + j], the full MR × NR
     * tile. The start src is C itself ({@code src = c, so = co, lds = ldc}: accumulate), or for a first
     * depth block a row broadcast to every row ({@code lds = 0}: the layer bias, or zeros for beta = 0),
     * which saves the pass that would fill C with it first; src + sum rounds as C + sum did, so the bits are
     * the same.
     */
    static void tile(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc, float[] src, int so,
            int lds) {
        if (MR == 12) {
            tile12(ap, ao, 12, bp, bo, kc, c, co, ldc, src, so, lds);
        } else {
            tile6(ap, ao, bp, bo, kc, c, co, ldc, src, so, lds);
        }
    }

    /** The 6-row tile for 16 vector registers (AVX2): 12 accumulators, 2 B vectors, 1 broadcast. */
    private static void tile6(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc, float[] src,
            int so, int lds) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int k = 0; k < kc; k++) {
            int bi = bo + k * NR;
            int ai = ao + k * 6;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
        }
        addRow(c, co, src, so, c00, c01);
        addRow(c, co + ldc, src, so + lds, c10, c11);
        addRow(c, co + 2 * ldc, src, so + 2 * lds, c20, c21);
        addRow(c, co + 3 * ldc, src, so + 3 * lds, c30, c31);
        addRow(c, co + 4 * ldc, src, so + 4 * lds, c40, c41);
        addRow(c, co + 5 * ldc, src, so + 5 * lds, c50, c51);
    }

    /**
     * The 12-row tile reading op(A) with its rows contiguous at each depth ({@code a[ao + k·aks + r]}): a
     * column-major op(A) in place (a weight gradient's dy^T, aks its column stride), as {@link #tile}
     * computes from a packed panel; the same products in the same order, so the same bits (with alpha = 1).
     * Only with the 12-row tile.
     */
    static void tileStridedA(float[] a, int ao, int aks, float[] bp, int bo, int kc, float[] c, int co, int ldc,
            float[] src, int so, int lds) {
        tile12(a, ao, aks, bp, bo, kc, c, co, ldc, src, so, lds);
    }

    /**
     * The 12-row tile for 32 vector registers (AVX-512): 24 accumulators, 2 B vectors, 1 broadcast; A's 12
     * values for depth k at {@code ap[ao + k·aks + r]} (aks = 12 for a packed panel). C is
     * updated inline, not through {@link #addRow}: this method is past C2's inlining node budget, so a
     * helper taking vectors would stay a call and box its vector arguments (10x slower).
     */
    private static void tile12(float[] ap, int ao, int aks, float[] bp, int bo, int kc, float[] c, int co, int ldc,
            float[] src, int so, int lds) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z, c70 = z, c71 = z, c80 = z, c81 = z;
        FloatVector c90 = z, c91 = z, c100 = z, c101 = z, c110 = z, c111 = z;
        for (int k = 0; k < kc; k++) {
            int bi = bo + k * NR;
            int ai = ao + k * aks;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            a = FloatVector.broadcast(S, ap[ai + 8]);
            c80 = a.fma(b0, c80);
            c81 = a.fma(b1, c81);
            a = FloatVector.broadcast(S, ap[ai + 9]);
            c90 = a.fma(b0, c90);
            c91 = a.fma(b1, c91);
            a = FloatVector.broadcast(S, ap[ai + 10]);
            c100 = a.fma(b0, c100);
            c101 = a.fma(b1, c101);
            a = FloatVector.broadcast(S, ap[ai + 11]);
            c110 = a.fma(b0, c110);
            c111 = a.fma(b1, c111);
        }
        FloatVector.fromArray(S, src, so).add(c00).intoArray(c, co);
        FloatVector.fromArray(S, src, so + VL).add(c01).intoArray(c, co + VL);
        FloatVector.fromArray(S, src, so + lds).add(c10).intoArray(c, co + ldc);
        FloatVector.fromArray(S, src, so + lds + VL).add(c11).intoArray(c, co + ldc + VL);
        FloatVector.fromArray(S, src, so + 2 * lds).add(c20).intoArray(c, co + 2 * ldc);
        FloatVector.fromArray(S, src, so + 2 * lds + VL).add(c21).intoArray(c, co + 2 * ldc + VL);
        FloatVector.fromArray(S, src, so + 3 * lds).add(c30).intoArray(c, co + 3 * ldc);
        FloatVector.fromArray(S, src, so + 3 * lds + VL).add(c31).intoArray(c, co + 3 * ldc + VL);
        FloatVector.fromArray(S, src, so + 4 * lds).add(c40).intoArray(c, co + 4 * ldc);
        FloatVector.fromArray(S, src, so + 4 * lds + VL).add(c41).intoArray(c, co + 4 * ldc + VL);
        FloatVector.fromArray(S, src, so + 5 * lds).add(c50).intoArray(c, co + 5 * ldc);
        FloatVector.fromArray(S, src, so + 5 * lds + VL).add(c51).intoArray(c, co + 5 * ldc + VL);
        FloatVector.fromArray(S, src, so + 6 * lds).add(c60).intoArray(c, co + 6 * ldc);
        FloatVector.fromArray(S, src, so + 6 * lds + VL).add(c61).intoArray(c, co + 6 * ldc + VL);
        FloatVector.fromArray(S, src, so + 7 * lds).add(c70).intoArray(c, co + 7 * ldc);
        FloatVector.fromArray(S, src, so + 7 * lds + VL).add(c71).intoArray(c, co + 7 * ldc + VL);
        FloatVector.fromArray(S, src, so + 8 * lds).add(c80).intoArray(c, co + 8 * ldc);
        FloatVector.fromArray(S, src, so + 8 * lds + VL).add(c81).intoArray(c, co + 8 * ldc + VL);
        FloatVector.fromArray(S, src, so + 9 * lds).add(c90).intoArray(c, co + 9 * ldc);
        FloatVector.fromArray(S, src, so + 9 * lds + VL).add(c91).intoArray(c, co + 9 * ldc + VL);
        FloatVector.fromArray(S, src, so + 10 * lds).add(c100).intoArray(c, co + 10 * ldc);
        FloatVector.fromArray(S, src, so + 10 * lds + VL).add(c101).intoArray(c, co + 10 * ldc + VL);
        FloatVector.fromArray(S, src, so + 11 * lds).add(c110).intoArray(c, co + 11 * ldc);
        FloatVector.fromArray(S, src, so + 11 * lds + VL).add(c111).intoArray(c, co + 11 * ldc + VL);
    }

    /**
     * The 12-row tile reading op(A) in place, row-major with row stride lda ({@code a[ao + r·lda + k]}), as
     * {@link #tile}: the same products in the same order, so the same bits as packing A (with alpha = 1).
     * It repeats {@link #tile12}'s body with A addressed through 12 row offsets: one kernel taking A's two
     * strides at run time would serve both, but cost the packed path its constant displacements (GemmPack).
     */
    static void tile12InPlace(float[] a, int ao, int lda, float[] bp, int bo, int kc, float[] c, int co, int ldc,
            float[] src, int so, int lds) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        FloatVector c60 = z, c61 = z, c70 = z, c71 = z, c80 = z, c81 = z;
        FloatVector c90 = z, c91 = z, c100 = z, c101 = z, c110 = z, c111 = z;
        int a0 = ao;
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int a4 = a3 + lda;
        int a5 = a4 + lda;
        int a6 = a5 + lda;
        int a7 = a6 + lda;
        int a8 = a7 + lda;
        int a9 = a8 + lda;
        int a10 = a9 + lda;
        int a11 = a10 + lda;
        for (int k = 0; k < kc; k++) {
            int bi = bo + k * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
            FloatVector x = FloatVector.broadcast(S, a[a0 + k]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + k]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + k]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + k]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + k]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + k]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + k]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + k]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
            x = FloatVector.broadcast(S, a[a8 + k]);
            c80 = x.fma(b0, c80);
            c81 = x.fma(b1, c81);
            x = FloatVector.broadcast(S, a[a9 + k]);
            c90 = x.fma(b0, c90);
            c91 = x.fma(b1, c91);
            x = FloatVector.broadcast(S, a[a10 + k]);
            c100 = x.fma(b0, c100);
            c101 = x.fma(b1, c101);
            x = FloatVector.broadcast(S, a[a11 + k]);
            c110 = x.fma(b0, c110);
            c111 = x.fma(b1, c111);
        }
        FloatVector.fromArray(S, src, so).add(c00).intoArray(c, co);
        FloatVector.fromArray(S, src, so + VL).add(c01).intoArray(c, co + VL);
        FloatVector.fromArray(S, src, so + lds).add(c10).intoArray(c, co + ldc);
        FloatVector.fromArray(S, src, so + lds + VL).add(c11).intoArray(c, co + ldc + VL);
        FloatVector.fromArray(S, src, so + 2 * lds).add(c20).intoArray(c, co + 2 * ldc);
        FloatVector.fromArray(S, src, so + 2 * lds + VL).add(c21).intoArray(c, co + 2 * ldc + VL);
        FloatVector.fromArray(S, src, so + 3 * lds).add(c30).intoArray(c, co + 3 * ldc);
        FloatVector.fromArray(S, src, so + 3 * lds + VL).add(c31).intoArray(c, co + 3 * ldc + VL);
        FloatVector.fromArray(S, src, so + 4 * lds).add(c40).intoArray(c, co + 4 * ldc);
        FloatVector.fromArray(S, src, so + 4 * lds + VL).add(c41).intoArray(c, co + 4 * ldc + VL);
        FloatVector.fromArray(S, src, so + 5 * lds).add(c50).intoArray(c, co + 5 * ldc);
        FloatVector.fromArray(S, src, so + 5 * lds + VL).add(c51).intoArray(c, co + 5 * ldc + VL);
        FloatVector.fromArray(S, src, so + 6 * lds).add(c60).intoArray(c, co + 6 * ldc);
        FloatVector.fromArray(S, src, so + 6 * lds + VL).add(c61).intoArray(c, co + 6 * ldc + VL);
        FloatVector.fromArray(S, src, so + 7 * lds).add(c70).intoArray(c, co + 7 * ldc);
        FloatVector.fromArray(S, src, so + 7 * lds + VL).add(c71).intoArray(c, co + 7 * ldc + VL);
        FloatVector.fromArray(S, src, so + 8 * lds).add(c80).intoArray(c, co + 8 * ldc);
        FloatVector.fromArray(S, src, so + 8 * lds + VL).add(c81).intoArray(c, co + 8 * ldc + VL);
        FloatVector.fromArray(S, src, so + 9 * lds).add(c90).intoArray(c, co + 9 * ldc);
        FloatVector.fromArray(S, src, so + 9 * lds + VL).add(c91).intoArray(c, co + 9 * ldc + VL);
        FloatVector.fromArray(S, src, so + 10 * lds).add(c100).intoArray(c, co + 10 * ldc);
        FloatVector.fromArray(S, src, so + 10 * lds + VL).add(c101).intoArray(c, co + 10 * ldc + VL);
        FloatVector.fromArray(S, src, so + 11 * lds).add(c110).intoArray(c, co + 11 * ldc);
        FloatVector.fromArray(S, src, so + 11 * lds + VL).add(c111).intoArray(c, co + 11 * ldc + VL);
    }

    /**
     * The right edge of C with at most VL columns (F = 101 leaves 5), 12 rows computed and the first
     * {@code rows} written: one vector of B per depth, A's value for row r and depth k at
     * {@code a[ao + r·ars + k·aks]} (a packed panel: ars 1, aks 12; op(A) in place: its two strides, which this
     * edge kernel takes at run time where the full tiles have one kernel per layout); the sums go through {@code scratch} (MR·VL floats) and their first {@code cols} columns
     * are added to the start src (as {@link #tile}). Each element's products in k order from zero, then added
     * to the start: the tile's order. Not through lane masks: with masked loads and stores of C here, the
     * agent's act at the {@code cpu} preset took 66 ms instead of 22 (JMH, one thread, Zen 5). A masked load,
     * add and store alone take 3.4 ns, but in the agent C2 left most masked loads as calls to the Java fallback
     * ({@code -XX:+PrintIntrinsics}: 89 {@code VectorSupport::loadMasked} not intrinsified with the masked kernels,
     * 18 without them, the other ops' tails).
     */
    static void narrow12(float[] a, int ao, int ars, int aks, float[] bp, int bo, int kc, float[] c, int co, int ldc,
            float[] src, int so, int lds, int rows, int cols, float[] scratch) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z;
        FloatVector c6 = z, c7 = z, c8 = z, c9 = z, c10 = z, c11 = z;
        int a0 = ao;
        int a1 = a0 + ars;
        int a2 = a1 + ars;
        int a3 = a2 + ars;
        int a4 = a3 + ars;
        int a5 = a4 + ars;
        int a6 = a5 + ars;
        int a7 = a6 + ars;
        int a8 = a7 + ars;
        int a9 = a8 + ars;
        int a10 = a9 + ars;
        int a11 = a10 + ars;
        for (int k = 0; k < kc; k++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + k * NR);
            int ak = k * aks;
            c0 = FloatVector.broadcast(S, a[a0 + ak]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[a1 + ak]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[a2 + ak]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[a3 + ak]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[a4 + ak]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[a5 + ak]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[a6 + ak]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[a7 + ak]).fma(b0, c7);
            c8 = FloatVector.broadcast(S, a[a8 + ak]).fma(b0, c8);
            c9 = FloatVector.broadcast(S, a[a9 + ak]).fma(b0, c9);
            c10 = FloatVector.broadcast(S, a[a10 + ak]).fma(b0, c10);
            c11 = FloatVector.broadcast(S, a[a11 + ak]).fma(b0, c11);
        }
        c0.intoArray(scratch, 0);
        c1.intoArray(scratch, 1 * VL);
        c2.intoArray(scratch, 2 * VL);
        c3.intoArray(scratch, 3 * VL);
        c4.intoArray(scratch, 4 * VL);
        c5.intoArray(scratch, 5 * VL);
        c6.intoArray(scratch, 6 * VL);
        c7.intoArray(scratch, 7 * VL);
        c8.intoArray(scratch, 8 * VL);
        c9.intoArray(scratch, 9 * VL);
        c10.intoArray(scratch, 10 * VL);
        c11.intoArray(scratch, 11 * VL);
        addColumns(scratch, c, co, ldc, src, so, lds, rows, cols);
    }

    /**
     * Up to 4 rows of the bottom edge (rows <= 4) over the full NR columns: rows [0, 4) of a packed panel
     * ({@code ap[ao + k·aks + r]}), 8 accumulators, so a 256-row product's last 4 rows cost a third of a
     * 12-row tile; only the first {@code rows} rows are written. Each element's order is the tile's.
     */
    static void tile4(float[] ap, int ao, int aks, float[] bp, int bo, int kc, float[] c, int co, int ldc, float[] src,
            int so, int lds, int rows) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
        for (int k = 0; k < kc; k++) {
            int bi = bo + k * NR;
            int ai = ao + k * aks;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + VL);
            FloatVector x0 = FloatVector.broadcast(S, ap[ai + 0]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
        }
        addRow(c, co, src, so, c00, c01);
        if (rows > 1) {
            addRow(c, co + ldc, src, so + lds, c10, c11);
        }
        if (rows > 2) {
            addRow(c, co + 2 * ldc, src, so + 2 * lds, c20, c21);
        }
        if (rows > 3) {
            addRow(c, co + 3 * ldc, src, so + 3 * lds, c30, c31);
        }
    }

    /** c[co + r·ldc + j] = src[so + r·lds + j] + sums[r·VL + j] for r < rows, j < cols. */
    private static void addColumns(float[] sums, float[] c, int co, int ldc, float[] src, int so, int lds, int rows,
            int cols) {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[co + r * ldc + j] = src[so + r * lds + j] + sums[r * VL + j];
            }
        }
    }

    private static void addRow(float[] c, int o, float[] src, int so, FloatVector v0, FloatVector v1) {
        FloatVector.fromArray(S, src, so).add(v0).intoArray(c, o);
        FloatVector.fromArray(S, src, so + VL).add(v1).intoArray(c, o + VL);
    }

    /**
     * A partial tile at the bottom or right edge of C ({@code rows <= MR}, {@code cols <= NR}): the
     * zero-padded panels are multiplied into {@code scratch} (MR·NR floats) and the valid part added to the
     * start ({@link #tile}).
     * At most VL columns (F = 101 leaves 5 in its last panel) take a one-vector kernel, half the work; a bottom
     * edge of full width runs 4 rows at a time ({@link #tile4}: M = 256 leaves 4).
     */
    static void edgeTile(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc, float[] src,
            int so, int lds, int rows, int cols, float[] scratch) {
        if (MR == 12 && cols <= VL) {
            narrow12(ap, ao, 1, MR, bp, bo, kc, c, co, ldc, src, so, lds, rows, cols, scratch);
            return;
        }
        if (MR == 12 && cols == NR) {
            for (int r = 0; r < rows; r += 4) {
                tile4(ap, ao + r, MR, bp, bo, kc, c, co + r * ldc, ldc, src, so + r * lds, lds, Math.min(4, rows - r));
            }
            return;
        }
        java.util.Arrays.fill(scratch, 0, MR * NR, 0f);
        if (cols > VL) {
            tile(ap, ao, bp, bo, kc, scratch, 0, NR, scratch, 0, NR);
        } else {
            narrow6(ap, ao, bp, bo, kc, scratch, 0, NR);
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[co + r * ldc + j] = src[so + r * lds + j] + scratch[r * NR + j];
            }
        }
    }

    /** One vector wide, 6 rows: the 6-row tile's first VL columns, in the same order per element. */
    private static void narrow6(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z;
        for (int k = 0; k < kc; k++) {
            int ai = ao + k * 6;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo + k * NR);
            c0 = FloatVector.broadcast(S, ap[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, ap[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, ap[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, ap[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, ap[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, ap[ai + 5]).fma(b0, c5);
        }
        FloatVector.fromArray(S, c, co).add(c0).intoArray(c, co);
        FloatVector.fromArray(S, c, co + ldc).add(c1).intoArray(c, co + ldc);
        FloatVector.fromArray(S, c, co + 2 * ldc).add(c2).intoArray(c, co + 2 * ldc);
        FloatVector.fromArray(S, c, co + 3 * ldc).add(c3).intoArray(c, co + 3 * ldc);
        FloatVector.fromArray(S, c, co + 4 * ldc).add(c4).intoArray(c, co + 4 * ldc);
        FloatVector.fromArray(S, c, co + 5 * ldc).add(c5).intoArray(c, co + 5 * ldc);
    }
}
