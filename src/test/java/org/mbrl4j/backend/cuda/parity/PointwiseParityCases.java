package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.UnaryOp;

/** Parity of kernels/pointwise.cu; tolerances from its header, noted per check. */
abstract class PointwiseParityCases extends ParityCases {

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void binaryForwardAndBackward(int rows, int cols) {
        for (BinaryOp op : BinaryOp.values()) {
            for (int[] bShape : new int[][] {{rows, cols}, {cols}, {1}}) {
                ParityRun r = run("binary " + op + " b" + java.util.Arrays.toString(bShape), rows, cols);
                ParityRun.Pair a = r.uniform(-2f, 2f, rows, cols);
                ParityRun.Pair b = r.uniform(0.5f, 2f, bShape);
                ParityRun.Pair out = r.out(rows, cols);
                r.apply(be -> be.pointwise().binary(op, a.on(be), b.on(be), out.on(be)));
                r.check("out", out, Tol.exact()); // IEEE +, -, *, / in both
                ParityRun.Pair dout = r.uniform(-1f, 1f, rows, cols);
                ParityRun.Pair da = r.acc(rows, cols);
                ParityRun.Pair db = r.acc(bShape);
                r.apply(be -> be.pointwise().binaryBackward(op, a.on(be), b.on(be), dout.on(be), da.on(be), db.on(be)));
                // da += one product: FMA contraction may round once instead of twice
                r.check("da", da, Tol.of(2 * Tol.U, 2 * Tol.U * 4, "elementwise accumulate, 2u"));
                // db: a sum over the broadcast rows (tree vs the CPU's double sum); DIV's -g·a/b² is also
                // evaluated as (-g·a)/(b·b) on the device and -g·a/b/b on the CPU: a few ulp per term
                int reps = rows * cols / db.cpu().size();
                double[] absSums = bAbsSums(op, a.cpuValues(), b.cpuValues(), dout.cpuValues(), db.cpu().size());
                r.check("db", db, Tol.perElement(4 * Tol.U, ParityRun.sumBound(absSums, reps / 8.0 + 10),
                        "(L/8 + 10)·u·Σ|terms| (binary_backward_reduce: <= L/8 terms per thread, then a tree)"));
            }
        }
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void scaleAndClamp(int rows, int cols) {
        ParityRun r = run("scale/clamp", rows, cols);
        ParityRun.Pair x = r.uniform(-3f, 3f, rows, cols);
        ParityRun.Pair out = r.out(rows, cols);
        r.apply(be -> be.pointwise().scale(x.on(be), -1.75f, out.on(be)));
        r.check("scale out", out, Tol.exact());
        ParityRun.Pair clamped = r.out(rows, cols);
        r.apply(be -> be.pointwise().clamp(x.on(be), -1f, 1.5f, clamped.on(be)));
        r.check("clamp out", clamped, Tol.exact());
        ParityRun.Pair dout = r.uniform(-1f, 1f, rows, cols);
        ParityRun.Pair dx = r.acc(rows, cols);
        r.apply(be -> be.pointwise().scaleBackward(-1.75f, dout.on(be), dx.on(be)));
        r.apply(be -> be.pointwise().clampBackward(x.on(be), -1f, 1.5f, dout.on(be), dx.on(be)));
        r.check("dx", dx, Tol.of(2 * Tol.U, 2 * Tol.U * 4, "elementwise accumulate, 2u"));
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void unaryForwardAndBackward(int rows, int cols) {
        for (UnaryOp op : UnaryOp.values()) {
            ParityRun r = run("unary " + op, rows, cols);
            ParityRun.Pair x = op == UnaryOp.LOG ? r.uniform(0.01f, 5f, rows, cols) : r.uniform(-6f, 6f, rows, cols);
            ParityRun.Pair y = r.out(rows, cols);
            r.apply(be -> be.pointwise().unary(op, x.on(be), y.on(be)));
            // ScalarMath's double evaluation in both: rtol 2·2^-24, atol 2^-24 (header)
            r.check("out", y, Tol.of(2 * Tol.U, Tol.U, "pointwise.cu: rtol 2u, atol u"));
            ParityRun.Pair dout = r.uniform(-1f, 1f, rows, cols);
            ParityRun.Pair dx = r.acc(rows, cols);
            r.apply(be -> be.pointwise().unaryBackward(op, x.on(be), y.on(be), dout.on(be), dx.on(be)));
            double scale = Math.max(1, ParityRun.maxAbs(y.cpuValues()));
            r.check("dx", dx, Tol.of(4 * Tol.U, 4 * Tol.U * scale, "f'(x)·dout then +=: rtol 4u, atol 4u·max|f|"));
        }
    }

    /** Σ over the broadcast rows of |∂out/∂b · dout| for each element of b. */
    private static double[] bAbsSums(BinaryOp op, float[] a, float[] b, float[] g, int nb) {
        double[] s = new double[nb];
        for (int i = 0; i < a.length; i++) {
            int j = i % nb;
            double term = switch (op) {
                case ADD, SUB -> g[i];
                case MUL -> (double) g[i] * a[i];
                case DIV -> (double) g[i] * a[i] / ((double) b[j] * b[j]);
            };
            s[j] += Math.abs(term);
        }
        return s;
    }
}
