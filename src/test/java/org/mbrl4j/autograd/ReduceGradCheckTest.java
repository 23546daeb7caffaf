package org.mbrl4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/** Gradient checks of {@link ReduceFn} over one axis, several axes and all axes. */
class ReduceGradCheckTest {
    private final Backend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void oneAxis(ReduceOp op) {
        check(op, new int[] {3, 4, 5}, 1);
        check(op, new int[] {3, 4, 5}, -1);
        check(op, new int[] {3, 4, 5}, 0);
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void severalAxes(ReduceOp op) {
        check(op, new int[] {3, 4, 5}, 0, 2);
        check(op, new int[] {2, 3, 2, 4}, 3, 1);
    }

    @ParameterizedTest
    @EnumSource(ReduceOp.class)
    void allAxes(ReduceOp op) {
        Tensor x = rnd.uniform(be, true, -2, 2, 3, 4, 2);
        GradCheck.of(op + "All").check(be, rnd, List.of(x), g -> {
            Tensor y = op == ReduceOp.SUM ? ReduceFn.sumAll(g, x) : ReduceFn.meanAll(g, x);
            assertArrayEquals(new int[0], y.shape(), "all-axes reduction has shape ()");
            return y;
        });
    }

    private void check(ReduceOp op, int[] shape, int... axes) {
        Tensor x = rnd.uniform(be, true, -2, 2, shape);
        GradCheck.of(op + " " + Arrays.toString(axes) + " of " + Arrays.toString(shape))
                .check(be, rnd, List.of(x), g -> ReduceFn.reduce(g, op, x, axes));
    }
}
