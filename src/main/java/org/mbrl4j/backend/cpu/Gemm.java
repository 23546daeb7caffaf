package org.mbrl4j.backend.cpu;

import static org.mbrl4j.backend.cpu.GemmKernel.MR;
import static org.mbrl4j.backend.cpu.GemmKernel.NR;

import java.util.Arrays;
import org.mbrl4j.tensor.HostStorage;

/**
 * The CPU GEMM driver: {@code c[e] = alpha · op(a)[e] · op(b)[e] + beta · c[e]} for every batch entry
 * e, op(a) (M, Fi), op(b) (Fi, F), c (M, F) row-major (docs/dims.md#op-dims; the arguments m, n, k are M, F,
 * Fi). Shapes are trusted (the public ops validate).
 *
 * <p>Goto/BLIS blocking (Goto and van de Geijn, "Anatomy of high-performance matrix multiplication",
 * TOMS 2008): op(b) is packed whole into NR-column panels, in parallel ({@link GemmPack#packAll}); op(a) is
 * read in place where alpha = 1 ({@link #readsAInPlace}, only edge panels packed), else packed into MR-row
 * panels, whole up front or one MC-row block at a time inside the slice that multiplies it
 * ({@link #packsAPerBlock}); (batch entry, slice) work items run in parallel, each slice a
 * contiguous range of MR-row panels (when M >= F) or NR-column panels. Within a slice, for each depth
 * block of KC and each MC-row block of a, every MR × NR tile runs the {@link GemmKernel} micro-kernel.
 * Products with at most {@link #DIRECT_MAX_ROWS} rows or {@link #DIRECT_MAX_COLS} columns skip packing
 * ({@link GemmDirect}). A layer weight's panels are packed once per weight version and kept
 * ({@link GemmWeightPanels}).
 *
 * <p>With vectors disabled ({@link VectorWidth}) everything runs {@link #reference}.
 */
final class Gemm {
    private Gemm() {}

    /** Depth block: one b panel is KC·NR·4 = 32 KiB at 512 bits, re-read from L1/L2 by each a panel. */
    static final int KC = 256;
    /** Rows of a per block (a multiple of MR): MC·KC·4 = 96 KiB stays in Zen 4's 1 MiB L2 across b panels. */
    static final int MC = 96;
    /** At most this many rows skip packing: packing op(b) would move as many floats as the product reads. */
    static final int DIRECT_MAX_ROWS = 4;
    /** At most this many columns skip packing (dot form only): an NR-wide tile would be mostly padding. */
    static final int DIRECT_MAX_COLS = 4;

    /**
     * The start of beta = 0 tiles: a row of NR zeros read for every row and column panel (all strides 0),
     * so the zeros C + sum would have added come from here and C is not zero-filled first.
     */
    private static final GemmMatrix ZERO_ROW = new GemmMatrix(new float[NR], 0, 0, 0, 0);

    /**
     * Whether full tiles read op(A) in place where it would be packed ({@link #readsAInPlace}): the same
     * products in the same order, without the packing pass. On the AMD Zen 4 development machine (AVX-512,
     * where the packing's scatter stores are slow) reading a row-major op(A) in place made the planner's
     * products 6-33 % faster and act 5 % (one depth block: M = 536, Fi = 65 or 128, F = 64 or 128; thread CPU
     * time, alternating rounds, {@code GemmInPlaceTimeAb}, the machine loaded); on the Zen 5 machine the
     * 12-row kernel runs as fast from a row-major A in place (any row stride from 256 to 1024 floats, the A
     * block in L2) as from packed panels, and packing took 7 % of a 512 × 512 × 512 product, so every shape
     * reads A in place there (results/cpu-speed/README.md, "Session 12"). Not measured on the
     * Intel machine, where an earlier in-place kernel (without the packing saved) was 6 % slower than the
     * packed one. {@code -Dmbrl.cpu.gemmInPlaceA=false} packs always.
     */
    static boolean inPlaceA = !"false".equals(System.getProperty("mbrl.cpu.gemmInPlaceA"));

