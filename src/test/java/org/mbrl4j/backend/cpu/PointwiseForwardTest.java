package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertClose;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertWithin;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertRejects;
import static org.mbrl4j.backend.cpu.PointwiseTestSupport.assertSameBits;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.backend.cpu.PointwiseKernels.Write;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * Pointwise forwards and backwards against float64 formulas written here. Float +, -, ·, / of two
 * floats equal the float64 result rounded once, so arithmetic is compared exactly; transcendentals
 * within a few float ulps.
 */
class PointwiseForwardTest {
    /** Rows × cols above Parallel's 200k-element threshold, with a width that is no vector multiple. */
    private static final int BIG_ROWS = 600;
    private static final int BIG_COLS = 517;
    /** A few float ulps: the ops round double results (sometimes twice) to float. */
    private static final double ULP_RTOL = 1e-6;
    private static final double TINY_ATOL = 1e-7;

    private final Backend be = new CpuBackend();
    private final PointwiseOps ops = be.pointwise();
    private final TestRandom rnd = new TestRandom();

    @ParameterizedTest
    @EnumSource(BinaryOp.class)
    void binaryMatchesFormulaForEveryBroadcast(BinaryOp op) {
        checkBinary(op, new int[] {37, 53}, new int[] {37, 53});
        checkBinary(op, new int[] {5, 37, 53}, new int[] {37, 53});
        checkBinary(op, new int[] {37, 53}, new int[] {53});
        checkBinary(op, new int[] {37, 53}, new int[] {1});
        checkBinary(op, new int[] {7}, new int[] {});
        checkBinary(op, new int[] {BIG_ROWS, BIG_COLS}, new int[] {BIG_COLS});
        checkBinary(op, new int[] {BIG_ROWS, BIG_COLS}, new int[] {BIG_ROWS, BIG_COLS});
        checkBinary(op, new int[] {BIG_ROWS, BIG_COLS}, new int[] {1, 1});
    }

    private void checkBinary(BinaryOp op, int[] aShape, int[] bShape) {
        Tensor a = rnd.uniform(be, false, -3, 3, aShape);
        Tensor b = rnd.uniform(be, false, 0.25, 3, bShape);
        Tensor out = be.zeros(aShape);
        ops.binary(op, a, b, out);
        float[] av = be.toArray(a);
        float[] bv = be.toArray(b);
        double[] expected = new double[av.length];
        for (int i = 0; i < av.length; i++) {
            expected[i] = (float) apply(op, av[i], bv[i % bv.length]);
        }
        assertClose(op + " a" + str(aShape) + " b" + str(bShape), expected, be.toArray(out), 0, 0, rnd.seed());

        // Backward accumulates: start from random gradients.
        Tensor dout = rnd.uniform(be, false, -1, 1, aShape);
        Tensor da = rnd.uniform(be, false, -1, 1, aShape);
        Tensor db = rnd.uniform(be, false, -1, 1, bShape);
        float[] da0 = be.toArray(da);
        float[] db0 = be.toArray(db);
        ops.binaryBackward(op, a, b, dout, da, db);
        float[] g = be.toArray(dout);
        double[] expDa = new double[av.length];
        double[] expDb = new double[bv.length];
        // Rounding errors scale with the magnitudes of the terms, not of their (possibly cancelling) sum.
        double[] magDa = new double[av.length];
        double[] magDb = new double[bv.length];
        for (int j = 0; j < bv.length; j++) {
            expDb[j] = db0[j];
            magDb[j] = Math.abs(db0[j]);
        }
        for (int i = 0; i < av.length; i++) {
            double x = av[i];
            double y = bv[i % bv.length];
            double[] partials = switch (op) {
                case ADD -> new double[] {1, 1};
                case SUB -> new double[] {1, -1};
                case MUL -> new double[] {y, x};
                case DIV -> new double[] {1 / y, -x / (y * y)};
            };
            expDa[i] = da0[i] + g[i] * partials[0];
            magDa[i] = Math.abs(da0[i]) + Math.abs(g[i] * partials[0]);
            expDb[i % bv.length] += g[i] * partials[1];
            magDb[i % bv.length] += Math.abs(g[i] * partials[1]);
        }
        String where = op + " backward a" + str(aShape) + " b" + str(bShape);
        // Rounding errors (u = 2^-24 each, Higham eq. 3.4): a term takes at most three float roundings
        // (DIV's db: -g·a, /b, /b); db's terms are summed in double, rounded to float, then accumulated:
        // 5·u·Σ|term| to first order. The bound is 6·u·Σ|term| (the sum in double adds ~1e-16).
        assertWithin(where + " da", expDa, be.toArray(da), scaled(magDa, ROUNDINGS_BOUND), rnd.seed());
        assertWithin(where + " db", expDb, be.toArray(db), scaled(magDb, ROUNDINGS_BOUND), rnd.seed());
    }

