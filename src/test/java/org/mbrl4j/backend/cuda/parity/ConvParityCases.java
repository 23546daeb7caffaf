package org.mbrl4j.backend.cuda.parity;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity of kernels/conv.cu. Header tolerance: FP32 sums of L terms in another order (the SIMT model),
 * rtol 1e-5 and atol L·2^-24·max|a|·max|b|, with L = Ci·Kh·Kw (forward, transposed dx),
 * Co·ceil(Kh/s)·ceil(Kw/s) (dx, transposed forward) and M·Ho·Wo (weight, bias). Inputs are uniform in
 * [-1, 1), so max|a| = max|b| = 1; gradients start from the same random values on both backends.
 */
abstract class ConvParityCases extends ParityCases {
    private static final DenseTol FP32 = new DenseTol(false);

    /** M, Ci, Hi, Wi, Co, Kh, Kw, stride: PlaNet's encoder layer, 1×1, non-square, strides 1 to 3. */
    static Stream<Arguments> convShapes() {
        return Stream.of(Arguments.of(4, 3, 64, 64, 32, 4, 4, 2), Arguments.of(1, 1, 1, 1, 1, 1, 1, 1),
                Arguments.of(3, 5, 7, 9, 6, 1, 1, 1), Arguments.of(2, 4, 13, 10, 3, 3, 2, 1),
                Arguments.of(5, 6, 17, 15, 7, 5, 5, 3));
    }

    /** M, Ci, Hi, Wi, Co, Kh, Kw, stride of the transposed convolution: PlaNet's 5×5 and 6×6 decoder layers. */
    static Stream<Arguments> transposedShapes() {
        return Stream.of(Arguments.of(2, 32, 13, 13, 3, 6, 6, 2), Arguments.of(3, 64, 5, 5, 32, 5, 5, 2),
                Arguments.of(1, 1, 1, 1, 1, 1, 1, 1), Arguments.of(2, 3, 4, 7, 5, 4, 3, 3));
    }

    @ParameterizedTest(name = "x({0},{1},{2},{3}) w({4},{1},{5},{6}) s{7}")
    @MethodSource("convShapes")
    void conv2d(int m, int ci, int hi, int wi, int co, int kh, int kw, int s) {
        int ho = (hi - kh) / s + 1, wo = (wi - kw) / s + 1;
        ParityRun r = run("conv2d", m, ci, hi, wi);
        ParityRun.Pair x = r.uniform(-1f, 1f, m, ci, hi, wi);
        ParityRun.Pair w = r.uniform(-1f, 1f, co, ci, kh, kw);
        ParityRun.Pair b = r.uniform(-1f, 1f, co);
        ParityRun.Pair y = r.out(m, co, ho, wo);
        r.apply(be -> be.conv().conv2dForward(x.on(be), w.on(be), b.on(be), s, y.on(be)));
        r.check("y", y, FP32.gemm(ci * kh * kw + 1, 1, 1));
        ParityRun.Pair dy = r.uniform(-1f, 1f, m, co, ho, wo);
        ParityRun.Pair dx = r.acc(m, ci, hi, wi);
        ParityRun.Pair dw = r.acc(co, ci, kh, kw);
        ParityRun.Pair db = r.acc(co);
        r.apply(be -> be.conv().conv2dBackward(x.on(be), w.on(be), s, dy.on(be), dx.on(be), dw.on(be), db.on(be)));
        r.check("dx", dx, FP32.gemm(co * Math.ceilDiv(kh, s) * Math.ceilDiv(kw, s) + 1, 1, 1));
        r.check("dw", dw, FP32.gemm(m * ho * wo + 1, 1, 1));
        r.check("db", db, FP32.gemm(m * ho * wo + 1, 1, 1));
    }

    @ParameterizedTest(name = "x({0},{1},{2},{3}) w({1},{4},{5},{6}) s{7}")
    @MethodSource("transposedShapes")
    void convTranspose2d(int m, int ci, int hi, int wi, int co, int kh, int kw, int s) {
        int ho = (hi - 1) * s + kh, wo = (wi - 1) * s + kw;
        ParityRun r = run("convTranspose2d", m, ci, hi, wi);
        ParityRun.Pair x = r.uniform(-1f, 1f, m, ci, hi, wi);
        ParityRun.Pair w = r.uniform(-1f, 1f, ci, co, kh, kw);
        ParityRun.Pair b = r.uniform(-1f, 1f, co);
        ParityRun.Pair y = r.out(m, co, ho, wo);
        r.apply(be -> be.conv().convTranspose2dForward(x.on(be), w.on(be), b.on(be), s, y.on(be)));
        r.check("y", y, FP32.gemm(ci * Math.ceilDiv(kh, s) * Math.ceilDiv(kw, s) + 1, 1, 1));
        ParityRun.Pair dy = r.uniform(-1f, 1f, m, co, ho, wo);
        ParityRun.Pair dx = r.acc(m, ci, hi, wi);
        ParityRun.Pair dw = r.acc(ci, co, kh, kw);
        ParityRun.Pair db = r.acc(co);
        r.apply(be -> be.conv().convTranspose2dBackward(x.on(be), w.on(be), s, dy.on(be), dx.on(be), dw.on(be),
                db.on(be)));
        r.check("dx", dx, FP32.gemm(co * kh * kw + 1, 1, 1));
        r.check("dw", dw, FP32.gemm(m * hi * wi + 1, 1, 1));
        r.check("db", db, FP32.gemm(m * ho * wo + 1, 1, 1));
    }
}
