package org.mbrl4j.backend.cpu;

import java.util.concurrent.TimeUnit;
import org.mbrl4j.rng.PhiloxKey;
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
 * A dropout mask of {@code count} elements (512: one row of the TD-MPC2 Q layer, as the fused layer
 * draws it; 1024: one tile of {@code RandomOps.dropoutForward}) at p = 0.01: Philox in vector lanes
 * ({@code impl=lanes}, {@link PhiloxLanes}) against the one-block-at-a-time reference
 * ({@code impl=scalar}); both give the same bits. Run: {@code ./mbrl bench DropoutMaskBench -f 1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DropoutMaskBench {
    @Param({"512", "1024"})
    public int count;

    @Param({"lanes", "scalar"})
    public String impl;

    private final PhiloxKey key = new PhiloxKey(1, 2, 3);
    private float[] mask;
    private long first;

    @Setup
    public void setup() {
        mask = new float[count];
    }

    @Benchmark
    public float[] mask() {
        first += count;
        if (impl.equals("lanes")) {
            RandomDropout.mask(key, 0.01f, first, mask, count);
        } else {
            RandomDropout.scalarMask(key, 0.01f, first, 0, mask, count);
        }
        return mask;
    }
}
