package org.mbrl4j.train;

import java.lang.management.ManagementFactory;

/**
 * Wall-clock and CPU seconds of a run, its resumed parts included: the checkpoint carries both totals
 * ({@link TrainerState}) and this part adds what it spends from {@link #start}. CPU time is the whole
 * process's (every thread: the backend's, the JIT's and the garbage collector's), as {@code time} or
 * {@code ps} would count it; on a shared machine it is the measure of cost that does not depend on the
 * load, while wall time does.
 */
final class RunClock {
    private final double wallBefore;
    private final double cpuBefore;
    private long wallStart = System.nanoTime();
    private double cpuStart = processCpuSeconds();

    RunClock(double wallBefore, double cpuBefore) {
        this.wallBefore = wallBefore;
        this.cpuBefore = cpuBefore;
    }

    /** Starts counting this part from now. */
    void start() {
        wallStart = System.nanoTime();
        cpuStart = processCpuSeconds();
    }

    /** Wall seconds of every part, this one so far included. */
    double wallSeconds() {
        return wallBefore + (System.nanoTime() - wallStart) / 1e9;
    }

    /** Wall seconds of this part so far. */
    double wallSecondsOfThisPart() {
        return wallSeconds() - wallBefore;
    }

    /** CPU seconds of every part, this one so far included; NaN where the JVM cannot measure it. */
    double cpuSeconds() {
        return cpuBefore + (processCpuSeconds() - cpuStart);
    }

    /** "12m 05s, 11m 50s of CPU": this part's wall and CPU time, for the closing line of a run. */
    String thisPart() {
        double cpu = processCpuSeconds() - cpuStart;
        return ProgressLine.duration(wallSecondsOfThisPart())
                + (Double.isNaN(cpu) ? "" : ", " + ProgressLine.duration(cpu) + " of CPU");
    }

    /** CPU seconds this process has used, NaN when the platform does not report them. */
    static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long nanos = os.getProcessCpuTime();
            if (nanos >= 0) {
                return nanos / 1e9;
            }
        }
        return Double.NaN;
    }
}
