package org.mbrl4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.Transpose;
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
 * CPU GEMM ({@code DenseOps.gemm}, c = op(a)·op(b), beta = 0) at 512³ and the TD-MPC2 shapes
 * (latent 512, mlp 512, 101 bins, a 6-dim action appended to the latent: Fi = 518; update batch 256,
 * planning samples 512, 24 policy trajectories). {@code shape} is M x Fi x F (docs/dims.md#op-dims); {@code trans} is ta tb:
 * NT is a linear layer's forward (x · w^T), NN its input gradient (dy · w), TN its weight gradient
 * (dy^T · x). The update's M is the batch (256) times the rows a layer sees per update (up to 3216 for the
 * stacked horizon), K and N run from 65 (a small latent) to 1024 (the 5M preset's wide layers).
 *
 * <p>{@code packing}: "per-call" packs both operands on every call ({@code DenseOps.gemm}); "kept" runs
 * the same product as a layer with b its weight, so b's panels are packed once per weight version and kept
 * (the default for layers: {@code linearForward} for NT, the input gradient of {@code linearBackward} for NN,
 * which accumulates into c). TN has no weight operand: "kept" runs it per call.
 *
 * <p>One thread ({@code -Dmbrl.cpu.threads=1} in the fork), so the figures compare with OpenBLAS timed by
 * {@code scripts/openblas-gemm-bench.py} on the same shapes and layouts (one thread, numpy or torch); for two
 * threads pass {@code -jvmArgsAppend -Dmbrl.cpu.threads=2} (and OMP_NUM_THREADS=2 to the script). Figures and
 * the machine: results/cpu-speed/README.md.
 *
 * <p>Throughput: GFLOP/s = 2·M·F·Fi / (t[us] · 1e3), t the reported average time per op.
 *
 * <p>Run: {@code mvn -q -B package -DskipTests && java --add-modules jdk.incubator.vector
 * -cp 'target/mbrl4j.jar:target/lib/*' org.openjdk.jmh.Main GemmBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
    "-Dmbrl.cpu.threads=1"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class GemmBench {

    @Param({"512x512x512", "512x518x512", "256x518x512", "256x101x512", "256x512x101", "24x518x512", "1x512x512",
        "3216x512x512", "256x1024x1024", "512x65x1024"})
    public String shape;

    @Param({"per-call", "kept"})
    public String packing;

    @Param({"NT", "NN", "TN"})
    public String trans;

    private Backend be;
    private Tensor a;
    private Tensor b;
    private Tensor c;
    private Transpose ta;
    private Transpose tb;
    /** linearBackward's x (only its shape is read when dw is null). */
    private Tensor x;

    @Setup
    public void setup() {
        String[] d = shape.split("x");
        int m = Integer.parseInt(d[0]);
        int k = Integer.parseInt(d[1]);
        int n = Integer.parseInt(d[2]);
        ta = Transpose.valueOf(trans.substring(0, 1));
        tb = Transpose.valueOf(trans.substring(1, 2));
        be = new CpuBackend();
        SplittableRandom rnd = new SplittableRandom(SEED);
        a = random(be, rnd, ta == Transpose.N ? new int[] {m, k} : new int[] {k, m});
        b = random(be, rnd, tb == Transpose.N ? new int[] {k, n} : new int[] {n, k});
        c = be.zeros(m, n);
        x = tb == Transpose.N ? be.zeros(m, n) : null;
    }

    /** Fixed inputs: timings do not depend on the values. */
    static final long SEED = 1;

    /** A tensor of uniform values in [-1, 1). */
    static Tensor random(Backend be, SplittableRandom rnd, int... shape) {
        Tensor t = be.zeros(shape);
        float[] v = new float[t.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextDouble(-1, 1);
        }
        be.upload(v, 0, t);
        return t;
    }

    @Benchmark
    public Tensor gemm() {
        boolean kept = packing.equals("kept") && ta == Transpose.N;
        if (kept && tb == Transpose.T) {
            be.dense().linearForward(a, b, null, c);
        } else if (kept) {
            be.dense().linearBackward(x, b, a, c, null, null);
        } else {
            be.dense().gemm(a, ta, b, tb, c, 1f, 0f);
        }
        return c;
    }
}
