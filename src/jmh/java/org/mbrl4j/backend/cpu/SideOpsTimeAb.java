package org.mbrl4j.backend.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A/B steering of the cpu_fast_math side ops on a loaded machine: thread CPU time of alternating
 * rounds of the float64 reference and the float-lane version ({@link SideOpCases}, 512 rows per call),
 * medians over the rounds. Run single-threaded: {@code java --add-modules jdk.incubator.vector
 * -Dmbrl.cpu.threads=1 -cp 'target/classes:target/jmh-classes...' org.mbrl4j.backend.cpu.SideOpsTimeAb [rounds] [op]}
 * (op: one {@link SideOpCases.Op}, default all).
 */
public final class SideOpsTimeAb {
    private SideOpsTimeAb() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ROWS = 512;

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                + ", threads " + Parallel.THREADS + ", " + VectorWidth.describe());
        for (SideOpCases.Op op : SideOpCases.Op.values()) {
            if (args.length > 1 && !op.name().equals(args[1])) {
                continue;
            }
            for (int width : new int[] {64, 128, 512}) {
                boolean twoHot = op.name().contains("TWO_HOT") || op.name().contains("SOFT_CE") || op == SideOpCases.Op.LOG_SUM_EXP;
                if (twoHot && width != 128) {
                    continue;
                }
                Runnable ref = SideOpCases.of(op, false, ROWS, width);
                Runnable fast = SideOpCases.of(op, true, ROWS, width);
                double[] t = alternate(rounds, 200, ref, fast);
                System.out.printf("%-25s %s: reference %8.2f us, fast %8.2f us, fast/reference %.3f%n", op,
                        twoHot ? "V=101  " : "F=" + width + (width < 100 ? "   " : "  "), t[0], t[1], t[1] / t[0]);
            }
        }
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Median microseconds per call of a and b over rounds of reps calls each, alternating, after warm-up. */
    private static double[] alternate(int rounds, int reps, Runnable a, Runnable b) {
        for (int w = 0; w < 5; w++) {
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
        return new double[] {ta[rounds / 2], tb[rounds / 2]};
    }

    private static double time(int reps, Runnable r) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            r.run();
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / reps;
    }
}
