package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.backend.ConvContract;
import org.mbrl4j.backend.ConvDims;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * The CPU convolutions against an independent float64 loop on fresh random inputs (the convolution as
 * a gather, the transposed convolution as a scatter), the im2col + GEMM cores against their scalar twin
 * {@link ConvReference}, and the accumulate-or-skip convention of the backward ops.
 */
class ConvForwardTest {
    private static final double U = 0x1.0p-24;
    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    /**
     * M, Ci, Hi, Wi, Co, Kh, Kw, stride: 1×1, PlaNet's 4×4/s2, 5×5 and 6×6, non-square, strides not
     * dividing, one large enough to run images in parallel, and two with several blocks of images per GEMM
     * (1×1 and 2×2 output planes, a last block shorter than the others; {@link Conv2d#BLOCK_COLUMNS}), and
     * two with output rows longer than a 512-bit vector (full gathers plus a masked rest, strides 2 and 1).
     */
    record Shape(int m, int ci, int hi, int wi, int co, int kh, int kw, int s) {
        @Override
        public String toString() {
            return "x(" + m + "," + ci + "," + hi + "," + wi + ") w(" + co + "," + ci + "," + kh + "," + kw + ") s" + s;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(new Shape(1, 1, 1, 1, 1, 1, 1, 1), new Shape(3, 5, 6, 5, 2, 1, 1, 1),
                new Shape(2, 3, 16, 16, 4, 4, 4, 2), new Shape(1, 2, 7, 9, 3, 3, 2, 1),
                new Shape(2, 4, 11, 9, 3, 5, 5, 2), new Shape(5, 2, 13, 14, 6, 6, 6, 2),
                new Shape(9, 3, 10, 7, 2, 3, 4, 3), new Shape(6, 3, 24, 24, 8, 4, 4, 2),
                new Shape(1100, 2, 4, 4, 3, 4, 4, 2), new Shape(300, 3, 6, 6, 4, 4, 4, 2),
                new Shape(2, 3, 12, 70, 4, 4, 4, 2), new Shape(1, 2, 5, 37, 3, 2, 3, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void conv2dMatchesFloat64(Shape s) {
        Tensor x = rnd.uniform(be, false, -1, 1, s.m, s.ci, s.hi, s.wi);
        Tensor w = rnd.uniform(be, false, -1, 1, s.co, s.ci, s.kh, s.kw);
        Tensor b = rnd.uniform(be, false, -1, 1, s.co);
        Tensor y = be.zeros(ConvContract.conv2dOutputShape(x, w, s.s));
        be.fill(y, Float.NaN); // forward ignores y's contents
        be.conv().conv2dForward(x, w, b, s.s, y);
        float[] xs = be.toArray(x), ws = be.toArray(w), bs = be.toArray(b), got = be.toArray(y);
        int ho = y.dim(2), wo = y.dim(3);
        int terms = s.ci * s.kh * s.kw;
        for (int m = 0; m < s.m; m++) {
            for (int o = 0; o < s.co; o++) {
                for (int i = 0; i < ho; i++) {
                    for (int j = 0; j < wo; j++) {
                        double sum = bs[o], abs = Math.abs(bs[o]);
                        for (int c = 0; c < s.ci; c++) {
                            for (int p = 0; p < s.kh; p++) {
                                for (int q = 0; q < s.kw; q++) {
                                    double t = (double) ws[((o * s.ci + c) * s.kh + p) * s.kw + q]
                                            * xs[((m * s.ci + c) * s.hi + i * s.s + p) * s.wi + j * s.s + q];
                                    sum += t;
                                    abs += Math.abs(t);
                                }
                            }
                        }
                        int at = ((m * s.co + o) * ho + i) * wo + j;
                        assertClose(sum, got[at], (terms + 1) * U * abs, "conv2d " + s + " y[" + at + "]");
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void convTranspose2dMatchesFloat64Scatter(Shape s) {
        // transposed: x (M, Ci_t = s.co, Hi_t = Ho of s, ...), w (s.co, s.ci, Kh, Kw), y (M, s.ci, ...)
        int hin = (s.hi - s.kh) / s.s + 1, win = (s.wi - s.kw) / s.s + 1;
        Tensor x = rnd.uniform(be, false, -1, 1, s.m, s.co, hin, win);
        Tensor w = rnd.uniform(be, false, -1, 1, s.co, s.ci, s.kh, s.kw);
        Tensor b = rnd.uniform(be, false, -1, 1, s.ci);
        int[] shape = ConvContract.convTranspose2dOutputShape(x, w, s.s);
        int ho = (hin - 1) * s.s + s.kh, wo = (win - 1) * s.s + s.kw;
        assertArrayEquals(new int[] {s.m, s.ci, ho, wo}, shape);
        Tensor y = be.zeros(shape);
        be.fill(y, Float.NaN);
        be.conv().convTranspose2dForward(x, w, b, s.s, y);
        float[] xs = be.toArray(x), ws = be.toArray(w), bs = be.toArray(b), got = be.toArray(y);
        double[] want = new double[got.length], abs = new double[got.length];
        for (int m = 0; m < s.m; m++) {
            for (int o = 0; o < s.ci; o++) {
                for (int t = 0; t < ho * wo; t++) {
                    want[(m * s.ci + o) * ho * wo + t] = bs[o];
                    abs[(m * s.ci + o) * ho * wo + t] = Math.abs(bs[o]);
                }
            }
            for (int c = 0; c < s.co; c++) {
                for (int i = 0; i < hin; i++) {
                    for (int j = 0; j < win; j++) {
                        for (int o = 0; o < s.ci; o++) {
                            for (int p = 0; p < s.kh; p++) {
                                for (int q = 0; q < s.kw; q++) {
                                    double t = (double) xs[((m * s.co + c) * hin + i) * win + j]
                                            * ws[((c * s.ci + o) * s.kh + p) * s.kw + q];
                                    int at = ((m * s.ci + o) * ho + i * s.s + p) * wo + j * s.s + q;
                                    want[at] += t;
                                    abs[at] += Math.abs(t);
                                }
                            }
                        }
                    }
                }
            }
        }
        int terms = s.co * s.kh * s.kw + 1;
        for (int i = 0; i < got.length; i++) {
            assertClose(want[i], got[i], terms * U * abs[i], "convTranspose2d " + s + " y[" + i + "]");
        }
    }

    /** The im2col + GEMM cores against the scalar loops, and backward accumulating into prior values. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void coresMatchTheScalarReferenceAndAccumulate(Shape s) {
        Tensor x = rnd.uniform(be, false, -1, 1, s.m, s.ci, s.hi, s.wi);
        Tensor w = rnd.uniform(be, false, -1, 1, s.co, s.ci, s.kh, s.kw);
        Tensor dy = rnd.uniform(be, false, -1, 1, ConvContract.conv2dOutputShape(x, w, s.s));
        ConvDims d = ConvContract.conv2dBackward(x, w, s.s, dy, null, null, null);
        float[] dx0 = rnd.floats((int) x.numel(), -1, 1), dw0 = rnd.floats((int) w.numel(), -1, 1);
        Tensor dx = be.fromArray(dx0, x.shape()), dw = be.fromArray(dw0, w.shape()), db = be.zeros(s.co);
        be.conv().conv2dBackward(x, w, s.s, dy, dx, dw, db);

        Tensor dxRef = be.fromArray(dx0, x.shape()), dwRef = be.fromArray(dw0, w.shape());
        ConvReference.images(d, dy, w, null, dxRef, true);
        ConvReference.weightGrad(d, x, dy, dwRef);
        compare(be.toArray(dxRef), be.toArray(dx), s.co * s.kh * s.kw, "dx " + s);
        compare(be.toArray(dwRef), be.toArray(dw), s.m * dy.dim(2) * dy.dim(3), "dw " + s);
        float[] dys = be.toArray(dy), dbs = be.toArray(db);
        int plane = dy.dim(2) * dy.dim(3);
        for (int o = 0; o < s.co; o++) {
            double sum = 0;
            for (int m = 0; m < s.m; m++) {
                for (int t = 0; t < plane; t++) {
                    sum += dys[(m * s.co + o) * plane + t];
                }
            }
            int terms = s.m * plane; // |dy| < 1: the sum's error is at most terms·u·Σ|dy| < terms²·u
            assertClose(sum, dbs[o], (double) terms * terms * U, "db " + s);
        }

        Tensor yFast = be.zeros(dy.shape()), yRef = be.zeros(dy.shape());
        Conv2d.features(d, x, w, null, yFast, false);
        ConvReference.features(d, x, w, null, yRef, false);
        compare(be.toArray(yRef), be.toArray(yFast), s.ci * s.kh * s.kw, "features " + s);
    }

    @Test
    void nullGradientsAreSkipped() {
        Tensor x = rnd.uniform(be, false, -1, 1, 2, 3, 8, 8);
        Tensor w = rnd.uniform(be, false, -1, 1, 4, 3, 4, 4);
        Tensor dy = rnd.uniform(be, false, -1, 1, 2, 4, 3, 3);
        Tensor dw = be.zeros(4, 3, 4, 4);
        be.conv().conv2dBackward(x, w, 2, dy, null, dw, null);
        be.conv().conv2dBackward(x, w, 2, dy, null, null, null);
        Tensor dwt = be.zeros(4, 3, 4, 4);
        be.conv().convTranspose2dBackward(dy, w, 2, x, null, dwt, null);
        // dw of conv2d(x) with dy equals dw of convTranspose2d(dy) with upstream x: the same correlation
        assertArrayEquals(be.toArray(dw), be.toArray(dwt), 1e-5f);
    }

    @Test
    void contractNamesTheRule() {
        Tensor x = be.zeros(1, 3, 4, 4);
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> be.conv().conv2dForward(x, be.zeros(2, 3, 5, 3), null, 1, be.zeros(1, 2, 1, 2)));
        assertTrue(big.getMessage().contains("Kh <= Hi"), big.getMessage());
        IllegalArgumentException stride = assertThrows(IllegalArgumentException.class,
                () -> be.conv().convTranspose2dForward(x, be.zeros(3, 2, 2, 2), null, 0, be.zeros(1, 2, 5, 5)));
        assertTrue(stride.getMessage().contains("stride=0"), stride.getMessage());
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> be.conv().convTranspose2dForward(x, be.zeros(3, 2, 2, 2), null, 2, be.zeros(1, 2, 9, 8)));
        assertTrue(out.getMessage().contains("y") && out.getMessage().contains("(1, 2, 8, 8)"), out.getMessage());
        // no images: valid, nothing to compute
        be.conv().conv2dForward(be.zeros(0, 3, 4, 4), be.zeros(2, 3, 2, 2), null, 1, be.zeros(0, 2, 3, 3));
    }

    private void compare(float[] want, float[] got, int terms, String what) {
        double max = 0;
        for (float v : want) {
            max = Math.max(max, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            assertClose(want[i], got[i], 4 * (terms + 1) * U * Math.max(max, 1), what + " [" + i + "]");
        }
    }

    private void assertClose(double want, float got, double atol, String what) {
        double tol = atol + 1e-12;
        assertTrue(Math.abs(want - got) <= tol, what + ": got " + got + ", want " + want + " (|err| "
                + Math.abs(want - got) + " > " + tol + "); seed " + rnd.seed());
    }
}
