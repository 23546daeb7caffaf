package org.mbrl4j.backend.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.HostStorage;

/**
 * A/B steering on a loaded machine: thread CPU time (not wall time) of alternating rounds of A and B,
 * medians over the rounds. Run single-threaded so all work is on the measuring thread:
 * {@code java --add-modules jdk.incubator.vector -Dmbrl.cpu.threads=1 -cp 'target/mbrl4j.jar:target/lib/*'
 * org.mbrl4j.backend.cpu.CpuTimeAb [rounds]}. Pairs: GEMM with b packed per call against b a kept
 * weight ({@link GemmWeightPanels}) on TD-MPC2 shapes; dropout masks scalar against lanes.
 *
 * <p>{@code CpuTimeAb shapes [rounds]} instead prints GFLOP/s (median and best round of thread CPU time)
 * for GemmBench's shapes and layouts as the layers run them (NT and NN with the weight's panels kept, TN
 * per call): the figures to set beside {@code scripts/openblas-gemm-bench.py}, which times OpenBLAS the
 * same way (process CPU time, one thread).
 */
public final class CpuTimeAb {
    private CpuTimeAb() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("shapes")) {
            shapes(args.length > 1 ? Integer.parseInt(args[1]) : 7);
            return;
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                + ", threads " + Parallel.THREADS + ", " + VectorWidth.describe());
        int[][] shapes = {{256, 518, 512}, {512, 512, 512}, {3216, 512, 512}, {256, 1024, 1024}, {512, 65, 1024},
            {256, 101, 512}};
        for (int[] s : shapes) {
            for (boolean transposedB : new boolean[] {true, false}) {
                gemm(rounds, s[0], s[1], s[2], transposedB);
            }
        }
        dropout(rounds, 512);
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void gemm(int rounds, int m, int k, int n, boolean transposedB) {
        SplittableRandom rnd = new SplittableRandom(1);
        float[] a = random(rnd, m * k);
        float[] b = random(rnd, k * n);
        float[] c = new float[m * n];
        GemmMatrix am = GemmMatrix.rowMajor(a, 0, 0, k, false);
        GemmMatrix bm = GemmMatrix.rowMajor(b, 0, 0, transposedB ? k : n, transposedB);
        GemmMatrix cm = GemmMatrix.rowMajor(c, 0, 0, n, false);
        int reps = (int) Math.max(1, 2e9 / (2.0 * m * k * n));
        HostStorage weight = new HostStorage(b, null);
        Runnable perCall = () -> Gemm.gemm(1, m, n, k, 1f, am, bm, 0f, cm, null);
        Runnable kept = () -> Gemm.gemm(1, m, n, k, 1f, am, bm, 0f, cm, weight);
        double[][] t = alternate(rounds, reps, perCall, kept);
        double flops = 2.0 * m * k * n;
        System.out.printf("gemm M=%d K=%d N=%d %s: per-call %.1f us (%.0f GFLOP/s), kept %.1f us (%.0f GFLOP/s),"
                + " kept/per-call %.3f%n", m, k, n, transposedB ? "x·w^T" : "dy·w", t[0][1], flops / t[0][1] / 1e3,
                t[1][1], flops / t[1][1] / 1e3, t[1][1] / t[0][1]);
    }

    /** GemmBench's @Param shapes, M x Fi x F. */
    private static final String[] BENCH_SHAPES = {"512x512x512", "512x518x512", "256x518x512", "256x101x512",
        "256x512x101", "24x518x512", "1x512x512", "3216x512x512", "256x1024x1024", "512x65x1024"};

    private static void shapes(int rounds) {
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                + ", threads " + Parallel.THREADS + ", " + VectorWidth.describe() + ", tile " + GemmKernel.MR + " x "
                + GemmKernel.NR + ", kept panels " + GemmWeightPanels.ENABLED);
        for (String shape : BENCH_SHAPES) {
            String[] d = shape.split("x");
            int m = Integer.parseInt(d[0]);
            int k = Integer.parseInt(d[1]);
            int n = Integer.parseInt(d[2]);
            for (String trans : new String[] {"NT", "NN", "TN"}) {
                SplittableRandom rnd = new SplittableRandom(1);
                boolean ta = trans.charAt(0) == 'T';
                boolean tb = trans.charAt(1) == 'T';
                float[] a = random(rnd, m * k);
                float[] b = random(rnd, k * n);
                GemmMatrix am = GemmMatrix.rowMajor(a, 0, 0, ta ? m : k, ta);
                GemmMatrix bm = GemmMatrix.rowMajor(b, 0, 0, tb ? k : n, tb);
                GemmMatrix cm = GemmMatrix.rowMajor(new float[m * n], 0, 0, n, false);
                HostStorage kept = ta || !GemmWeightPanels.ENABLED ? null : new HostStorage(b, null);
                double flops = 2.0 * m * k * n;
                int reps = (int) Math.max(1, 1e10 / flops);
                Runnable body = () -> Gemm.gemm(1, m, n, k, 1f, am, bm, 0f, cm, kept);
                // A second of warm-up per shape: C1 cannot compile the edge kernels (out of virtual registers),
                // so they run interpreted, 20-100x slower, until C2 has compiled them.
                for (int w = 0; w < 20; w++) {
                    time(reps, body);
                }
                double[] t = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    t[r] = time(reps, body);
                }
                Arrays.sort(t);
                System.out.printf("%s %s%s: median %.1f us (%.0f GFLOP/s), best %.1f us (%.0f GFLOP/s)%n", shape, trans,
                        kept != null ? " kept" : "", t[rounds / 2], flops / t[rounds / 2] / 1e3, t[0], flops / t[0] / 1e3);
            }
        }
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void dropout(int rounds, int count) {
        PhiloxKey key = new PhiloxKey(1, 2, 3);
        float[] mask = new float[count];
        Runnable scalar = () -> RandomDropout.scalarMask(key, 0.01f, 4096, 0, mask, count);
        Runnable lanes = () -> RandomDropout.mask(key, 0.01f, 4096, mask, count);
        double[][] t = alternate(rounds, 20_000, scalar, lanes);
        System.out.printf("dropout mask of %d: scalar %.2f us, lanes %.2f us, lanes/scalar %.3f%n", count, t[0][1],
                t[1][1], t[1][1] / t[0][1]);
    }

    /** {min, median} microseconds per call of a and b, over rounds of reps calls each, a and b alternating. */
    static double[][] alternate(int rounds, int reps, Runnable a, Runnable b) {
        for (int w = 0; w < 3; w++) {
            time(reps, a);
            time(reps, b);
        }
        double[] ta = new double[rounds];
        double[] tb = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ta[r] = time(reps, a);
            tb[r] = time(reps, b);
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[][] {{ta[0], ta[rounds / 2]}, {tb[0], tb[rounds / 2]}};
    }

    private static double time(int reps, Runnable body) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            body.run();
        }
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / reps;
    }

    static float[] random(SplittableRandom rnd, int size) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        return v;
    }
}
