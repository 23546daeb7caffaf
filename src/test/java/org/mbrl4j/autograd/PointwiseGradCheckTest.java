package org.mbrl4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/** Gradient checks of {@link PointwiseFn} on fresh random inputs. */
class PointwiseGradCheckTest {
    /** Inputs stay this far from kinks and clamp bounds: more than twice GradCheck's default step 1e-2. */
    private static final double KINK_MARGIN = 0.05;

    private final Backend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binarySameShape(BinaryOp op) {
        checkBinary(op, new int[] {3, 4}, new int[] {3, 4});
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binarySuffixBroadcast(BinaryOp op) {
        checkBinary(op, new int[] {2, 3, 4}, new int[] {3, 4});
        checkBinary(op, new int[] {5, 3}, new int[] {3});
    }

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryScalarBroadcast(BinaryOp op) {
        checkBinary(op, new int[] {4, 5}, new int[] {1});
        checkBinary(op, new int[] {3, 2}, new int[] {});
    }

    private void checkBinary(BinaryOp op, int[] aShape, int[] bShape) {
        Tensor a = rnd.uniform(be, true, -2, 2, aShape);
        // Divisors stay in ±[0.5, 2] so 1/b and a/b² are well conditioned.
        Tensor b = op == BinaryOp.DIV ? signedAwayFromZero(0.5, 2, bShape) : rnd.uniform(be, true, -2, 2, bShape);
        GradCheck.of(op + " a" + str(aShape) + " b" + str(bShape))
                .check(be, rnd, List.of(a, b), g -> PointwiseFn.binary(g, op, a, b));
    }

    @Test
    void sameTensorOnBothSides() {
        Tensor x = rnd.uniform(be, true, -2, 2, 3, 4);
        GradCheck.of("mul x*x").check(be, rnd, List.of(x), g -> PointwiseFn.mul(g, x, x));
    }

    @Test
    void scale() {
        Tensor x = rnd.uniform(be, true, -2, 2, 3, 5);
        float s = (float) rnd.uniform(-3, 3);
        GradCheck.of("scale " + s).check(be, rnd, List.of(x), g -> PointwiseFn.scale(g, x, s));
    }

    @Test
    void clamp() {
        float lo = -0.5f;
        float hi = 0.7f;
        float[] v = rnd.floats(40, -1.5, 1.5);
        keepAway(v, lo);
        keepAway(v, hi);
        Tensor x = param(v, 5, 8);
        GradCheck.of("clamp").check(be, rnd, List.of(x), g -> PointwiseFn.clamp(g, x, lo, hi));
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unary(UnaryOp op) {
        float[] v = switch (op) {
            case LOG -> rnd.floats(24, 0.5, 3);
            case EXP, SYMEXP -> rnd.floats(24, -2, 2);
            default -> rnd.floats(24, -3, 3);
        };
        if (op == UnaryOp.RELU || op == UnaryOp.ELU || op == UnaryOp.SYMLOG || op == UnaryOp.SYMEXP) {
            keepAway(v, 0f);
        }
        Tensor x = param(v, 4, 6);
        GradCheck.of("unary " + op).check(be, rnd, List.of(x), g -> PointwiseFn.unary(g, op, x));
    }

    @Test
    void convenienceMethodsMatchUnary() {
        Tensor x = rnd.uniform(be, false, 0.5, 2, 7);
        try (Graph g = new Graph(be)) {
            List<Tensor> named = List.of(PointwiseFn.mish(g, x), PointwiseFn.relu(g, x), PointwiseFn.elu(g, x),
                    PointwiseFn.tanh(g, x), PointwiseFn.sigmoid(g, x), PointwiseFn.softplus(g, x),
                    PointwiseFn.exp(g, x), PointwiseFn.log(g, x), PointwiseFn.symlog(g, x), PointwiseFn.symexp(g, x),
                    PointwiseFn.neg(g, x));
            UnaryOp[] ops = {UnaryOp.MISH, UnaryOp.RELU, UnaryOp.ELU, UnaryOp.TANH, UnaryOp.SIGMOID,
                UnaryOp.SOFTPLUS, UnaryOp.EXP, UnaryOp.LOG, UnaryOp.SYMLOG, UnaryOp.SYMEXP, UnaryOp.NEG};
            for (int i = 0; i < ops.length; i++) {
                assertArrayEquals(be.toArray(PointwiseFn.unary(g, ops[i], x)),
                        be.toArray(named.get(i)), ops[i] + " convenience method, seed " + rnd.seed());
            }
        }
    }

    @Test
    void nothingRecordedWithoutGrad() {
        Tensor a = rnd.uniform(be, false, -1, 1, 3);
        Tensor b = rnd.uniform(be, true, -1, 1, 3);
        try (Graph g = new Graph(be)) {
            PointwiseFn.add(g, a, a);
            assertEquals(0, g.recordedOps());
            Graph.NoGrad scope = g.noGrad();
            assertFalse(PointwiseFn.mul(g, a, b).requiresGrad());
            scope.close();
            assertEquals(0, g.recordedOps());
            assertTrue(PointwiseFn.mul(g, a, b).requiresGrad());
            assertEquals(1, g.recordedOps());
        }
    }

    private void keepAway(float[] v, float point) {
        for (int i = 0; i < v.length; i++) {
            if (Math.abs(v[i] - point) < KINK_MARGIN) {
                v[i] = (float) (point + (v[i] >= point ? KINK_MARGIN : -KINK_MARGIN) * 2);
            }
        }
    }

    private Tensor signedAwayFromZero(double lo, double hi, int... shape) {
        Tensor t = be.tensor(DType.F32, true, shape);
        float[] v = rnd.floats(Math.toIntExact(t.numel()), lo, hi);
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(2) == 0 ? v[i] : -v[i];
        }
        be.upload(v, 0, t);
        return t;
    }

    private Tensor param(float[] values, int... shape) {
        Tensor t = be.tensor(DType.F32, true, shape);
        be.upload(values, 0, t);
        return t;
    }

    private static String str(int[] shape) {
        return Shapes.str(shape);
    }
}
