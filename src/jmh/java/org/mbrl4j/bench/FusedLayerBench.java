package org.mbrl4j.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.PhiloxKey;
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
 * The fused TD-MPC2 layer on the CPU ({@code DenseOps.fusedLayerForward/Backward}: linear, dropout,
 * LayerNorm, Mish or SimNorm) at Fi = F = 512: M = 256 is the update batch, M = 512 the planner's
 * samples. {@code dropout} 0 means no dropout (the spec is null); TD-MPC2's Q layers use 0.01.
 *
 * <p>Throughput: the forward does one GEMM of 2·M·F·Fi flops, forward + backward three (forward, dx,
 * dw): GFLOP/s = 2·M·F·Fi / (t[us] · 1e3) resp. 6·M·F·Fi / (t[us] · 1e3). The row-wise LayerNorm and
 * activation passes add O(M·F) work that these figures do not count; comparing with {@code GemmBench}
 * at the same shape shows their share (Mish is VectorMath's vectorized one-exp form).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FusedLayerBench {
    private static final int K = 512;
    private static final int N = 512;
    private static final int SIMNORM_DIM = 8;
    private static final float LN_EPS = 1e-5f;

    @Param({"256", "512"})
    public int m;

    @Param({"MISH", "SIMNORM"})
    public Activation act;

    @Param({"0"})
    public float dropout;

    private Backend be;
    private DenseOps ops;
    private DropoutSpec spec;
    private Tensor x, w, b, gamma, beta, y, u, mean, rstd, dy, dx, dw, db, dgamma, dbeta;

    @Setup
    public void setup() {
        be = new CpuBackend();
        ops = be.dense();
        SplittableRandom rnd = new SplittableRandom(GemmBench.SEED);
        spec = dropout > 0 ? new DropoutSpec(dropout, new PhiloxKey(GemmBench.SEED, 0, 0)) : null;
        x = GemmBench.random(be, rnd, m, K);
        w = GemmBench.random(be, rnd, N, K);
        b = GemmBench.random(be, rnd, N);
        gamma = GemmBench.random(be, rnd, N);
        beta = GemmBench.random(be, rnd, N);
        dy = GemmBench.random(be, rnd, m, N);
        y = be.zeros(m, N);
        u = be.zeros(m, N);
        mean = be.zeros(m);
        rstd = be.zeros(m);
        dx = be.zeros(m, K);
        dw = be.zeros(N, K);
        db = be.zeros(N);
        dgamma = be.zeros(N);
        dbeta = be.zeros(N);
    }

    @Benchmark
    public Tensor forward() {
        ops.fusedLayerForward(x, w, b, spec, gamma, beta, LN_EPS, act, SIMNORM_DIM, y, u, mean, rstd);
        return y;
    }

    @Benchmark
    public Tensor forwardBackward() {
        ops.fusedLayerForward(x, w, b, spec, gamma, beta, LN_EPS, act, SIMNORM_DIM, y, u, mean, rstd);
        ops.fusedLayerBackward(x, w, spec, gamma, beta, act, SIMNORM_DIM, y, u, mean, rstd, dy, dx, dw, db, dgamma,
                dbeta);
        return dx;
    }
}
