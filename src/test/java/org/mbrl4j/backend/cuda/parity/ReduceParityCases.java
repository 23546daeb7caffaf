package org.mbrl4j.backend.cuda.parity;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.tensor.Shapes;

/** Parity of kernels/reduce.cu, including non-adjacent axes (several launches). */
abstract class ReduceParityCases extends ParityCases {

    static Stream<Arguments> shapesAndAxes() {
        return Stream.of(Arguments.of(new int[] {1}, new int[] {0}), Arguments.of(new int[] {7, 5}, new int[] {1}),
                Arguments.of(new int[] {7, 5}, new int[] {0}), Arguments.of(new int[] {33, 129}, new int[] {0, 1}),
                Arguments.of(new int[] {4, 5, 6, 3}, new int[] {0, 2}), Arguments.of(new int[] {3, 300, 2}, new int[] {1}),
                Arguments.of(new int[] {6, 4}, new int[] {}), Arguments.of(new int[] {2, 3, 4, 5}, new int[] {3, 1}));
    }

    @ParameterizedTest(name = "x={0} axes={1}")
    @MethodSource("shapesAndAxes")
    void reduceAndBackward(int[] shape, int[] axes) {
        for (ReduceOp op : ReduceOp.values()) {
            ParityRun r = run("reduce " + op + " axes " + java.util.Arrays.toString(axes), shape);
            ParityRun.Pair x = r.uniform(-1f, 1f, shape);
            int[] outShape = outShape(shape, axes);
            ParityRun.Pair out = r.out(outShape);
            r.apply(be -> be.reduce().reduce(op, x.on(be), axes, out.on(be)));
            long count = Shapes.numel(shape) / Math.max(1, Shapes.numel(outShape));
            // Each thread sums <= L/8 terms in order, then a tree of <= 8 levels, against the CPU's double
            // sum: |err| <= (L/8 + 10)·u·Σ|x| per output (Σ|x| from the reference reducing |x|)
            float[] absX = x.cpuValues();
            for (int i = 0; i < absX.length; i++) {
                absX[i] = Math.abs(absX[i]);
            }
            float[] absSums = new float[Math.toIntExact(Shapes.numel(outShape))];
            try (var ref = new org.mbrl4j.backend.cpu.CpuBackend()) {
                var t = ref.fromArray(absX, shape);
                var o = ref.zeros(outShape);
                ref.reduce().reduce(op, t, axes, o);
                absSums = ref.toArray(o);
            }
            double[] atol = new double[absSums.length];
            for (int i = 0; i < atol.length; i++) {
                atol[i] = (count / 8.0 + 10) * Tol.U * absSums[i];
            }
            r.check("out", out, Tol.perElement(2 * Tol.U, atol, "(L/8 + 10)·u·Σ|x|, L = " + count));
            ParityRun.Pair dout = r.uniform(-1f, 1f, outShape);
            ParityRun.Pair dx = r.acc(shape);
            r.apply(be -> be.reduce().reduceBackward(op, axes, dout.on(be), dx.on(be)));
            // SUM exact; MEAN divides per run on the device (dout/L1/L2) and once on the CPU (dout·(1/L))
            r.check("dx", dx, Tol.of(4 * Tol.U, 4 * Tol.U, "accumulate of dout/L: a few ulp"));
        }
    }

    static Stream<Arguments> scaleSizes() {
        return Stream.of(Arguments.of(1), Arguments.of(2), Arguments.of(7), Arguments.of(64), Arguments.of(256),
                Arguments.of(257), Arguments.of(1000));
    }

    /**
     * runningScale bit-exact: fresh values with ties (a coarse grid: many equal order statistics), −0 and +0
     * side by side, a spread that crosses the floor at 1 and one that does not, scale read and written in place.
     */
    @ParameterizedTest(name = "n={0}")
    @MethodSource("scaleSizes")
    void runningScaleStepsExactly(int n) {
        for (float spread : new float[] {0.5f, 40f}) {
            ParityRun r = run("runningScale spread " + spread, n);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = spread * (r.rnd.nextInt(-12, 13) / 8f) + (float) r.rnd.nextDouble(-1e-3, 1e-3) * (i % 3);
            }
            if (n > 3) {
                v[1] = -0f;
                v[2] = 0f;
            }
            ParityRun.Pair x = r.values(v, n);
            ParityRun.Pair scale = r.values(new float[] {1f + (float) r.rnd.nextDouble(0, 5)}, 1);
            ParityRun.Pair out = r.out(1);
            r.apply(be -> be.reduce().runningScale(x.on(be), scale.on(be), 0.01f, out.on(be)));
            r.check("out", out, Tol.exact());
            r.apply(be -> be.reduce().runningScale(x.on(be), scale.on(be), 0.37f, scale.on(be)));
            r.check("scale in place", scale, Tol.exact());
        }
    }

    private static int[] outShape(int[] shape, int[] axes) {
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            reduced[a < 0 ? a + shape.length : a] = true;
        }
        return java.util.stream.IntStream.range(0, shape.length).filter(i -> !reduced[i]).map(i -> shape[i]).toArray();
    }
}