    /**
     * In place: enabled, the 12-row tile, alpha 1 (packing would round alpha·a), and op(A)'s rows contiguous
     * (x, read by {@link GemmKernel#tile12InPlace}) or its columns (a weight gradient's dy^T, read by
     * {@link GemmKernel#tileStridedA}). Edge tiles (fewer than MR rows or NR columns) pack their A panel.
     */
    static boolean readsAInPlace(GemmMatrix a, float alpha) {
        return inPlaceA && MR == 12 && alpha == 1f && (a.colStride() == 1 || a.rowStride() == 1);
    }

    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);

    /** One MC × KC block of packed op(A), per thread ({@link #packsAPerBlock}). */
    private static final ThreadLocal<float[]> A_BLOCK = ThreadLocal.withInitial(() -> new float[MC * KC]);

    /**
     * c[e] = alpha · op(a)[e] · op(b)[e] + beta · c[e] for e in [0, batch). c needs colStride 1 and a
     * non-zero batchStride when batch > 1. With beta = 0, c's contents are never read.
     */
    static void gemm(int batch, int m, int n, int k, float alpha, GemmMatrix a, GemmMatrix b, float beta,
            GemmMatrix c) {
        gemm(batch, m, n, k, alpha, a, b, beta, c, null);
    }

    /**
     * As {@link #gemm(int, int, int, int, float, GemmMatrix, GemmMatrix, float, GemmMatrix)}; with a
     * non-null {@code keptB}, op(b) reads that storage's array (a layer weight that later calls will likely
     * multiply by again), and its packed panels are kept per storage version ({@link GemmWeightPanels},
     * same bits as packing per call).
     */
    static void gemm(int batch, int m, int n, int k, float alpha, GemmMatrix a, GemmMatrix b, float beta,
            GemmMatrix c, HostStorage keptB) {
        gemm(batch, m, n, k, alpha, a, b, beta, null, c, keptB);
    }

    /**
     * c[e] = bias[e] + alpha · op(a)[e] · op(b)[e], bias[e] a row of n floats added to every row of c
     * ({@link #biasRows}); c's contents are never read. The bias is the tiles' start ({@link GemmKernel#tile}),
     * so no pass fills c with it first; same bits as filling c and multiplying with beta = 1.
     */
    static void gemmWithBias(int batch, int m, int n, int k, float alpha, GemmMatrix a, GemmMatrix b, GemmMatrix bias,
            GemmMatrix c, HostStorage keptB) {
        gemm(batch, m, n, k, alpha, a, b, 1f, bias, c, keptB);
    }

    /** Rows of n floats, entry e's at {@code data[offset + e·n]}, as a GEMM operand broadcast over rows. */
    static GemmMatrix biasRows(float[] data, int offset, int n) {
        return new GemmMatrix(data, offset, n, 0, 1);
    }

    /** With a bias, beta is 1 over a c that holds it (the paths that cannot start tiles from the bias fill c). */
    private static void gemm(int batch, int m, int n, int k, float alpha, GemmMatrix a, GemmMatrix b, float beta,
            GemmMatrix bias, GemmMatrix c, HostStorage keptB) {
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        boolean multiply = k > 0 && alpha != 0f;
        boolean fewRows = m <= DIRECT_MAX_ROWS && GemmDirect.supports(a, b);
        boolean direct = fewRows || (n <= DIRECT_MAX_COLS && GemmDirect.dotForm(a, b));
        boolean tiled = VectorWidth.enabled() && multiply && !direct;
        if (bias != null && !tiled) {
            fillRows(batch, m, n, bias, c);
        }
        if (!VectorWidth.enabled()) {
            reference(batch, m, n, k, alpha, a, b, beta, c);
            return;
        }
        if (!tiled) {
            run(batch, m, n, k, alpha, a, b, beta, c, direct, fewRows, null, null);
            return;
        }
        GemmMatrix start = bias != null ? bias : beta == 0f ? ZERO_ROW : null;
        int batchA = a.batchStride() == 0 ? 1 : batch;
        int batchB = b.batchStride() == 0 ? 1 : batch;
        int kcMax = depthBlock(k);
        boolean noAPanels = readsAInPlace(a, alpha) || packsAPerBlock(batch, m, n, a);
        if (keptB == null) {
            GemmPack.Packed packed = noAPanels ? GemmPack.packB(batchB, n, k, kcMax, b)
                    : GemmPack.packAll(batchA, batchB, m, n, k, kcMax, alpha, a, b);
            run(batch, m, n, k, alpha, a, b, beta, c, false, false, packed, start);
            return;
        }
        GemmWeightPanels.Entry weight = GemmWeightPanels.entry(keptB, b, batchB, k, n, kcMax);
        synchronized (weight) {
            weight.refresh(keptB, b, GemmWeightPanels.layout(b, batchB, k, n, kcMax));
            GemmPack.Packed packed = noAPanels ? GemmPack.bOnly(weight.panels(), n, k)
                    : GemmPack.packA(batchA, m, n, k, kcMax, alpha, a, weight.panels());
            run(batch, m, n, k, alpha, a, b, beta, c, false, false, packed, start);
        }
    }

    /** c[e] row i = bias[e], every row. */
    private static void fillRows(int batch, int m, int n, GemmMatrix bias, GemmMatrix c) {
        for (int e = 0; e < batch; e++) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(bias.data(), bias.base(e), c.data(), c.at(e, i, 0), n);
            }
        }
    }

    /**
     * Whether op(A) is packed one MC × KC block at a time, by the thread about to multiply it, instead of
     * whole up front: when slices split the rows (M >= F) and there is more than one row block, so each
     * block is packed once and read from L2 right away rather than written out whole (M·Fi floats, 6.6 MB
     * at M = 3216, Fi = 512) and read back. Not for an op(A) shared by the batch (the ensemble's common
     * input), which whole packing packs once for every entry.
     */
    static boolean packsAPerBlock(int batch, int m, int n, GemmMatrix a) {
        return m >= n && m > MC && (batch == 1 || a.batchStride() != 0);
    }

    /**
     * The parallel (batch entry, slice) loop: direct products, or tiles over {@code packed} operands. A
     * non-null {@code start} (a row broadcast over rows: the bias, or {@link #ZERO_ROW} for beta = 0) is what
     * the first depth block's tiles add to instead of c, which is then neither scaled nor read.
     */
    private static void run(int batch, int m, int n, int k, float alpha, GemmMatrix a, GemmMatrix b, float beta,
            GemmMatrix c, boolean direct, boolean fewRows, GemmPack.Packed packed, GemmMatrix start) {
        boolean multiply = k > 0 && alpha != 0f;
        boolean splitRows = direct ? !fewRows : m >= n;
        int panels = splitRows ? ceilDiv(m, MR) : ceilDiv(n, NR);
        int slices = Math.min(panels, Parallel.THREADS / gcd(batch, Parallel.THREADS));
        long flopsPerItem = 2L * m * n * Math.max(k, 1) / slices;
        Parallel.forRange(batch * slices, flopsPerItem, (from, to) -> {
            for (int item = from; item < to; item++) {
                int e = item / slices;
                int s = item % slices;
                int p0 = (int) ((long) panels * s / slices);
                int p1 = (int) ((long) panels * (s + 1) / slices);
                int m0 = splitRows ? p0 * MR : 0;
                int m1 = splitRows ? Math.min(m, p1 * MR) : m;
                int n0 = splitRows ? 0 : p0 * NR;
                int n1 = splitRows ? n : Math.min(n, p1 * NR);
                if (start == null) {
                    scale(c, e, m0, m1, n0, n1, beta);
                }
                if (direct && multiply) {
                    GemmDirect.multiply(e, m0, m1, n0, n1, k, alpha, a, b, c);
                } else if (multiply) {
                    int ea = a.batchStride() == 0 ? 0 : e;
                    int eb = b.batchStride() == 0 ? 0 : e;
                    slice(packed, a, alpha, ea, eb, c, start, e, m0, m1, n0, n1, k);
                }
            }
        });
    }

    /**
     * c[e] rows [m0, m1) × columns [n0, n1) += packed a[ea] · packed b[eb], the first depth block added to
     * {@code start} instead of c when it is not null ({@link #run}); m0, n0 start panels. When
     * {@code p} has no A panels, the full tiles read op(a)[ea] in place ({@link #readsAInPlace}) and only edge
     * tiles' panels are packed, or else ({@link #packsAPerBlock}) each MC-row block of op(a)[ea] is packed
     * here (scaled by alpha, as whole packing does) into the thread's block buffer just before its tiles run.
     */
    private static void slice(GemmPack.Packed p, GemmMatrix a, float alpha, int ea, int eb, GemmMatrix c,
            GemmMatrix start, int e, int m0, int m1, int n0, int n1, int k) {
        float[] tile = TILE.get();
        float[] cd = c.data();
        int ldc = c.rowStride();
        int kcMax = depthBlock(k);
        boolean inPlace = p.a() == null && readsAInPlace(a, alpha);
        boolean aPerBlock = p.a() == null && !inPlace;
        float[] ap = p.a() == null ? A_BLOCK.get() : p.a();
        for (int p0 = 0; p0 < k; p0 += kcMax) {
            int kc = Math.min(kcMax, k - p0);
            int aBlock = p.a() == null ? 0 : p.aBlock(ea, p0);
            int bBlock = p.bBlock(eb, p0);
            boolean fromStart = start != null && p0 == 0;
            float[] src = fromStart ? start.data() : cd;
            int lds = fromStart ? start.rowStride() : ldc;
            for (int i0 = m0; i0 < m1; i0 += MC) {
                int i1 = Math.min(m1, i0 + MC);
                int aStart = p.a() == null ? i0 : 0;
                if (aPerBlock) {
                    for (int i = i0; i < i1; i += MR) {
                        GemmPack.packA(a, ea, i, Math.min(MR, i1 - i), p0, kc, alpha, ap, (i - i0) * kc);
                    }
                } else if (inPlace && (i1 - i0) % MR != 0) {
                    // in place, only the bottom edge panel is packed: the edge kernels read packed panels
                    int i = i1 - (i1 - i0) % MR;
                    GemmPack.packA(a, ea, i, i1 - i, p0, kc, alpha, ap, (i - i0) * kc);
                }
                for (int j = n0; j < n1; j += NR) {
                    int cols = Math.min(NR, n1 - j);
                    int bo = bBlock + j * kc;
                    for (int i = i0; i < i1; i += MR) {
                        int rows = Math.min(MR, i1 - i);
                        int ao = aBlock + (i - aStart) * kc;
                        int co = c.at(e, i, j);
                        int so = fromStart ? start.at(e, i, j) : co;
                        if (inPlace && rows == MR && (cols == NR || cols <= GemmKernel.VL)) {
                            inPlaceTile(a, ea, i, p0, p.b(), bo, kc, cd, co, ldc, src, so, lds, cols, tile);
                            continue;
                        }
                        if (inPlace && rows == MR) {
                            // a right edge tile wider than a vector: its panel packed where the edge kernel reads it
                            GemmPack.packA(a, ea, i, rows, p0, kc, alpha, ap, ao);
                        }
                        if (rows == MR && cols == NR) {
                            GemmKernel.tile(ap, ao, p.b(), bo, kc, cd, co, ldc, src, so, lds);
                        } else {
                            GemmKernel.edgeTile(ap, ao, p.b(), bo, kc, cd, co, ldc, src, so, lds, rows, cols, tile);
                        }
                    }
                }
            }
        }
    }

    /**
     * A tile of all MR rows reading op(a)[ea] in place ({@link #readsAInPlace}): NR columns, or at most one
     * vector's at the right edge.
     */
    private static void inPlaceTile(GemmMatrix a, int ea, int i, int p0, float[] bp, int bo, int kc, float[] cd,
            int co, int ldc, float[] src, int so, int lds, int cols, float[] scratch) {
        int ao = a.at(ea, i, p0);
        boolean rowMajor = a.colStride() == 1;
        if (cols == NR && rowMajor) {
            GemmKernel.tile12InPlace(a.data(), ao, a.rowStride(), bp, bo, kc, cd, co, ldc, src, so, lds);
        } else if (cols == NR) {
            GemmKernel.tileStridedA(a.data(), ao, a.colStride(), bp, bo, kc, cd, co, ldc, src, so, lds);
        } else {
            GemmKernel.narrow12(a.data(), ao, a.rowStride(), a.colStride(), bp, bo, kc, cd, co, ldc, src, so, lds, MR,
                    cols, scratch);
        }
    }

    /** C[e][m0..m1)[n0..n1) *= beta, where beta = 0 writes zeros (NaN in C does not survive). */
    private static void scale(GemmMatrix c, int e, int m0, int m1, int n0, int n1, float beta) {
        if (beta == 1f) {
            return;
        }
        float[] d = c.data();
        for (int i = m0; i < m1; i++) {
            int row = c.at(e, i, 0);
            if (beta == 0f) {
                Arrays.fill(d, row + n0, row + n1, 0f);
            } else {
                for (int j = n0; j < n1; j++) {
                    d[row + j] *= beta;
                }
            }
        }
    }

    /**
     * The scalar definition: each c element is one float32 dot product over k in order, then
     * {@code alpha · dot + beta · c} (just {@code alpha · dot} when beta = 0; a and b are not read
     * when alpha = 0).
     */
    static void reference(int batch, int m, int n, int k, float alpha, GemmMatrix a, GemmMatrix b, float beta,
            GemmMatrix c) {
        float[] ad = a.data();
        float[] bd = b.data();
        float[] cd = c.data();
        for (int e = 0; e < batch; e++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float dot = 0f;
                    for (int p = 0; p < k && alpha != 0f; p++) {
                        dot += ad[a.at(e, i, p)] * bd[b.at(e, p, j)];
                    }
                    int ci = c.at(e, i, j);
                    cd[ci] = beta == 0f ? alpha * dot : alpha * dot + beta * cd[ci];
                }
            }
        }
    }

    /** Depth blocks of near-equal size, at most KC: Fi = 518 gives 259 + 259, not 512 + a 6-deep pass over c. */
    static int depthBlock(int k) {
        return ceilDiv(k, ceilDiv(k, KC));
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    private static int gcd(int x, int y) {
        return y == 0 ? x : gcd(y, x % y);
    }
}
