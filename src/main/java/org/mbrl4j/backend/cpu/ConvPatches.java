package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.mbrl4j.backend.ConvDims;

/**
 * The im2col matrix of one image and its adjoint. For x (Ci, Hi, Wi) the matrix is (Ci·Kh·Kw, Ho·Wo):
 * row (c, p, q), column (i, j) holds x[c, i·s + p, j·s + q], so a convolution is the GEMM
 * w (Co, Ci·Kh·Kw) · cols (Ci·Kh·Kw, Ho·Wo) (Chellapilla et al. 2006, "High performance convolutional
 * neural networks for document processing"). Each output row i is one strided run of Wo values: a
 * vector gather (scatter for the adjoint) with lane offsets 0, s, 2s, …; the rest of a row is one masked
 * gather whose masked-off lanes point at offset 0 (the Vector API range-checks every lane's index, masked
 * or not). Only copies and single additions, so the result is the same bits as the scalar loop.
 */
final class ConvPatches {
    private ConvPatches() {}

    /**
     * The patches of the image x[base ..] (Ci, Hi, Wi) into columns [column, column + Ho·Wo) of cols, a
     * row-major (Ci·Kh·Kw, rowLength) matrix: several images side by side make one GEMM.
     */
    static void im2col(ConvDims d, float[] x, int base, float[] cols, int column, int rowLength) {
        int s = d.stride(), wo = d.outW();
        VectorSpecies<Float> sp = VectorWidth.FLOAT;
        int[] lanes = laneOffsets(sp, s, Integer.MAX_VALUE), tail = laneOffsets(sp, s, tailLength(sp, wo));
        VectorMask<Float> tailMask = sp == null ? null : sp.indexInRange(0, tailLength(sp, wo));
        int row = 0;
        for (int c = 0; c < d.inChannels(); c++) {
            for (int p = 0; p < d.kh(); p++) {
                for (int q = 0; q < d.kw(); q++) {
                    int dst = row++ * rowLength + column;
                    for (int i = 0; i < d.outH(); i++, dst += wo) {
                        int src = base + c * d.inPlane() + (i * s + p) * d.inW() + q;
                        int j = 0;
                        if (sp != null) {
                            for (; j + sp.length() <= wo; j += sp.length()) {
                                FloatVector.fromArray(sp, x, src + j * s, lanes, 0).intoArray(cols, dst + j);
                            }
                            if (wo - j > 1) {
                                FloatVector.fromArray(sp, x, src + j * s, tail, 0, tailMask).intoArray(cols, dst + j,
                                        tailMask);
                                j = wo;
                            }
                        }
                        for (; j < wo; j++) {
                            cols[dst + j] = x[src + j * s];
                        }
                    }
                }
            }
        }
    }

    /**
     * The adjoint of {@link #im2col}: x[base ..] (Ci, Hi, Wi) += each entry of columns
     * [column, column + Ho·Wo) of cols (Ci·Kh·Kw, rowLength) at its patch position.
     */
    static void col2imAdd(ConvDims d, float[] cols, int column, int rowLength, float[] x, int base) {
        int s = d.stride(), wo = d.outW();
        VectorSpecies<Float> sp = VectorWidth.FLOAT;
        int[] lanes = laneOffsets(sp, s, Integer.MAX_VALUE), tail = laneOffsets(sp, s, tailLength(sp, wo));
        VectorMask<Float> tailMask = sp == null ? null : sp.indexInRange(0, tailLength(sp, wo));
        int row = 0;
        for (int c = 0; c < d.inChannels(); c++) {
            for (int p = 0; p < d.kh(); p++) {
                for (int q = 0; q < d.kw(); q++) {
                    int src = row++ * rowLength + column;
                    for (int i = 0; i < d.outH(); i++, src += wo) {
                        int dst = base + c * d.inPlane() + (i * s + p) * d.inW() + q;
                        int j = 0;
                        if (sp != null) {
                            // the lanes of one run are distinct positions of x (s >= 1), so gather-add-scatter is exact
                            for (; j + sp.length() <= wo; j += sp.length()) {
                                FloatVector.fromArray(sp, x, dst + j * s, lanes, 0)
                                        .add(FloatVector.fromArray(sp, cols, src + j))
                                        .intoArray(x, dst + j * s, lanes, 0);
                            }
                            if (wo - j > 1) {
                                FloatVector.fromArray(sp, x, dst + j * s, tail, 0, tailMask)
                                        .add(FloatVector.fromArray(sp, cols, src + j, tailMask))
                                        .intoArray(x, dst + j * s, tail, 0, tailMask);
                                j = wo;
                            }
                        }
                        for (; j < wo; j++) {
                            x[dst + j * s] += cols[src + j];
                        }
                    }
                }
            }
        }
    }

    /** 0, s, 2s, … for the first {@code used} lanes of sp, 0 for the others; null without vectors. */
    private static int[] laneOffsets(VectorSpecies<Float> sp, int s, int used) {
        if (sp == null) {
            return null;
        }
        int[] lanes = new int[sp.length()];
        for (int l = 0; l < Math.min(used, lanes.length); l++) {
            lanes[l] = l * s;
        }
        return lanes;
    }

    /** The values of a row of wo left after its full vectors. */
    private static int tailLength(VectorSpecies<Float> sp, int wo) {
        return sp == null ? 0 : wo % sp.length();
    }
}
