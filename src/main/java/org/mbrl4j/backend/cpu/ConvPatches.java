package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.ConvDims;

/**
 * The im2col matrix of one image and its adjoint. For x (Ci, Hi, Wi) the matrix is (Ci·Kh·Kw, Ho·Wo):
 * row (c, p, q), column (i, j) holds x[c, i·s + p, j·s + q], so a convolution is the GEMM
 * w (Co, Ci·Kh·Kw) · cols (Ci·Kh·Kw, Ho·Wo) (Chellapilla et al. 2006, "High performance convolutional
 * neural networks for document processing").
 */
final class ConvPatches {
    private ConvPatches() {}

    /**
     * The patches of the image x[base ..] (Ci, Hi, Wi) into columns [column, column + Ho·Wo) of cols, a
     * row-major (Ci·Kh·Kw, rowLength) matrix: several images side by side make one GEMM.
     */
    static void im2col(ConvDims d, float[] x, int base, float[] cols, int column, int rowLength) {
        int s = d.stride();
        int row = 0;
        for (int c = 0; c < d.inChannels(); c++) {
            for (int p = 0; p < d.kh(); p++) {
                for (int q = 0; q < d.kw(); q++) {
                    int dst = row++ * rowLength + column;
                    for (int i = 0; i < d.outH(); i++) {
                        int src = base + c * d.inPlane() + (i * s + p) * d.inW() + q;
                        for (int j = 0; j < d.outW(); j++) {
                            cols[dst++] = x[src + j * s];
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
        int s = d.stride();
        int row = 0;
        for (int c = 0; c < d.inChannels(); c++) {
            for (int p = 0; p < d.kh(); p++) {
                for (int q = 0; q < d.kw(); q++) {
                    int src = row++ * rowLength + column;
                    for (int i = 0; i < d.outH(); i++) {
                        int dst = base + c * d.inPlane() + (i * s + p) * d.inW() + q;
                        for (int j = 0; j < d.outW(); j++) {
                            x[dst + j * s] += cols[src++];
                        }
                    }
                }
            }
        }
    }
}