    /** Six float roundings, relative to the magnitude of the terms. */
    private static final double ROUNDINGS_BOUND = 6 * 0x1p-24;

    private static double[] scaled(double[] magnitude, double factor) {
        double[] out = new double[magnitude.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = magnitude[i] * factor + Double.MIN_NORMAL;
        }
        return out;
    }

    @Test
    void scaleAndClamp() {
        for (int[] shape : new int[][] {{13, 7}, {BIG_ROWS, BIG_COLS}}) {
            Tensor x = rnd.uniform(be, false, -2, 2, shape);
            float[] xv = be.toArray(x);
            float s = (float) rnd.uniform(-3, 3);
            Tensor out = be.zeros(shape);
            double[] expScale = new double[xv.length];
            double[] expClamp = new double[xv.length];
            double[] expScaleBack = new double[xv.length];
            double[] expClampBack = new double[xv.length];
            float lo = -0.75f;
            float hi = 1.25f;
            xv[0] = lo; // both bounds are inside the gradient's support
            xv[1] = hi;
            be.upload(xv, 0, x);
            Tensor dout = rnd.uniform(be, false, -1, 1, shape);
            Tensor dx = rnd.uniform(be, false, -1, 1, shape);
            float[] g = be.toArray(dout);
            float[] dx0 = be.toArray(dx);
            for (int i = 0; i < xv.length; i++) {
                expScale[i] = (float) ((double) s * xv[i]);
                expClamp[i] = Math.min(Math.max(xv[i], lo), hi);
                expScaleBack[i] = (float) (dx0[i] + (double) (float) ((double) s * g[i]));
                expClampBack[i] = xv[i] >= lo && xv[i] <= hi ? (float) (dx0[i] + (double) g[i]) : dx0[i];
            }
            ops.scale(x, s, out);
            assertClose("scale " + str(shape), expScale, be.toArray(out), 0, 0, rnd.seed());
            ops.clamp(x, lo, hi, out);
            assertClose("clamp " + str(shape), expClamp, be.toArray(out), 0, 0, rnd.seed());
            ops.clampBackward(x, lo, hi, dout, dx);
            assertClose("clampBackward " + str(shape), expClampBack, be.toArray(dx), 0, 0, rnd.seed());
            be.upload(dx0, 0, dx);
            ops.scaleBackward(s, dout, dx);
            assertClose("scaleBackward " + str(shape), expScaleBack, be.toArray(dx), 0, 0, rnd.seed());
        }
    }

    @ParameterizedTest
    @EnumSource(UnaryOp.class)
    void unaryMatchesFormula(UnaryOp op) {
        int n = BIG_ROWS * 401; // above the parallel threshold
        float[] xv = op == UnaryOp.LOG ? rnd.floats(n, 1e-3, 50) : rnd.floats(n, -8, 8);
        xv[0] = 0f;
        xv[1] = op == UnaryOp.LOG ? 1f : 25f; // beyond softplus' threshold
        xv[2] = op == UnaryOp.LOG ? -1f : -25f; // log of a negative value is NaN (no clamping)
        Tensor x = be.fromArray(xv, BIG_ROWS, 401);
        Tensor y = be.zeros(BIG_ROWS, 401);
        ops.unary(op, x, y);
        DoubleUnaryOperator f = formula(op);
        DoubleUnaryOperator df = derivative(op);
        double[] expY = new double[n];
        double[] expDx = new double[n];
        for (int i = 0; i < n; i++) {
            expY[i] = f.applyAsDouble(xv[i]);
            expDx[i] = df.applyAsDouble(xv[i]);
        }
        assertClose("unary " + op, expY, be.toArray(y), TINY_ATOL, 4 * ULP_RTOL, rnd.seed());

        Tensor ones = be.zeros(BIG_ROWS, 401);
        be.fill(ones, 1f);
        Tensor dx = be.zeros(BIG_ROWS, 401);
        ops.unaryBackward(op, x, y, ones, dx);
        // TANH/SIGMOID/EXP differentiate through the float output y: 1 - y² loses relative precision
        // as |y| -> 1, bounded by 2·ulp(1) absolute.
        assertClose("unaryBackward " + op, expDx, be.toArray(dx), 4e-7, 4 * ULP_RTOL, rnd.seed());
    }

