package org.mbrl4j.backend.cpu;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cpu_fast_math side ops ({@link SideOpCases}), float64 reference ({@code path=reference}) against
 * float lanes ({@code path=fast}), 512 rows per call (one planner step's candidates): LayerNorm at the
 * {@code cpu} preset's widths (128, 64) and the 5M model's 512, the two-hot heads over 101 bins, SimNorm
 * over a latent of 64 or 512. Run: {@code ./mbrl bench SideOpsBench -f 1 -wi 3 -i 5 -w 1s -r 1s}; under
 * load prefer {@link SideOpsTimeAb} (thread CPU time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Dmbrl.cpu.threads=1"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SideOpsBench {
    private static final int ROWS = 512;

    @Param({"LAYER_NORM_STATS", "LAYER_NORM_INPUT_GRAD", "LOG_SUM_EXP", "TWO_HOT_EXPECTATION",
        "TWO_HOT_EXPECTATION_GRAD", "SOFT_CE_GRAD", "SIMNORM"})
    public String op;

    /** Row width of the LayerNorm and SimNorm ops (the two-hot ops use 101 bins). */
    @Param({"128", "512"})
    public int width;

    @Param({"reference", "fast"})
    public String path;

    private Runnable call;

    @Setup
    public void setup() {
        boolean fast = switch (path) {
            case "reference" -> false;
            case "fast" -> true;
            default -> throw new IllegalArgumentException("path=" + path + ": allowed reference, fast");
        };
        call = SideOpCases.of(SideOpCases.Op.valueOf(op), fast, ROWS, width);
    }

    @Benchmark
    public void run() {
        call.run();
    }
}
