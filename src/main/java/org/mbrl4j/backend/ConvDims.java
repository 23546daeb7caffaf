package org.mbrl4j.backend;

/**
 * The dims of one 2-D convolution with valid padding, as the backends compute it: images x (M, Ci, Hi, Wi),
 * weight (Co, Ci, Kh, Kw), features y (M, Co, Ho, Wo) with Ho = (Hi − Kh)/stride + 1 (floor) and likewise Wo.
 * A transposed convolution is the adjoint of such a convolution, so {@link ConvContract} describes it by
 * the convolution it transposes: its output is this record's x side and its input this record's y side
 * (docs/dims.md#op-dims).
 */
public record ConvDims(int images, int inChannels, int inH, int inW, int outChannels, int outH, int outW, int kh,
        int kw, int stride) {

    /** Ci·Kh·Kw: the reduction length of one output element, the rows of one image's im2col matrix. */
    public int patch() {
        return inChannels * kh * kw;
    }

    /** Hi·Wi. */
    public int inPlane() {
        return inH * inW;
    }

    /** Ho·Wo: the columns of one image's im2col matrix. */
    public int outPlane() {
        return outH * outW;
    }

    /** Valid padding: (in − k)/stride + 1, floor, for k <= in and stride >= 1. */
    public static int validOut(int in, int k, int stride) {
        return (in - k) / stride + 1;
    }
}
