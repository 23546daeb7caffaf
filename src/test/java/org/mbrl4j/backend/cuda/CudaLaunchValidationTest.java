package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.HostStorage;
import org.mbrl4j.tensor.Tensor;

/**
 * The launchers reject bad shapes, dtypes, devices and ranges with an IllegalArgumentException that
 * names the argument and the rule, before anything is enqueued. Runs on a {@link RecordingQueue}, a
 * recording fake of the one low-level launch seam: what is under test is Java validation, not
 * numerics, so no GPU is needed and nothing is computed.
 */
class CudaLaunchValidationTest {
    private static final RecordingQueue Q = new RecordingQueue();
    private static final FakeDevice D = new FakeDevice(Q);
    private static final CudaOps OPS = new CudaOps(Q, new KernelGemm(Q, KernelGemm.GemmVariant.TF32),
            KernelGemm.GemmVariant.TF32);

    record Case(String name, Executable call, List<String> messageParts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(String name, Executable call, String... parts) {
        return new Case(name, call, List.of(parts));
    }

    static Stream<Case> cases() {
        Tensor cpu = new Tensor(HostStorage.allocate(org.mbrl4j.tensor.DType.F32, 6), 0, new int[] {6}, false);
        Bins bins = Bins.tdmpc2Default();
        PhiloxKey key = new PhiloxKey(1, 0, 0);
        return Stream.of(
                // device, dtype and null checks shared by every family
                c("cpu tensor", () -> OPS.pointwise.scale(cpu, 2f, D.f32(6)), "x", "not in CUDA device memory",
                        "upload"),
                c("int tensor", () -> OPS.pointwise.unary(UnaryOp.EXP, D.i32(6), D.f32(6)), "x", "F32", "I32"),
                c("null out", () -> OPS.norm.softmaxForward(D.f32(2, 3), null), "y", "must not be null"),
                // pointwise
                c("binary broadcast", () -> OPS.pointwise.binary(BinaryOp.ADD, D.f32(4, 6), D.f32(4), D.f32(4, 6)),
                        "b (4)", "suffix"),
                c("binary out aliases b", () -> {
                    Tensor b = D.f32(4, 6);
                    OPS.pointwise.binary(BinaryOp.ADD, D.f32(4, 6), b, b);
                }, "out", "b", "overlap"),
                c("clamp bounds", () -> OPS.pointwise.clamp(D.f32(3), 1f, -1f, D.f32(3)), "lo = 1.0", "lo <= hi"),
                c("unary backward needs out", () -> OPS.pointwise.unaryBackward(UnaryOp.SIGMOID, D.f32(3), null,
                        D.f32(3), D.f32(3)), "out is null", "SIGMOID"),
                // reduce
                c("reduce duplicate axis", () -> OPS.reduce.reduce(ReduceOp.SUM, D.f32(2, 3), new int[] {1, -1},
                        D.f32(2)), "axis -1", "more than once"),
                c("reduce out shape", () -> OPS.reduce.reduce(ReduceOp.SUM, D.f32(2, 3), new int[] {1}, D.f32(3)),
                        "out", "(2)"),
                // layout
                c("concat sizes", () -> OPS.layout.concat(List.of(D.f32(3, 2), D.f32(3, 2)), 1, D.f32(3, 5)), "xs",
                        "sum to 4", "has 5"),
                c("slice window", () -> OPS.layout.slice(D.f32(6, 4), 0, 4, D.f32(3, 4)), "window [4, 7)"),
                c("index dtype", () -> OPS.layout.indexSelect(D.f32(6, 4), 0, D.f32(5), D.f32(5, 4)), "index", "I32"),
                c("gather smaller index", () -> OPS.layout.gather(D.f32(6, 4), 1, D.i32(5, 2), D.f32(5, 2)), "index (5, 2)",
                        "every dim but axis 1"),
                // norm
                c("layernorm gamma", () -> OPS.norm.layerNormForward(D.f32(5, 8), D.f32(7), D.f32(8), 1e-5f, D.f32(5, 8),
                        D.f32(5), D.f32(5)), "gamma", "(8)"),
                c("layernorm eps", () -> OPS.norm.layerNormForward(D.f32(5, 8), D.f32(8), D.f32(8), -1f, D.f32(5, 8),
                        D.f32(5), D.f32(5)), "eps=-1.0"),
                c("simnorm groups", () -> OPS.norm.simNormForward(D.f32(5, 12), 8, D.f32(5, 12)), "groupSize = 8",
                        "C % groupSize"),
                // recurrent
                c("gru gate width", () -> OPS.recurrent.gruCellForward(D.f32(4, 9), D.f32(4, 9), D.f32(4, 4),
                        D.f32(4, 4)), "gi", "(4, 12)", "3·Ld"),
                c("gru dh aliases h", () -> {
                    Tensor h = D.f32(4, 4);
                    OPS.recurrent.gruCellBackward(D.f32(4, 12), D.f32(4, 12), h, D.f32(4, 4), null, null, h);
                }, "dh", "overlap"),
                // loss
                c("two-hot bins", () -> OPS.loss.twoHotSoftCeForward(D.f32(4, 100), D.f32(4), bins, D.f32(4)), "logits",
                        "num_bins = 101"),
                c("mse per-row out", () -> OPS.loss.mseForward(D.f32(4, 3), D.f32(4, 3), D.f32(3)), "out", "(4)"),
                c("nll target shape", () -> OPS.loss.unitGaussianNllForward(D.f32(4, 3), D.f32(4, 2), D.f32(4)),
                        "target", "mean"),
                c("nll dmean shape", () -> OPS.loss.unitGaussianNllBackward(D.f32(4, 3), D.f32(4, 3), D.f32(4),
                        D.f32(3, 4), null), "dmean"),
                c("kl free nats", () -> OPS.loss.gaussianKlForward(D.f32(5, 30), D.f32(5, 30), D.f32(5, 30),
                        D.f32(5, 30), -3f, D.f32(5)), "freeNats=-3.0", ">= 0"),
                c("kl stdP shape", () -> OPS.loss.gaussianKlForward(D.f32(5, 30), D.f32(5, 30), D.f32(5, 30),
                        D.f32(5, 20), 3f, D.f32(5)), "stdP"),
                c("kl backward out", () -> OPS.loss.gaussianKlBackward(D.f32(5, 30), D.f32(5, 30), D.f32(5, 30),
                        D.f32(5, 30), 3f, D.f32(5, 30), D.f32(5), null, null, null, D.f32(5, 30)), "out", "(5)"),
                // distribution
                c("logprob out", () -> OPS.distribution.gaussianLogProbForward(D.f32(6, 2), D.f32(6, 2), D.f32(6, 2)),
                        "out", "without its last dim"),
                // random
                c("uniform range", () -> OPS.random.uniform(key, 1f, 1f, D.f32(4)), "hi > lo"),
                c("randint dtype", () -> OPS.random.randint(key, 0, 3, D.f32(4)), "out", "I32"),
                c("categorical out", () -> OPS.random.categorical(key, D.f32(3, 5), D.i32(5)), "out", "(3)"),
                // select
                c("topk k", () -> OPS.select.topk(D.f32(3, 10), 11, D.f32(3, 11), D.i32(3, 11)), "k=11", "[1, F]"),
                c("topk shared memory", () -> OPS.select.topk(D.f32(1, 40000), 3, D.f32(1, 3), D.i32(1, 3)), "F=40000",
                        "shared memory"),
                c("elite refit shared memory", () -> OPS.select.eliteRefit(D.f32(2, 40000), D.f32(2, 40000, 3), 3, 0.5f,
                        0.05f, 2f, D.i32(2, 3), D.f32(2, 3), D.f32(2, 3), D.f32(2, 3), D.f32(2, 3)), "C=40000",
                        "shared memory"),
                // dense
                c("gemm K", () -> OPS.dense.gemm(D.f32(5, 7), Transpose.N, D.f32(6, 3), Transpose.N, D.f32(5, 3), 1f,
                        0f), "agree on K"),
                c("gemm batch limit", () -> OPS.dense.gemm(D.f32(70000, 1, 1), Transpose.N, D.f32(70000, 1, 1),
                        Transpose.N, D.f32(70000, 1, 1), 1f, 0f), "batch=70000", "65535"),
                c("ensemble x heads", () -> OPS.dense.ensembleLinearForward(D.f32(4, 9, 4), D.f32(5, 6, 4), null,
                        D.f32(5, 9, 6)), "x has shape (4, 9, 4)", "E=5"),
                c("fused simnorm dim", () -> OPS.dense.fusedLayerForward(D.f32(9, 4), D.f32(12, 4), null, null,
                        D.f32(12), D.f32(12), 1e-5f, Activation.SIMNORM, 8, D.f32(9, 12), D.f32(9, 12), D.f32(9), D.f32(9)),
                        "simnormDim=8", "divide F=12"),
                c("fused y aliases u", () -> {
                    Tensor y = D.f32(9, 16);
                    OPS.dense.fusedLayerForward(D.f32(9, 4), D.f32(16, 4), null, null, D.f32(16), D.f32(16), 1e-5f,
                            Activation.MISH, 8, y, y, D.f32(9), D.f32(9));
                }, "overlap"),
                c("linear Fi zero", () -> OPS.dense.linearForward(D.f32(9, 0), D.f32(6, 0), null, D.f32(9, 6)), "Fi=0"),
                // conv
                c("conv channels", () -> OPS.conv.conv2dForward(D.f32(2, 3, 8, 8), D.f32(4, 2, 4, 4), null, 2,
                        D.f32(2, 4, 3, 3)), "Ci=3", "expects Ci=2"),
                c("conv kernel larger than image", () -> OPS.conv.conv2dForward(D.f32(1, 1, 3, 8), D.f32(1, 1, 4, 4),
                        null, 1, D.f32(1, 1, 1, 5)), "Kh <= Hi"),
                c("conv stride", () -> OPS.conv.conv2dBackward(D.f32(1, 1, 8, 8), D.f32(1, 1, 4, 4), 0,
                        D.f32(1, 1, 5, 5), D.f32(1, 1, 8, 8), null, null), "stride=0", ">= 1"),
                c("conv transposed out", () -> OPS.conv.convTranspose2dForward(D.f32(2, 4, 3, 3), D.f32(4, 3, 5, 5),
                        null, 2, D.f32(2, 3, 8, 8)), "y", "(2, 3, 9, 9)"),
                c("conv transposed dw aliases dx", () -> {
                    Tensor g = D.f32(400);
                    Tensor dx = new Tensor(g.storage(), g.offset(), new int[] {2, 4, 3, 3}, false);
                    Tensor dw = new Tensor(g.storage(), g.offset(), new int[] {4, 3, 5, 5}, false);
                    OPS.conv.convTranspose2dBackward(D.f32(2, 4, 3, 3), D.f32(4, 3, 5, 5), 2, D.f32(2, 3, 9, 9), dx,
                            dw, null);
                }, "dx", "dw", "overlap"),
                // optim
                c("adam step", () -> OPS.optim.adam(List.of(), 0.9f, 0.999f, 0), "step=0", ">= 1"),
                c("adam beta", () -> OPS.optim.adam(List.of(), 1f, 0.999f, 1), "beta1=1.0", "[0, 1)"),
                c("adam aliasing", () -> {
                    Tensor p = D.f32(8);
                    OPS.optim.adam(List.of(new AdamSlot(p, D.f32(8), p, D.f32(8), 1e-3f, 1e-8f)), 0.9f, 0.999f, 1);
                }, "overlap"),
                c("clip scalar", () -> OPS.optim.clipByGlobalNorm(List.of(D.f32(3)), D.f32(1), 1f), "normSq",
                        "shape ()"),
                c("lerp pairs", () -> OPS.optim.lerp(List.of(D.f32(3)), List.of(), 0.1f), "pair up"));

    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsBeforeEnqueueing(Case c) {
        Q.clear();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c.call());
        for (String part : c.messageParts()) {
            assertTrue(e.getMessage().contains(part), "message should contain '" + part + "': " + e.getMessage());
        }
        assertTrue(Q.calls.isEmpty(), "nothing may be enqueued after a rejected call, got " + Q.calls);
        assertTrue(Q.writes.isEmpty(), "nothing may be written after a rejected call, got " + Q.writes.size());
    }

    @Test
    void bf16PrecisionFailsBeforeTouchingCuda() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CudaBackend(org.mbrl4j.config.MatmulPrecision.BF16, GemmChoice.KERNELS));
        assertTrue(e.getMessage().contains("matmul_precision=bf16") && e.getMessage().contains("tf32 or fp32"),
                e.getMessage());
    }

    /** Inside a capture, by-value key writes would be frozen into the graph, so an unbound key is refused. */
    @Test
    void capturedDrawWithoutBoundKeyIsRefused() {
        RecordingQueue q = new RecordingQueue();
        CudaOps ops = new CudaOps(q, new KernelGemm(q, KernelGemm.GemmVariant.TF32), KernelGemm.GemmVariant.TF32);
        Tensor out = new FakeDevice(q).f32(8);
        q.capturing = true;
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ops.random.normal(new PhiloxKey(3, 4, 5), 0f, 1f, out));
        assertTrue(e.getMessage().contains("bindKey"), e.getMessage());
        IllegalStateException adam = assertThrows(IllegalStateException.class, () -> ops.optim.adam(
                List.of(new AdamSlot(out, new FakeDevice(q).f32(8), new FakeDevice(q).f32(8), new FakeDevice(q).f32(8),
                        1e-3f, 1e-8f)), 0.9f, 0.999f, 1));
        assertTrue(adam.getMessage().contains("bindAdamStep"), adam.getMessage());
        assertTrue(q.calls.isEmpty());
    }

    @Test
    void dropoutLayerWithPZeroNeverResolvesAKey() {
        RecordingQueue q = new RecordingQueue();
        CudaOps ops = new CudaOps(q, new KernelGemm(q, KernelGemm.GemmVariant.SIMT), KernelGemm.GemmVariant.SIMT);
        FakeDevice d = new FakeDevice(q);
        q.capturing = true; // would throw if a key were resolved
        ops.dense.fusedLayerForward(d.f32(9, 4), d.f32(16, 4), null, new DropoutSpec(0f, new PhiloxKey(1, 1, 1)),
                d.f32(16), d.f32(16), 1e-5f, Activation.IDENTITY, 1, d.f32(9, 16), d.f32(9, 16), d.f32(9), d.f32(9));
        assertTrue(q.calls.get(1).args().get(1).equals(new KernelArg.Ptr(0L)), "null key pointer when p = 0");
    }
}
