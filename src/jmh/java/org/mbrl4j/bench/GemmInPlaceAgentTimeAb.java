package org.mbrl4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.util.Arrays;

/**
 * TD-MPC2 act and update with op(A) packed against read in place by the CPU GEMM
 * ({@code backend.cpu.Gemm#readsAInPlace}), A/B on a loaded machine: one agent, the switch flipped before each
 * call of alternating rounds, thread CPU time, medians. The switch is {@code Gemm.inPlaceA}, package-private in
 * the backend and set here by reflection (this package may not depend on the backend's internals: no cycle);
 * GEMM alone: {@code org.mbrl4j.backend.cpu.GemmInPlaceTimeAb}. Run single-threaded:
 * {@code java --add-modules jdk.incubator.vector -Dmbrl.cpu.threads=1 -cp 'target/mbrl4j.jar:target/lib/*'
 * org.mbrl4j.bench.GemmInPlaceAgentTimeAb [rounds] [modelSize] [env]}.
 */
public final class GemmInPlaceAgentTimeAb {
    private GemmInPlaceAgentTimeAb() {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws ReflectiveOperationException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        Field inPlace = Class.forName("org.mbrl4j.backend.cpu.Gemm").getDeclaredField("inPlaceA");
        inPlace.setAccessible(true);
        boolean saved = inPlace.getBoolean(null);
        Tdmpc2AgentBench b = new Tdmpc2AgentBench();
        b.modelSize = args.length > 1 ? args[1] : "cpu";
        b.env = args.length > 2 ? args[2] : "pendulum";
        b.multiGamma = "off";
        b.rowBlock = "off";
        b.device = "cpu";
        b.fastMath = true;
        b.setup();
        System.out.println("load average " + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()
                + ", modelSize " + b.modelSize + ", env " + b.env + ", cpu_fast_math");
        try {
            int calls = 10;
            double[][] act = new double[2][rounds];
            double[][] update = new double[2][rounds];
            for (int r = -3; r < rounds; r++) {
                for (int v = 0; v < 2; v++) {
                    inPlace.setBoolean(null, v == 1);
                    double a = time(calls, b::act);
                    double u = time(calls, b::update);
                    if (r >= 0) {
                        act[v][r] = a;
                        update[v][r] = u;
                    }
                }
            }
            report("act", act);
            report("update", update);
        } finally {
            inPlace.setBoolean(null, saved);
            b.tearDown();
        }
    }

    private static void report(String what, double[][] t) {
        Arrays.sort(t[0]);
        Arrays.sort(t[1]);
        double packed = t[0][t[0].length / 2];
        double inPlace = t[1][t[1].length / 2];
        System.out.printf("%-6s packed %.2f ms (min %.2f), in place %.2f ms (min %.2f), in place/packed %.3f%n", what,
                packed, t[0][0], inPlace, t[1][0], inPlace / packed);
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
