package org.mbrl4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Tensor;
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
 * CPU convolution ({@code ConvOps.conv2dForward} and {@code conv2dBackward} with dx, dw and db) on
 * PlaNet's first two encoder layers (kernel 4, stride 2) at M = 32 images: {@code shape} is
 * M x Ci x Hi x Wi x Co (docs/dims.md#op-dims), 3×64×64 → 32×31×31 and 32×31×31 → 64×14×14.
 *
 * <p>Throughput: forward GFLOP/s = 2·M·Co·Ci·Kh·Kw·Ho·Wo / (t[ms] · 1e6) (94.5 MFLOP for the first
 * layer, 411 MFLOP for the second); the backward does twice that (dx and dw).
 *
 * <p>Measured (2-core Zen 4 dev machine shared with other jobs, load ≈ 7, -f 1 -wi 2 -i 3): forward
 * 2.2 ms and 8.0 ms (≈ 44 and 51 GFLOP/s), backward 7.8 ms and 18.1 ms.
 *
 * <p>Run: {@code mvn -q -B package -DskipTests && java --add-modules jdk.incubator.vector
 * -cp 'target/mbrl4j.jar:target/lib/*' org.openjdk.jmh.Main ConvBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConvBench {
    private static final int KERNEL = 4;
    private static final int STRIDE = 2;

    @Param({"32x3x64x64x32", "32x32x31x31x64"})
    public String shape;

    private Backend be;
    private Tensor x;
    private Tensor w;
    private Tensor b;
    private Tensor y;
    private Tensor dy;
    private Tensor dx;
    private Tensor dw;
    private Tensor db;

    @Setup
    public void setup() {
        String[] d = shape.split("x");
        int m = Integer.parseInt(d[0]);
        int ci = Integer.parseInt(d[1]);
        int hi = Integer.parseInt(d[2]);
        int wi = Integer.parseInt(d[3]);
        int co = Integer.parseInt(d[4]);
        int ho = (hi - KERNEL) / STRIDE + 1;
        int wo = (wi - KERNEL) / STRIDE + 1;
        be = new CpuBackend();
        SplittableRandom rnd = new SplittableRandom(GemmBench.SEED);
        x = GemmBench.random(be, rnd, m, ci, hi, wi);
        w = GemmBench.random(be, rnd, co, ci, KERNEL, KERNEL);
        b = GemmBench.random(be, rnd, co);
        y = be.zeros(m, co, ho, wo);
        dy = GemmBench.random(be, rnd, m, co, ho, wo);
        dx = be.zeros(m, ci, hi, wi);
        dw = be.zeros(co, ci, KERNEL, KERNEL);
        db = be.zeros(co);
    }

    @Benchmark
    public Tensor forward() {
        be.conv().conv2dForward(x, w, b, STRIDE, y);
        return y;
    }

    /** Accumulates into the same gradients every call; the values grow, the work does not change. */
    @Benchmark
    public Tensor backward() {
        be.conv().conv2dBackward(x, w, STRIDE, dy, dx, dw, db);
        return dw;
    }
}
