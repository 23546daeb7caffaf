package org.mbrl4j.backend.cuda;

import java.util.concurrent.TimeUnit;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.config.MatmulPrecision;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * DenseOps#gemm on CUDA: our TF32 and SIMT kernels against cuBLAS (the yardstick), c = a·b row-major
 * on random data generated on the device. Each invocation enqueues {@link #REPS} GEMMs and waits
 * once, so the time is device time per GEMM plus 1/REPS of a launch round trip. The {@code flops}
 * counter gives FLOP/s = 2·M·F·Fi per GEMM: compare with the device's dense peak (H100 SXM: TF32
 * ≈ 495 TFLOP/s with tensor cores, FP32 ≈ 67 TFLOP/s; datasheet figures, measure your own ceiling).
 * Needs a CUDA device; setup fails without one. Example:
 * {@code mbrl bench CudaGemmBench -p mnk=4096x4096x4096 -f 1 -wi 3 -i 5}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class CudaGemmBench {
    static final int REPS = 10;

    /** M x F x Fi (docs/dims.md#op-dims; BLAS's M x N x K). */
    @Param({"256x512x512", "2048x2048x2048", "4096x4096x4096"})
    public String mnk;

    /** kernels-tf32, kernels-fp32, cublas-tf32, cublas-fp32. */
    @Param({"kernels-tf32", "kernels-fp32", "cublas-tf32", "cublas-fp32"})
    public String provider;

    private CudaBackend cuda;
    private Tensor a;
    private Tensor b;
    private Tensor c;
    private double flopsPerGemm;

    /** FLOPs done, reported by JMH as a rate (FLOP/s). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double flops;
    }

    @Setup(Level.Trial)
    public void setup() {
        String[] d = mnk.split("x");
        int m = Integer.parseInt(d[0]);
        int n = Integer.parseInt(d[1]);
        int k = Integer.parseInt(d[2]);
        MatmulPrecision precision = provider.endsWith("tf32") ? MatmulPrecision.TF32 : MatmulPrecision.FP32;
        GemmChoice choice = provider.startsWith("cublas") ? GemmChoice.CUBLAS : GemmChoice.KERNELS;
        cuda = new CudaBackend(precision, choice);
        a = cuda.zeros(m, k);
        b = cuda.zeros(k, n);
        c = cuda.zeros(m, n);
        cuda.random().uniform(new PhiloxKey(1, 0, 0), -1f, 1f, a);
        cuda.random().uniform(new PhiloxKey(1, 1, 0), -1f, 1f, b);
        cuda.synchronize();
        flopsPerGemm = 2.0 * m * n * k;
        System.out.println("# " + cuda.describe());
    }

    @Benchmark
    @OperationsPerInvocation(REPS)
    public void gemm(Flops counter) {
        for (int i = 0; i < REPS; i++) {
            cuda.dense().gemm(a, Transpose.N, b, Transpose.N, c, 1f, 0f);
        }
        cuda.synchronize();
        counter.flops += REPS * flopsPerGemm;
    }

    @TearDown(Level.Trial)
    public void close() {
        cuda.close();
    }
}
