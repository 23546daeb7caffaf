package org.mbrl4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * TD-MPC2 act and update with cpu_fast_math off against on, for steering on a loaded machine: two
 * {@link Tdmpc2AgentBench} states (same setup, same seeds) in one JVM, rounds of {@code calls} acts
 * then {@code calls} updates on each in turn (off, on, off, on, ...), thread CPU time per call, medians
 * (and minima) over the rounds after warm-up rounds. Run single-threaded:
 * {@code java --add-modules jdk.incubator.vector -Dmbrl.cpu.threads=1 -cp ... org.mbrl4j.bench.FastMathAgentTimeAb
 * [modelSize=cpu] [env=pendulum] [rounds=7] [calls=10] [warmup=3] [profile]}; {@code profile} runs only the
 * cpu_fast_math agent (for a flight recording: {@code -XX:StartFlightRecording:filename=on.jfr,settings=profile}).
 */
public final class FastMathAgentTimeAb {
    private FastMathAgentTimeAb() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        String modelSize = args.length > 0 ? args[0] : "cpu";
        String env = args.length > 1 ? args[1] : "pendulum";
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                + ", modelSize " + modelSize + ", env " + env);
        boolean profile = args.length > 5 && args[5].equals("profile");
        Tdmpc2AgentBench on = state(modelSize, env, true);
        if (profile) {
            for (int r = 0; r < warmup + rounds; r++) {
                System.out.printf("profile round %d: act %.2f ms, update %.2f ms%n", r, time(calls, on::act),
                        time(calls, on::update));
            }
            on.tearDown();
            return;
        }
        Tdmpc2AgentBench off = state(modelSize, env, false);
        double[][] act = new double[2][rounds];
        double[][] update = new double[2][rounds];
        for (int r = -warmup; r < rounds; r++) {
            Tdmpc2AgentBench[] order = {off, on};
            for (int k = 0; k < 2; k++) {
                double a = time(calls, order[k]::act);
                double u = time(calls, order[k]::update);
                if (r >= 0) {
                    act[k][r] = a;
                    update[k][r] = u;
                }
            }
        }
        report("act", act);
        report("update", update);
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        off.tearDown();
        on.tearDown();
    }

    private static Tdmpc2AgentBench state(String modelSize, String env, boolean fastMath) {
        Tdmpc2AgentBench b = new Tdmpc2AgentBench();
        b.modelSize = modelSize;
        b.env = env;
        b.multiGamma = "off";
        b.rowBlock = "off";
        b.device = "cpu";
        b.fastMath = fastMath;
        b.setup();
        return b;
    }

    private static void report(String what, double[][] t) {
        double[] off = t[0].clone();
        double[] on = t[1].clone();
        Arrays.sort(off);
        Arrays.sort(on);
        double offMedian = off[off.length / 2];
        double onMedian = on[on.length / 2];
        System.out.printf("%-6s off %8.2f ms (min %.2f), on %8.2f ms (min %.2f), on/off %.3f%n", what, offMedian, off[0],
                onMedian, on[0], onMedian / offMedian);
    }

    /** Thread CPU milliseconds per call over {@code calls} calls. */
    private static double time(int calls, Runnable call) {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / 1e6 / calls;
    }
}
