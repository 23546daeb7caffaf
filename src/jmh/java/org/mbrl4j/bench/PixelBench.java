package org.mbrl4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU pixel ops ({@code PixelOps.randomShift} and {@code planetPreprocess}, docs/pixels.md#ops) on one
 * TD-MPC2 pixel update's observations: M = 256 · 4 = 1024 stacked frames (9, 64, 64), 37.7M values
 * (151 MB of f32 in, as much out). Both are memory-bound: bandwidth = 2 · 4 bytes · numel / t (the
 * preprocessing adds a Philox block per 4 values).
 *
 * <p>Measured (2-core dev machine shared with four other jobs, load ≈ 20, -f 1 -wi 2 -i 5; the spread
 * is the load's, not the code's): randomShift 160 ± 122 ms (≈ 1.9 GB/s), planetPreprocess
 * 1,497 ± 2,179 ms (a first run at load ≈ 18 gave 574 ± 268 ms: Philox-bound, 9.4 M blocks).
 *
 * <p>Run: {@code mvn -q -B package -DskipTests && java --add-modules jdk.incubator.vector -Xmx2g
 * -cp 'target/mbrl4j.jar:target/lib/*' org.openjdk.jmh.Main PixelBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PixelBench {
    private static final int IMAGES = 256 * 4;

    private Backend be;
    private Tensor x;
    private Tensor shifts;
    private Tensor y;
    private final PhiloxKey key = new PhiloxKey(GemmBench.SEED, 1, 0);

    @Setup
    public void setup() {
        be = new CpuBackend();
        SplittableRandom rnd = new SplittableRandom(GemmBench.SEED);
        float[] bytes = new float[IMAGES * 9 * 64 * 64];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = rnd.nextInt(256);
        }
        x = be.fromArray(bytes, IMAGES, 9, 64, 64);
        int[] s = new int[2 * IMAGES];
        for (int i = 0; i < s.length; i++) {
            s[i] = rnd.nextInt(-4, 5);
        }
        shifts = be.fromArray(s, IMAGES, 2);
        y = be.zeros(IMAGES, 9, 64, 64);
    }

    @Benchmark
    public Tensor randomShift() {
        be.pixel().randomShift(x, shifts, y);
        return y;
    }

    @Benchmark
    public Tensor planetPreprocess() {
        be.pixel().planetPreprocess(x, 5, key, y);
        return y;
    }
}