    @Test
    void vectorLoopsMatchScalarReferenceBitForBit() {
        assumeTrue(VectorWidth.enabled(), "vectors disabled (-Dmbrl.cpu.vectorBits=0)");
        int n = 4 * 64 + 13; // vector body plus a tail at every width
        float[] a = rnd.floats(n + 3, -2, 2);
        float[] b = rnd.floats(n + 5, 0.1, 2);
        float[] base = rnd.floats(n + 7, -1, 1);
        for (BinaryOp op : BinaryOp.values()) {
            for (Write w : Write.values()) {
                float[] s = base.clone();
                float[] v = base.clone();
                PointwiseKernels.binaryRowScalar(op, w, a, 3, b, 5, s, 7, n);
                PointwiseKernels.binaryRowVector(op, w, a, 3, b, 5, v, 7, n);
                assertSameBits("binaryRow " + op + " " + w, s, v, rnd.seed());
                s = base.clone();
                v = base.clone();
                PointwiseKernels.binaryScalarScalar(op, w, a, 1, 0.37f, s, 2, n);
                PointwiseKernels.binaryScalarVector(op, w, a, 1, 0.37f, v, 2, n);
                assertSameBits("binaryScalar " + op + " " + w, s, v, rnd.seed());
            }
        }
        float[] s = base.clone();
        float[] v = base.clone();
        PointwiseKernels.clampScalar(a, 0, -0.5f, 0.5f, s, 1, n);
        PointwiseKernels.clampVector(a, 0, -0.5f, 0.5f, v, 1, n);
        assertSameBits("clamp", s, v, rnd.seed());
        s = base.clone();
        v = base.clone();
        PointwiseKernels.clampBackwardScalar(a, 2, -0.5f, 0.5f, b, 1, s, 0, n);
        PointwiseKernels.clampBackwardVector(a, 2, -0.5f, 0.5f, b, 1, v, 0, n);
        assertSameBits("clampBackward", s, v, rnd.seed());
    }

    @Test
    void rejectsBadArguments() {
        Tensor a = be.zeros(3, 4);
        assertRejects(() -> ops.binary(BinaryOp.ADD, a, be.zeros(3), be.zeros(3, 4)), "binary ADD", "b (3)",
                "a (3, 4)", "suffix");
        assertRejects(() -> ops.binary(BinaryOp.MUL, a, be.zeros(2, 3, 4), be.zeros(3, 4)), "binary MUL",
                "b (2, 3, 4)");
        assertRejects(() -> ops.binary(BinaryOp.SUB, a, be.zeros(4), be.zeros(4, 3)), "binary SUB", "out",
                "(4, 3)", "(3, 4)");
        assertRejects(() -> ops.binary(BinaryOp.DIV, be.tensor(DType.I32, false, 3, 4), be.zeros(4), a),
                "binary DIV", "a must be F32", "I32");
        assertRejects(() -> ops.binaryBackward(BinaryOp.ADD, a, be.zeros(4), a, a, be.zeros(3)), "binaryBackward",
                "db (3)", "b (4)");
        assertRejects(() -> ops.clamp(a, 1f, -1f, a), "clamp", "lo = 1.0", "hi = -1.0");
        assertRejects(() -> ops.scale(a, 2f, be.zeros(12)), "scale", "out (12)", "x (3, 4)");
        assertRejects(() -> ops.unary(UnaryOp.EXP, a, be.zeros(4, 3)), "unary EXP", "out (4, 3)");
        assertRejects(() -> ops.unaryBackward(UnaryOp.TANH, a, null, a, be.zeros(3, 4)), "unaryBackward TANH",
                "out is null");
    }

    private static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }

    private static double softplus(double x) {
        return x > 20 ? x : Math.log1p(Math.exp(x));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static DoubleUnaryOperator formula(UnaryOp op) {
        return switch (op) {
            case MISH -> x -> x * Math.tanh(softplus(x));
            case RELU -> x -> x > 0 ? x : 0;
            case ELU -> x -> x > 0 ? x : Math.exp(x) - 1;
            case TANH -> Math::tanh;
            case SIGMOID -> PointwiseForwardTest::sigmoid;
            case SOFTPLUS -> PointwiseForwardTest::softplus;
            case EXP -> Math::exp;
            case LOG -> Math::log;
            case SYMLOG -> x -> Math.signum(x) * Math.log(1 + Math.abs(x));
            case SYMEXP -> x -> Math.signum(x) * (Math.exp(Math.abs(x)) - 1);
            case NEG -> x -> -x;
        };
    }

    private static DoubleUnaryOperator derivative(UnaryOp op) {
        return switch (op) {
            case MISH -> x -> {
                double t = Math.tanh(softplus(x));
                return t + x * sigmoid(x) * (1 - t * t);
            };
            case RELU -> x -> x > 0 ? 1 : 0;
            case ELU -> x -> x > 0 ? 1 : Math.exp(x);
            case TANH -> x -> 1 - Math.tanh(x) * Math.tanh(x);
            case SIGMOID -> x -> sigmoid(x) * (1 - sigmoid(x));
            case SOFTPLUS -> x -> x > 20 ? 1 : sigmoid(x);
            case EXP -> Math::exp;
            case LOG -> x -> 1 / x;
            case SYMLOG -> x -> 1 / (1 + Math.abs(x));
            case SYMEXP -> x -> Math.exp(Math.abs(x));
            case NEG -> x -> -1;
        };
    }

    private static String str(int[] shape) {
        return Shapes.str(shape);
    }
}
