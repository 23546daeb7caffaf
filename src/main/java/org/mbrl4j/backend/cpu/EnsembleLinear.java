package org.mbrl4j.backend.cpu;

import static org.mbrl4j.backend.cpu.GemmKernel.S;
import static org.mbrl4j.backend.cpu.GemmKernel.VL;

import jdk.incubator.vector.FloatVector;
import org.mbrl4j.tensor.HostStorage;
import org.mbrl4j.tensor.Tensor;

/**
 * Linear layers over stacked heads on the CPU, the plain layer being one head:
 * {@code y[e] (M, F) = x[e] (M, Fi) · w[e] (F, Fi)^T + b[e] (F)}, x either per head (E, M, Fi) or shared (M, Fi).
 * Shapes are trusted ({@link CpuDenseOps} validates them).
 */
final class EnsembleLinear {
    private EnsembleLinear() {}

    /** Heads E, rows M, inputs Fi, outputs F, and whether every head reads the same x (M, Fi). */
    record Dims(int heads, int m, int k, int n, boolean sharedX) {
        /** Elements between consecutive heads' inputs: 0 when x is shared. */
        int xHeadStride() {
            return sharedX ? 0 : m * k;
        }
    }

    /**
     * y = x · w^T + b: one batched GEMM whose tiles start from the bias rows ({@link Gemm#gemmWithBias});
     * w's packed panels are kept per weight version when {@link GemmWeightPanels#ENABLED}.
     */
    static void forward(Dims d, Tensor x, Tensor w, Tensor b, Tensor y) {
        GemmMatrix xm = GemmMatrix.rowMajor(x.floats(), x.off(), d.xHeadStride(), d.k(), false);
        GemmMatrix wm = GemmMatrix.rowMajor(w.floatsToRead(), w.off(), d.n() * d.k(), d.k(), true);
        GemmMatrix ym = GemmMatrix.rowMajor(y.floats(), y.off(), d.m() * d.n(), d.n(), false);
        if (b == null) {
            Gemm.gemm(d.heads(), d.m(), d.n(), d.k(), 1f, xm, wm, 0f, ym, kept(w));
        } else {
            Gemm.gemmWithBias(d.heads(), d.m(), d.n(), d.k(), 1f, xm, wm, Gemm.biasRows(b.floats(), b.off(), d.n()), ym,
                    kept(w));
        }
    }

    /**
     * dx[e] += dy[e] · w[e], dw[e] += dy[e]^T · x[e], db[e] += Σ_rows dy[e]; a shared x gets
     * dx += Σ_e dy[e] · w[e]. Null gradients are skipped.
     */
    static void backward(Dims d, Tensor x, Tensor w, Tensor dy, Tensor dx, Tensor dw, Tensor db) {
        int e = d.heads();
        int m = d.m();
        int n = d.n();
        int k = d.k();
        GemmMatrix dyRows = GemmMatrix.rowMajor(dy.floats(), dy.off(), m * n, n, false);
        if (dx != null) {
            GemmMatrix wRows = GemmMatrix.rowMajor(w.floatsToRead(), w.off(), n * k, k, false);
            HostStorage keptW = kept(w);
            if (d.sharedX()) {
                // One accumulating GEMM per head into the same dx (a batched GEMM cannot share c).
                GemmMatrix dxm = GemmMatrix.rowMajor(dx.floats(), dx.off(), 0, k, false);
                for (int h = 0; h < e; h++) {
                    Gemm.gemm(1, m, k, n, 1f, at(dyRows, h), at(wRows, h), 1f, dxm, keptW);
                }
            } else {
                Gemm.gemm(e, m, k, n, 1f, dyRows, wRows, 1f,
                        GemmMatrix.rowMajor(dx.floats(), dx.off(), m * k, k, false), keptW);
            }
        }
        if (dw != null) {
            Gemm.gemm(e, n, k, m, 1f, GemmMatrix.rowMajor(dy.floats(), dy.off(), m * n, n, true),
                    GemmMatrix.rowMajor(x.floats(), x.off(), d.xHeadStride(), k, false), 1f,
                    GemmMatrix.rowMajor(dw.floats(), dw.off(), n * k, k, false));
        }
        if (db != null) {
            for (int h = 0; h < e; h++) {
                addColumnSums(dy.floats(), dy.off() + h * m * n, m, n, db.floats(), db.off() + h * n);
            }
        }
    }

    /**
     * The weight's storage when its packed panels are kept, else null: kept when
     * {@link GemmWeightPanels#ENABLED} and w spans its whole storage, as a parameter does (an arena
     * temporary shares a block with others, whose writes would only repack it). The GEMM reads w through
     * {@link Tensor#floatsToRead()}, so multiplying does not count as a write.
     */
    private static HostStorage kept(Tensor w) {
        return GemmWeightPanels.ENABLED && w.storage() instanceof HostStorage s && w.numel() == s.capacity()
                ? s
                : null;
    }

    /** Batch entry h of a batched operand, as a single matrix. */
    private static GemmMatrix at(GemmMatrix g, int h) {
        return new GemmMatrix(g.data(), g.base(h), 0, g.rowStride(), g.colStride());
    }

    /**
     * dst[j] += Σ_r src[off + r·cols + j] for j < cols: each thread sums a column range over all rows
     * into a local row (vector body, scalar tail), then adds it to dst.
     */
    static void addColumnSums(float[] src, int off, int rows, int cols, float[] dst, int dstOff) {
        Parallel.forRange(cols, rows, (j0, j1) -> { // cost: one add per row and column
            float[] sum = new float[j1 - j0];
            for (int r = 0; r < rows; r++) {
                int row = off + r * cols;
                int j = j0;
                if (S != null) {
                    for (; j + VL <= j1; j += VL) {
                        FloatVector.fromArray(S, sum, j - j0).add(FloatVector.fromArray(S, src, row + j))
                                .intoArray(sum, j - j0);
                    }
                }
                for (; j < j1; j++) {
                    sum[j - j0] += src[row + j];
                }
            }
            for (int j = j0; j < j1; j++) {
                dst[dstOff + j] += sum[j - j0];
            }
        });
    }
}
