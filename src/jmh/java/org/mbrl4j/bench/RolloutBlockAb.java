package org.mbrl4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A/B steering for the CPU planner's candidate blocks on a loaded machine: thread CPU time of
 * {@code act()} (one TD-MPC2 plan, {@link Tdmpc2AgentBench}'s setup) with the rollout in one batch
 * ({@code -Dmbrl.cpu.rowBlock=off}) and in blocks (B: {@code auto}, the default here, or rows per block), alternating
 * rounds in one JVM, medians over the rounds. Run single-threaded so all work is on the measuring thread:
 * {@code java --add-modules jdk.incubator.vector -Dmbrl.cpu.threads=1 -cp 'target/mbrl4j.jar:target/lib/*'
 * org.mbrl4j.bench.RolloutBlockAb MODEL_SIZE ENV ROUNDS CALLS [B]} (model size cpu or 5, env pendulum or
 * walker-dims).
 */
public final class RolloutBlockAb {
    private RolloutBlockAb() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final String PROPERTY = "mbrl.cpu.rowBlock";
    private static final int WARMUP_ROUNDS = 2;

    public static void main(String[] args) {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: RolloutBlockAb MODEL_SIZE ENV ROUNDS CALLS [ROWS_PER_BLOCK]");
        }
        Tdmpc2AgentBench bench = new Tdmpc2AgentBench();
        bench.modelSize = args[0];
        bench.env = args[1];
        bench.multiGamma = "off";
        bench.device = "cpu";
        bench.rowBlock = "off";
        int rounds = Integer.parseInt(args[2]);
        int calls = Integer.parseInt(args[3]);
        String blocked = args.length > 4 ? args[4] : "auto";
        bench.setup();
        double startLoad = load();
        double[] off = new double[rounds];
        double[] on = new double[rounds];
        for (int r = -WARMUP_ROUNDS; r < rounds; r++) {
            double a = round(bench, "off", calls);
            double b = round(bench, blocked, calls);
            if (r >= 0) {
                off[r] = a;
                on[r] = b;
            }
        }
        bench.tearDown();
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            ratios[r] = on[r] / off[r];
        }
        System.out.printf("act %s %s, block %s, %d rounds of %d calls, thread CPU ms per act: one batch median %.2f"
                + " (min %.2f), blocked median %.2f (min %.2f), blocked/one batch median %.3f [%.3f, %.3f];"
                + " load average %.2f -> %.2f%n", args[0], args[1], blocked, rounds, calls,
                median(off), min(off), median(on), min(on), median(ratios), min(ratios), max(ratios), startLoad, load());
    }

    /** Mean thread CPU ms per act over {@code calls} acts with the property set to {@code value}. */
    private static double round(Tdmpc2AgentBench bench, String value, int calls) {
        System.setProperty(PROPERTY, value);
        long t0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            bench.act();
        }
        return (THREADS.getCurrentThreadCpuTime() - t0) / 1e6 / calls;
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }

    private static double min(double[] x) {
        return Arrays.stream(x).min().orElseThrow();
    }

    private static double max(double[] x) {
        return Arrays.stream(x).max().orElseThrow();
    }
}
