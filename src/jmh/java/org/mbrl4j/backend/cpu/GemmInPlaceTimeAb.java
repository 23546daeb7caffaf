package org.mbrl4j.backend.cpu;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.mbrl4j.tensor.HostStorage;

/**
 * Row-major op(A) packed against read in place ({@link Gemm#readsAInPlace}), A/B on a loaded machine:
 * alternating rounds in one JVM, thread CPU time, medians ({@link CpuTimeAb#alternate}). First the
 * layers' products at the planner's shapes (x·w^T with a bias, the weight's panels kept); TD-MPC2's act and
 * update: {@code org.mbrl4j.bench.GemmInPlaceAgentTimeAb}. Run single-threaded:
 * {@code java --add-modules jdk.incubator.vector -Dmbrl.cpu.threads=1 -cp 'target/mbrl4j.jar:target/lib/*'
 * org.mbrl4j.backend.cpu.GemmInPlaceTimeAb [rounds]}.
 */
public final class GemmInPlaceTimeAb {
    private GemmInPlaceTimeAb() {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                + ", threads " + Parallel.THREADS + ", " + VectorWidth.describe() + ", tile " + GemmKernel.MR + " x "
                + GemmKernel.NR);
        boolean saved = Gemm.inPlaceA;
        try {
            int[][] shapes = {{536, 65, 128}, {536, 128, 128}, {536, 128, 64}, {536, 128, 101}, {1024, 65, 128},
                {3216, 512, 512}};
            for (int[] s : shapes) {
                gemm(rounds, s[0], s[1], s[2]);
            }
        } finally {
            Gemm.inPlaceA = saved;
        }
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void gemm(int rounds, int m, int k, int n) {
        SplittableRandom rnd = new SplittableRandom(1);
        float[] x = CpuTimeAb.random(rnd, m * k);
        float[] w = CpuTimeAb.random(rnd, n * k);
        float[] bias = CpuTimeAb.random(rnd, n);
        GemmMatrix xm = GemmMatrix.rowMajor(x, 0, 0, k, false);
        GemmMatrix wm = GemmMatrix.rowMajor(w, 0, 0, k, true);
        GemmMatrix ym = GemmMatrix.rowMajor(new float[m * n], 0, 0, n, false);
        HostStorage kept = new HostStorage(w, null);
        int reps = (int) Math.max(1, 2e9 / (2.0 * m * k * n));
        double[][] t = CpuTimeAb.alternate(rounds, reps, () -> layer(false, m, n, k, xm, wm, bias, ym, kept),
                () -> layer(true, m, n, k, xm, wm, bias, ym, kept));
        System.out.printf("x·w^T + b M=%d K=%d N=%d: packed %.1f us (min %.1f), in place %.1f us (min %.1f),"
                + " in place/packed %.3f%n", m, k, n, t[0][1], t[0][0], t[1][1], t[1][0], t[1][1] / t[0][1]);
    }

    private static void layer(boolean inPlace, int m, int n, int k, GemmMatrix x, GemmMatrix w, float[] bias,
            GemmMatrix y, HostStorage kept) {
        Gemm.inPlaceA = inPlace;
        Gemm.gemmWithBias(1, m, n, k, 1f, x, w, Gemm.biasRows(bias, 0, n), y, kept);
    }
}
