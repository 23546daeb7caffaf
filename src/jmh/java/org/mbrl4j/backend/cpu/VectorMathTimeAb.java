package org.mbrl4j.backend.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Thread CPU nanoseconds per element of {@link VectorMath}'s exp, Mish and Mish backward over a planner layer's
 * output (536 × 128 floats, fresh uniform inputs in [-6, 6)), and of the two-hot expectation ({@link TwoHotFloat#mean})
 * over the same floats as rows of 101 bins, medians and minima over rounds; for a loaded machine,
 * where wall time says little. To compare two versions of VectorMath, run this class from one folder against each
 * jar in turn ({@code -cp DIR:OLD.jar} then {@code -cp DIR:NEW.jar}), alternating:
 * {@code java --add-modules jdk.incubator.vector -cp 'target/mbrl4j.jar:target/lib/*'
 * org.mbrl4j.backend.cpu.VectorMathTimeAb [rounds]}.
 */
public final class VectorMathTimeAb {
    private VectorMathTimeAb() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int N = 536 * 128;
    private static final int REPS = 200;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        var rnd = new SplittableRandom(System.nanoTime());
        float[] x = new float[N];
        float[] dy = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (rnd.nextDouble() * 12 - 6);
            dy[i] = (float) rnd.nextDouble(-1, 1);
        }
        float[] y = new float[N];
        float[] centers = TwoHotFloat.centers(org.mbrl4j.backend.Bins.tdmpc2Default());
        int bins = centers.length;
        float[] st = new float[2];
        String[] ops = {"exp", "mish", "mishBackward", "twoHotMean"};
        Runnable[] bodies = {() -> VectorMath.exp(x, 0, y, 0, N), () -> VectorMath.mish(x, 0, y, 0, N),
            () -> VectorMath.mishBackward(x, 0, dy, 0, y, 0, N), () -> {
                for (int r = 0; r + bins <= N; r += bins) {
                    y[r] = TwoHotFloat.mean(x, r, centers, st);
                }
            }};
        double[][] ns = new double[ops.length][rounds];
        for (int round = -2; round < rounds; round++) { // two warm-up rounds
            for (int op = 0; op < ops.length; op++) {
                long t0 = THREADS.getCurrentThreadCpuTime();
                for (int rep = 0; rep < REPS; rep++) {
                    bodies[op].run();
                }
                if (round >= 0) {
                    ns[op][round] = (THREADS.getCurrentThreadCpuTime() - t0) / (double) REPS / N;
                }
            }
        }
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + ", "
                + VectorWidth.describe() + ", " + rounds + " rounds of " + REPS + " x " + N + " elements");
        for (int op = 0; op < ops.length; op++) {
            double[] t = ns[op].clone();
            Arrays.sort(t);
            System.out.printf("%-13s %.3f ns/element (min %.3f, max %.3f)%n", ops[op], t[t.length / 2], t[0],
                    t[t.length - 1]);
        }
    }
}
