package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-tiled GEMM micro-kernel: one MR × NR tile of C updated from packed panels,
 * {@code C[r][j] += Σ_k Ap[k·MR + r] · Bp[k·NR + j]} for r < MR, j < NR (the BLIS micro-kernel,
 * Van Zee and van de Geijn, "BLIS: A framework for rapidly instantiating BLAS functionality", 2015).
 *
 * <p>Tile 6 × (2 vectors): 12 accumulators, 2 B loads and one A broadcast per k, so every FMA has
 * 12 independent chains to hide its latency (Zen 4 issues one 512-bit FMA per cycle at 4 cycles
 * latency). Wider tiles (6 × 3, 8 × 3 vectors) made C2 spill and box vectors and ran 5-10x slower.
 */
final class GemmKernel {
    private GemmKernel() {}

    static final VectorSpecies<Float> S = VectorWidth.FLOAT;
    /** Floats per vector (1 when vectors are disabled; the kernel is then never called). */
    static final int VL = S == null ? 1 : S.length();
    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    static final int NR = 2 * VL;

    /** C[co + r·ldc + j] += Σ_k ap[ao + k·MR + r] · bp[bo + k·NR + j], the full MR × NR tile. */
    static void tile(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc) {
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z;
        FloatVector c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        for (int k = 0; k < kc; k++) {
            int bi = bo + k * NR;
            int ai = ao + k * MR;
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
        addRow(c, co, c00, c01);
        addRow(c, co + ldc, c10, c11);
        addRow(c, co + 2 * ldc, c20, c21);
        addRow(c, co + 3 * ldc, c30, c31);
        addRow(c, co + 4 * ldc, c40, c41);
        addRow(c, co + 5 * ldc, c50, c51);
    }

    private static void addRow(float[] c, int o, FloatVector v0, FloatVector v1) {
        FloatVector.fromArray(S, c, o).add(v0).intoArray(c, o);
        FloatVector.fromArray(S, c, o + VL).add(v1).intoArray(c, o + VL);
    }

    /**
     * A partial tile at the bottom or right edge of C ({@code rows <= MR}, {@code cols <= NR}): the
     * zero-padded panels are multiplied into {@code scratch} (MR·NR floats) and the valid part added.
     */
    static void edgeTile(float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int co, int ldc, int rows,
            int cols, float[] scratch) {
        java.util.Arrays.fill(scratch, 0, MR * NR, 0f);
        tile(ap, ao, bp, bo, kc, scratch, 0, NR);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[co + r * ldc + j] += scratch[r * NR + j];
            }
        }
    }
}
