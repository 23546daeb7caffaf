package org.mbrl4j.backend.cpu;

import static org.mbrl4j.backend.cpu.GemmKernel.MR;
import static org.mbrl4j.backend.cpu.GemmKernel.NR;
import static org.mbrl4j.backend.cpu.GemmKernel.S;
import static org.mbrl4j.backend.cpu.GemmKernel.VL;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Packs GEMM operands into the panel layout the micro-kernel streams ({@link GemmKernel}): op(A) as
 * panels of MR rows stored depth-major ({@code Ap[k·MR + r]}), op(B) as panels of NR columns stored
 * depth-major ({@code Bp[k·NR + j]}). Rows or columns past the matrix edge are zero, so the kernel
 * always computes whole tiles. A is packed too, although the kernel only broadcasts from it: on the
 * Intel machine a kernel reading A in place through runtime strides ran 6% (row-major) to 20% (general
 * strides) slower, more than packing cost there; on AMD Zen 4 and Zen 5 the packing cost more, and op(A)
 * is read in place wherever alpha = 1 ({@link Gemm#readsAInPlace}); its packing serves edge panels and alpha != 1.
 */
final class GemmPack {
    private GemmPack() {}

    /** Scatter offsets k·MR for k < VL: one row's VL depths into an A panel (null without vectors). */
    private static final int[] SCATTER = scatterOffsets();

    private static int[] scatterOffsets() {
        if (S == null) {
            return null;
        }
        int[] offsets = new int[VL];
        for (int k = 0; k < VL; k++) {
            offsets[k] = k * MR;
        }
        return offsets;
    }

    /** Depth rows per chunk when transposing into a B panel: 64 rows × NR floats = 8 KiB at 512 bits. */
    private static final int TRANSPOSE_DEPTH = 64;

    /**
     * One MR-row panel of op(A) for batch entry {@code e}: rows [i0, i0 + rows) (rows <= MR, the rest
     * zero) and depth [p0, p0 + kc), scaled by alpha, into {@code ap[dst .. dst + MR·kc)}.
     */
    static void packA(GemmMatrix a, int e, int i0, int rows, int p0, int kc, float alpha, float[] ap, int dst) {
        float[] src = a.data();
        int rs = a.rowStride();
        int cs = a.colStride();
        if (rs == 1 && rows == MR) {
            // Columns of op(A) are contiguous (A stored transposed): copy MR values per depth.
            for (int k = 0; k < kc; k++) {
                int s = a.at(e, i0, p0 + k);
                int d = dst + k * MR;
                for (int r = 0; r < MR; r++) {
                    ap[d + r] = alpha * src[s + r];
                }
            }
            return;
        }
        int r0 = 0;
        if (cs == 1 && SCATTER != null) {
            // Rows of op(A) are contiguous: VL depths of one row at a time, scattered MR apart.
            for (; r0 < rows; r0++) {
                int s = a.at(e, i0 + r0, p0);
                int k = 0;
                for (; k + VL <= kc; k += VL) {
                    FloatVector.fromArray(S, src, s + k).mul(alpha).intoArray(ap, dst + k * MR + r0, SCATTER, 0);
                }
                for (; k < kc; k++) {
                    ap[dst + k * MR + r0] = alpha * src[s + k];
                }
            }
        }
        for (int r = r0; r < rows; r++) {
            int s = a.at(e, i0 + r, p0);
            for (int k = 0; k < kc; k++) {
                ap[dst + k * MR + r] = alpha * src[s + k * cs];
            }
        }
        for (int r = rows; r < MR; r++) {
            for (int k = 0; k < kc; k++) {
                ap[dst + k * MR + r] = 0f;
            }
        }
    }

    /**
     * One NR-column panel of op(B) for batch entry {@code e}: depth [p0, p0 + kc) and columns
     * [j0, j0 + cols) (cols <= NR, the rest zero) into {@code bp[dst .. dst + kc·NR)}.
     */
    static void packB(GemmMatrix b, int e, int p0, int kc, int j0, int cols, float[] bp, int dst) {
        float[] src = b.data();
        int rs = b.rowStride();
        if (b.colStride() == 1 && cols == NR) {
            // Rows of op(B) are contiguous: copy NR-wide strips, two vectors each (an arraycopy call per
            // strip cost about as much as the copy).
            for (int k = 0; k < kc; k++) {
                int s = b.at(e, p0 + k, j0);
                int d = dst + k * NR;
                FloatVector.fromArray(S, src, s).intoArray(bp, d);
                FloatVector.fromArray(S, src, s + VL).intoArray(bp, d + VL);
            }
            return;
        }
        if (b.colStride() == 1) {
            // Rows of op(B) are contiguous: copy NR-wide strips.
            for (int k = 0; k < kc; k++) {
                int d = dst + k * NR;
                System.arraycopy(src, b.at(e, p0 + k, j0), bp, d, cols);
                if (cols < NR) {
                    Arrays.fill(bp, d + cols, d + NR, 0f);
                }
            }
            return;
        }
        // Columns of op(B) are contiguous (a PyTorch-layout weight read transposed): transpose in depth
        // chunks so the destination lines being filled stay in L1.
        for (int k0 = 0; k0 < kc; k0 += TRANSPOSE_DEPTH) {
            int k1 = Math.min(kc, k0 + TRANSPOSE_DEPTH);
            for (int j = 0; j < cols; j++) {
                int s = b.at(e, p0, j0 + j);
                for (int k = k0; k < k1; k++) {
                    bp[dst + k * NR + j] = src[s + k * rs];
                }
            }
            for (int j = cols; j < NR; j++) {
                for (int k = k0; k < k1; k++) {
                    bp[dst + k * NR + j] = 0f;
                }
            }
        }
    }

    /**
     * Both operands packed whole: op(A)[ea] depth block p0 starts at {@code ea·mp·k + p0·mp}, its
     * panel at row i at {@code + i·kc}; op(B)[eb] depth block p0 at {@code eb·k·np + p0·np}, its panel
     * at column j at {@code + j·kc} (kc = min(KC, k - p0); mp, np are M and N rounded up to MR, NR).
     */
    record Packed(float[] a, float[] b, int mp, int np, int k) {
        int aBlock(int ea, int p0) {
            return ea * mp * k + p0 * mp;
        }

        int bBlock(int eb, int p0) {
            return eb * k * np + p0 * np;
        }
    }

    /** A panels per packing work unit: MR·A_GROUP >= NR rows, the size of one B unit. */
    private static final int A_GROUP = Gemm.ceilDiv(NR, MR);

    /** Rough cost of packing one element, in kernel flops (about 0.5 ns against ~0.01 ns per flop). */
    private static final long PACK_COST_FLOPS = 50;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][0]);

    /**
     * Packs op(A) (batchA entries of m × k) and op(B) (batchB entries of k × n) in depth blocks of
     * {@code kcMax}, every panel once, in parallel. The buffers belong to the calling thread and are
     * reused by its next GEMM.
     */
    static Packed packAll(int batchA, int batchB, int m, int n, int k, int kcMax, float alpha, GemmMatrix a,
            GemmMatrix b) {
        float[][] buf = BUFFERS.get();
        int sizeB = Math.multiplyExact(batchB, Math.multiplyExact(Gemm.ceilDiv(n, NR) * NR, k));
        if (buf[1].length < sizeB) {
            buf[1] = new float[sizeB];
        }
        Packed p = packedA(batchA, m, n, k, buf[1]);
        pack(p, batchA, batchB, m, n, k, kcMax, alpha, a, b);
        return p;
    }

    /**
     * Packs op(A) as {@link #packAll} does and takes op(B)'s panels as given ({@code bPanels}, laid out
     * as packAll lays them out, e.g. by {@link #packBInto}).
     */
    static Packed packA(int batchA, int m, int n, int k, int kcMax, float alpha, GemmMatrix a, float[] bPanels) {
        Packed p = packedA(batchA, m, n, k, bPanels);
        pack(p, batchA, 0, m, n, k, kcMax, alpha, a, null);
        return p;
    }

    /**
     * Packs op(B) alone, into the calling thread's B buffer, for a product whose op(A) panels are packed
     * block by block as the tiles need them (the returned Packed has no A panels).
     */
    static Packed packB(int batchB, int n, int k, int kcMax, GemmMatrix b) {
        float[][] buf = BUFFERS.get();
        int sizeB = Math.multiplyExact(batchB, Math.multiplyExact(Gemm.ceilDiv(n, NR) * NR, k));
        if (buf[1].length < sizeB) {
            buf[1] = new float[sizeB];
        }
        Packed p = new Packed(null, buf[1], 0, Gemm.ceilDiv(n, NR) * NR, k);
        pack(p, 0, batchB, 0, n, k, kcMax, 1f, null, b);
        return p;
    }

    /** Given op(B) panels (packAll's layout) and no A panels, for a product that packs op(A) block by block. */
    static Packed bOnly(float[] bPanels, int n, int k) {
        return new Packed(null, bPanels, 0, Gemm.ceilDiv(n, NR) * NR, k);
    }

    /** Packs op(B) (batchB entries of k × n) alone into {@code dst}, in packAll's layout, in parallel. */
    static void packBInto(int batchB, int n, int k, int kcMax, GemmMatrix b, float[] dst) {
        pack(new Packed(new float[0], dst, 0, Gemm.ceilDiv(n, NR) * NR, k), 0, batchB, 0, n, k, kcMax, 1f, null, b);
    }

    /** A Packed over the calling thread's A buffer (grown to batchA·m·k rounded up) and the given B panels. */
    private static Packed packedA(int batchA, int m, int n, int k, float[] bPanels) {
        int panelsM = Gemm.ceilDiv(m, MR);
        float[][] buf = BUFFERS.get();
        int sizeA = Math.multiplyExact(batchA, Math.multiplyExact(panelsM * MR, k));
        if (buf[0].length < sizeA) {
            buf[0] = new float[sizeA];
        }
        return new Packed(buf[0], bPanels, panelsM * MR, Gemm.ceilDiv(n, NR) * NR, k);
    }

    /** Fills p's A panels for batchA entries and its B panels for batchB entries (either may be 0). */
    private static void pack(Packed p, int batchA, int batchB, int m, int n, int k, int kcMax, float alpha,
            GemmMatrix a, GemmMatrix b) {
        int panelsM = Gemm.ceilDiv(m, MR);
        int panelsN = Gemm.ceilDiv(n, NR);
        int blocksK = Gemm.ceilDiv(k, kcMax);
        // Work units of about NR rows or columns each, so that an even split of units is an even split
        // of work: a unit of A is A_GROUP panels of MR rows, a unit of B one panel of NR columns.
        int groupsM = Gemm.ceilDiv(panelsM, A_GROUP);
        int unitsA = batchA * groupsM * blocksK;
        int unitsB = batchB * panelsN * blocksK;
        Parallel.forRange(unitsA + unitsB, (long) NR * kcMax * PACK_COST_FLOPS, (from, to) -> {
            for (int u = from; u < to; u++) {
                boolean isA = u < unitsA;
                int v = isA ? u : u - unitsA;
                int units = isA ? groupsM : panelsN;
                int e = v / (units * blocksK);
                int unit = v / blocksK % units;
                int p0 = v % blocksK * kcMax;
                int kc = Math.min(kcMax, k - p0);
                if (isA) {
                    for (int i0 = unit * A_GROUP * MR; i0 < Math.min(m, (unit + 1) * A_GROUP * MR); i0 += MR) {
                        packA(a, e, i0, Math.min(MR, m - i0), p0, kc, alpha, p.a(), p.aBlock(e, p0) + i0 * kc);
                    }
                } else {
                    int j0 = unit * NR;
                    packB(b, e, p0, kc, j0, Math.min(NR, n - j0), p.b(), p.bBlock(e, p0) + j0 * kc);
                }
            }
        });
    }
}
