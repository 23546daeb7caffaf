package org.mbrl4j.backend.cpu;

import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertClose;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertRejects;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.coords;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.backend.ReduceOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/** Sums and means over every subset of axes against float64 loops written here. */
class ReduceForwardTest {
    /** Float rounding of one double-accumulated sum. */
    private static final double RTOL = 1e-6;
    private static final double ATOL = 1e-6;

    private final Backend be = new CpuBackend();
    private final ReduceOps ops = be.reduce();
    private final TestRandom rnd = new TestRandom();

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void everySubsetOfAxes(ReduceOp op) {
        int[] shape = {3, 4, 5, 6};
        for (int mask = 0; mask < 1 << shape.length; mask++) {
            check(op, shape, axesOf(mask, shape.length));
        }
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void largeTensorsAndNegativeAxes(ReduceOp op) {
        check(op, new int[] {700, 401}, 0);
        check(op, new int[] {700, 401}, -1);
        check(op, new int[] {20, 300, 50}, -2);
        check(op, new int[] {7}, 0);
    }

    private void check(ReduceOp op, int[] shape, int... axes) {
        String what = op + " " + Arrays.toString(axes) + " of " + Arrays.toString(shape);
        Tensor x = rnd.uniform(be, false, -1, 1, shape);
        float[] xv = be.toArray(x);
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            reduced[Math.floorMod(a, shape.length)] = true;
        }
        int[] outShape = IntStream.range(0, shape.length).filter(d -> !reduced[d])
                .map(d -> shape[d]).toArray();
        long count = 1;
        for (int d = 0; d < shape.length; d++) {
            count *= reduced[d] ? shape[d] : 1;
        }
        double[] expected = new double[Math.toIntExact(Shapes.numel(outShape))];
        int[] owner = new int[xv.length];
        for (int i = 0; i < xv.length; i++) {
            owner[i] = outIndex(coords(i, shape), shape, reduced);
            expected[owner[i]] += xv[i];
        }
        if (op == ReduceOp.MEAN) {
            for (int o = 0; o < expected.length; o++) {
                expected[o] /= count;
            }
        }
        Tensor out = be.zeros(outShape);
        ops.reduce(op, x, axes, out);
        assertClose(what, expected, be.toArray(out), ATOL, RTOL, rnd.seed());

        Tensor dout = rnd.uniform(be, false, -1, 1, outShape);
        Tensor dx = rnd.uniform(be, false, -1, 1, shape);
        float[] g = be.toArray(dout);
        float[] dx0 = be.toArray(dx);
        double[] expDx = new double[xv.length];
        for (int i = 0; i < xv.length; i++) {
            expDx[i] = dx0[i] + g[owner[i]] / (op == ReduceOp.MEAN ? (double) count : 1.0);
        }
        ops.reduceBackward(op, axes, dout, dx);
        assertClose(what + " backward", expDx, be.toArray(dx), ATOL, RTOL, rnd.seed());
    }

    @Test
    void rejectsBadAxesAndShapes() {
        Tensor x = be.zeros(2, 3, 4);
        assertRejects(() -> ops.reduce(ReduceOp.SUM, x, new int[] {1, -2}, be.zeros(2, 4)), "reduce SUM", "axis -2",
                "more than once");
        assertRejects(() -> ops.reduce(ReduceOp.MEAN, x, new int[] {3}, be.zeros(2, 3)), "reduce MEAN", "axis 3",
                "rank 3");
        assertRejects(() -> ops.reduce(ReduceOp.SUM, x, new int[] {1}, be.zeros(2, 3)), "reduce SUM", "out",
                "(2, 3)", "(2, 4)");
        assertRejects(() -> ops.reduceBackward(ReduceOp.SUM, new int[] {0}, be.zeros(4), x), "reduceBackward SUM",
                "dout", "(3, 4)");
    }

    private static int outIndex(int[] c, int[] shape, boolean[] reduced) {
        int f = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                f = f * shape[d] + c[d];
            }
        }
        return f;
    }

    private static int[] axesOf(int mask, int rank) {
        return IntStream.range(0, rank).filter(d -> (mask >> d & 1) != 0).toArray();
    }
}
