package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.ConvDims;
import org.mbrl4j.tensor.Tensor;

/**
 * The scalar definition of the convolution cores of {@link Conv2d}: direct loops in float32, summing
 * each output in the order (c, p, q) for features and images, (m, i, j) for the weight gradient. Used
 * when vectors are disabled ({@link VectorWidth}) and by the tests as the readable twin of the
 * im2col + GEMM path. Arguments as in {@link Conv2d}.
 */
final class ConvReference {
    private ConvReference() {}

    /** y (M, Co, Ho, Wo) = [y +] b + conv(x, w); b may be null. */
    static void features(ConvDims d, Tensor x, Tensor w, Tensor b, Tensor y, boolean accumulate) {
        float[] xs = x.floats(), ws = w.floats(), ys = y.floats();
        int s = d.stride();
        for (int m = 0; m < d.images(); m++) {
            for (int o = 0; o < d.outChannels(); o++) {
                for (int i = 0; i < d.outH(); i++) {
                    for (int j = 0; j < d.outW(); j++) {
                        float sum = 0f;
                        for (int c = 0; c < d.inChannels(); c++) {
                            for (int p = 0; p < d.kh(); p++) {
                                for (int q = 0; q < d.kw(); q++) {
                                    sum += ws[w.off() + ((o * d.inChannels() + c) * d.kh() + p) * d.kw() + q]
                                            * xs[x.off() + ((m * d.inChannels() + c) * d.inH() + i * s + p) * d.inW()
                                                    + j * s + q];
                                }
                            }
                        }
                        int at = y.off() + ((m * d.outChannels() + o) * d.outH() + i) * d.outW() + j;
                        float bias = b == null ? 0f : b.floats()[b.off() + o];
                        ys[at] = (accumulate ? ys[at] : 0f) + (bias + sum);
                    }
                }
            }
        }
    }

    /** x (M, Ci, Hi, Wi) = [x +] b + conv^T(y, w), each x element gathering the outputs it feeds. */
    static void images(ConvDims d, Tensor y, Tensor w, Tensor b, Tensor x, boolean accumulate) {
        float[] xs = x.floats(), ws = w.floats(), ys = y.floats();
        int s = d.stride();
        for (int m = 0; m < d.images(); m++) {
            for (int c = 0; c < d.inChannels(); c++) {
                for (int h = 0; h < d.inH(); h++) {
                    for (int v = 0; v < d.inW(); v++) {
                        float sum = 0f;
                        for (int o = 0; o < d.outChannels(); o++) {
                            for (int p = 0; p < d.kh(); p++) {
                                int i = (h - p) / s;
                                if (h - p < 0 || (h - p) % s != 0 || i >= d.outH()) {
                                    continue;
                                }
                                for (int q = 0; q < d.kw(); q++) {
                                    int j = (v - q) / s;
                                    if (v - q < 0 || (v - q) % s != 0 || j >= d.outW()) {
                                        continue;
                                    }
                                    sum += ws[w.off() + ((o * d.inChannels() + c) * d.kh() + p) * d.kw() + q]
                                            * ys[y.off() + ((m * d.outChannels() + o) * d.outH() + i) * d.outW() + j];
                                }
                            }
                        }
                        int at = x.off() + ((m * d.inChannels() + c) * d.inH() + h) * d.inW() + v;
                        float bias = b == null ? 0f : b.floats()[b.off() + c];
                        xs[at] = (accumulate ? xs[at] : 0f) + (bias + sum);
                    }
                }
            }
        }
    }

    /** dw (Co, Ci, Kh, Kw) += Σ_{m, i, j} y[m, o, i, j] · x[m, c, i·s + p, j·s + q]. */
    static void weightGrad(ConvDims d, Tensor x, Tensor y, Tensor dw) {
        float[] xs = x.floats(), ys = y.floats(), dws = dw.floats();
        int s = d.stride();
        for (int o = 0; o < d.outChannels(); o++) {
            for (int c = 0; c < d.inChannels(); c++) {
                for (int p = 0; p < d.kh(); p++) {
                    for (int q = 0; q < d.kw(); q++) {
                        float sum = 0f;
                        for (int m = 0; m < d.images(); m++) {
                            for (int i = 0; i < d.outH(); i++) {
                                for (int j = 0; j < d.outW(); j++) {
                                    sum += ys[y.off() + ((m * d.outChannels() + o) * d.outH() + i) * d.outW() + j]
                                            * xs[x.off() + ((m * d.inChannels() + c) * d.inH() + i * s + p) * d.inW()
                                                    + j * s + q];
                                }
                            }
                        }
                        dws[dw.off() + ((o * d.inChannels() + c) * d.kh() + p) * d.kw() + q] += sum;
                    }
                }
            }
        }
    }
}
