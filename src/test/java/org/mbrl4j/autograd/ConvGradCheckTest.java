package org.mbrl4j.autograd;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/**
 * Central-difference checks of {@link ConvFn}: conv2d and convTranspose2d with stride 1 and 2, kernels
 * 1×1, 4×4 (PlaNet's encoder), 5×5 and 6×6 (its decoder) and a non-square one, with and without bias,
 * one image and several, non-square images. Shapes are small because GradCheck perturbs every element.
 */
class ConvGradCheckTest {
    private final Backend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    private Tensor param(int... shape) {
        return rnd.uniform(be, true, -1, 1, shape);
    }

    private void conv(String name, int m, int ci, int hi, int wi, int co, int kh, int kw, int stride, boolean bias) {
        Tensor x = param(m, ci, hi, wi);
        Tensor w = param(co, ci, kh, kw);
        Tensor b = bias ? param(co) : null;
        List<Tensor> inputs = bias ? List.of(x, w, b) : List.of(x, w);
        GradCheck.of("conv2d " + name).check(be, rnd, inputs, g -> ConvFn.conv2d(g, x, w, b, stride));
    }

    private void transposed(String name, int m, int ci, int hi, int wi, int co, int kh, int kw, int stride,
            boolean bias) {
        Tensor x = param(m, ci, hi, wi);
        Tensor w = param(ci, co, kh, kw);
        Tensor b = bias ? param(co) : null;
        List<Tensor> inputs = bias ? List.of(x, w, b) : List.of(x, w);
        GradCheck.of("convTranspose2d " + name).check(be, rnd, inputs,
                g -> ConvFn.convTranspose2d(g, x, w, b, stride));
    }

    @Test
    void conv2dKernel1Stride1() {
        conv("k1 s1 bias", 2, 3, 4, 5, 2, 1, 1, 1, true);
    }

    @Test
    void conv2dKernel4Stride2() {
        conv("k4 s2 bias M=2", 2, 2, 8, 10, 3, 4, 4, 2, true);
        conv("k4 s2 no bias M=1", 1, 3, 9, 8, 2, 4, 4, 2, false);
    }

    @Test
    void conv2dNonSquareKernelStride1() {
        conv("k3x2 s1 no bias", 3, 2, 5, 4, 2, 3, 2, 1, false);
    }

    @Test
    void convTranspose2dKernel1Stride1() {
        transposed("k1 s1 no bias", 2, 3, 3, 4, 2, 1, 1, 1, false);
    }

    @Test
    void convTranspose2dKernel5And6Stride2() {
        transposed("k5 s2 bias M=2", 2, 3, 2, 3, 2, 5, 5, 2, true);
        transposed("k6 s2 no bias M=1", 1, 2, 3, 2, 3, 6, 6, 2, false);
    }

    @Test
    void convTranspose2dKernel4Stride2NonSquare() {
        transposed("k4x3 s2 bias", 2, 2, 3, 2, 2, 4, 3, 2, true);
    }
}
