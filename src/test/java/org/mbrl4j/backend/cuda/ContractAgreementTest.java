package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.ConvOps;
import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.backend.DistributionOps;
import org.mbrl4j.backend.LayoutOps;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.backend.NormOps;
import org.mbrl4j.backend.OptimOps;
import org.mbrl4j.backend.PixelOps;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.backend.PointwiseOps;
import org.mbrl4j.backend.RandomOps;
import org.mbrl4j.backend.RecurrentOps;
import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.backend.ReduceOps;
import org.mbrl4j.backend.SelectOps;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * One contract per op family: the same bad arguments make the CPU backend and the CUDA launchers throw
 * the same IllegalArgumentException message, because both call the family's {@code *Contract}. The
 * CUDA side runs on a {@link RecordingQueue} (no GPU) and must enqueue nothing. Each case is written
 * once as a function of the op families and a tensor factory, then run against both backends.
 */
class ContractAgreementTest {

    /** The op families of one backend. */
    record Families(DenseOps dense, ConvOps conv, PointwiseOps pointwise, ReduceOps reduce, LayoutOps layout,
            NormOps norm, LossOps loss, DistributionOps distribution, RandomOps random, SelectOps select,
            OptimOps optim, RecurrentOps recurrent, PixelOps pixel) {}

    /** Makes tensors in one backend's memory. */
    interface Make {
        Tensor tensor(DType dtype, int... shape);

        default Tensor f32(int... shape) {
            return tensor(DType.F32, shape);
        }

        default Tensor i32(int... shape) {
            return tensor(DType.I32, shape);
        }

        /** A second view of t's storage from its first element: an alias. */
        default Tensor view(Tensor t, int... shape) {
            return new Tensor(t.storage(), t.offset(), shape, false);
        }
    }

    @FunctionalInterface
    interface Call {
        void run(Families ops, Make t);
    }

    record Case(String family, String name, Call call) {
        @Override
        public String toString() {
            return family + ": " + name;
        }
    }

    private static final Bins BINS = Bins.tdmpc2Default();
    private static final PhiloxKey KEY = new PhiloxKey(1, 0, 0);

    static Stream<Case> cases() {
        return Stream.of(
                new Case("dense", "gemm K", (o, t) -> o.dense().gemm(t.f32(5, 7), Transpose.N, t.f32(6, 3), Transpose.N,
                        t.f32(5, 3), 1f, 0f)),
                new Case("dense", "gemm c aliases a", (o, t) -> {
                    Tensor a = t.f32(4, 4);
                    o.dense().gemm(a, Transpose.N, t.f32(4, 4), Transpose.N, a, 1f, 0f);
                }),
                new Case("dense", "linear K", (o, t) -> o.dense().linearForward(t.f32(9, 4), t.f32(6, 5), null,
                        t.f32(9, 6))),
                new Case("dense", "linear dx aliases dy", (o, t) -> {
                    Tensor dy = t.f32(4, 4);
                    o.dense().linearBackward(t.f32(4, 4), t.f32(4, 4), dy, dy, null, null);
                }),
                new Case("dense", "ensemble x heads", (o, t) -> o.dense().ensembleLinearForward(t.f32(4, 9, 4),
                        t.f32(5, 6, 4), null, t.f32(5, 9, 6))),
                new Case("dense", "fused simnorm dim", (o, t) -> o.dense().fusedLayerForward(t.f32(9, 4), t.f32(12, 4),
                        null, null, t.f32(12), t.f32(12), 1e-5f, Activation.SIMNORM, 8, t.f32(9, 12), t.f32(9, 12),
                        t.f32(9), t.f32(9))),
                new Case("dense", "fused eps", (o, t) -> o.dense().fusedLayerForward(t.f32(9, 4), t.f32(12, 4), null,
                        null, t.f32(12), t.f32(12), Float.NaN, Activation.MISH, 8, t.f32(9, 12), t.f32(9, 12),
                        t.f32(9), t.f32(9))),
                new Case("dense", "fused dropout without key", (o, t) -> o.dense().fusedLayerForward(t.f32(9, 4),
                        t.f32(12, 4), null, new DropoutSpec(0.1f, null), t.f32(12), t.f32(12), 1e-5f, Activation.MISH,
                        8, t.f32(9, 12), t.f32(9, 12), t.f32(9), t.f32(9))),
                new Case("dense", "fused y aliases u", (o, t) -> {
                    Tensor y = t.f32(9, 16);
                    o.dense().fusedLayerForward(t.f32(9, 4), t.f32(16, 4), null, null, t.f32(16), t.f32(16), 1e-5f,
                            Activation.MISH, 8, y, y, t.f32(9), t.f32(9));
                }),
                new Case("conv", "channels", (o, t) -> o.conv().conv2dForward(t.f32(2, 3, 8, 8), t.f32(4, 2, 4, 4),
                        null, 2, t.f32(2, 4, 3, 3))),
                new Case("conv", "kernel larger than image", (o, t) -> o.conv().conv2dForward(t.f32(1, 1, 3, 8),
                        t.f32(1, 1, 4, 4), null, 1, t.f32(1, 1, 1, 5))),
                new Case("conv", "bias shape", (o, t) -> o.conv().conv2dForward(t.f32(1, 2, 8, 8), t.f32(3, 2, 4, 4),
                        t.f32(2), 2, t.f32(1, 3, 3, 3))),
                new Case("conv", "y aliases x", (o, t) -> {
                    Tensor x = t.f32(1, 2, 4, 4);
                    o.conv().conv2dForward(x, t.f32(2, 2, 1, 1), null, 1, t.view(x, 1, 2, 4, 4));
                }),
                new Case("conv", "backward dy shape", (o, t) -> o.conv().conv2dBackward(t.f32(1, 2, 8, 8),
                        t.f32(3, 2, 4, 4), 2, t.f32(1, 3, 4, 4), null, null, null)),
                new Case("conv", "transposed channels", (o, t) -> o.conv().convTranspose2dForward(t.f32(2, 4, 3, 3),
                        t.f32(3, 4, 5, 5), null, 2, t.f32(2, 4, 9, 9))),
                new Case("conv", "transposed stride", (o, t) -> o.conv().convTranspose2dBackward(t.f32(2, 4, 3, 3),
                        t.f32(4, 3, 5, 5), -1, t.f32(2, 3, 9, 9), null, null, null)),
                new Case("conv", "transposed dx aliases dy", (o, t) -> {
                    Tensor dy = t.f32(2, 3, 9, 9);
                    o.conv().convTranspose2dBackward(t.f32(2, 4, 3, 3), t.f32(4, 3, 5, 5), 2, dy,
                            t.view(dy, 2, 4, 3, 3), null, null);
                }),
                new Case("pointwise", "broadcast", (o, t) -> o.pointwise().binary(BinaryOp.ADD, t.f32(4, 6), t.f32(4),
                        t.f32(4, 6))),
                new Case("pointwise", "out aliases b", (o, t) -> {
                    Tensor b = t.f32(4, 6);
                    o.pointwise().binary(BinaryOp.SUB, t.f32(4, 6), b, b);
                }),
                new Case("pointwise", "null op", (o, t) -> o.pointwise().unary(null, t.f32(3), t.f32(3))),
                new Case("pointwise", "clamp bounds", (o, t) -> o.pointwise().clamp(t.f32(3), 1f, -1f, t.f32(3))),
                new Case("pointwise", "unary backward needs out", (o, t) -> o.pointwise().unaryBackward(UnaryOp.TANH,
                        t.f32(3), null, t.f32(3), t.f32(3))),
                new Case("pointwise", "int x", (o, t) -> o.pointwise().scale(t.i32(3), 2f, t.f32(3))),
                new Case("reduce", "duplicate axis", (o, t) -> o.reduce().reduce(ReduceOp.SUM, t.f32(2, 3),
                        new int[] {1, -1}, t.f32(2))),
                new Case("reduce", "out shape", (o, t) -> o.reduce().reduce(ReduceOp.MEAN, t.f32(2, 3), new int[] {1},
                        t.f32(3))),
                new Case("reduce", "out aliases x", (o, t) -> {
                    Tensor x = t.f32(2, 3);
                    o.reduce().reduce(ReduceOp.SUM, x, new int[] {1}, t.view(x, 2));
                }),
                new Case("layout", "concat sizes", (o, t) -> o.layout().concat(List.of(t.f32(3, 2), t.f32(3, 2)), 1,
                        t.f32(3, 5))),
                new Case("layout", "concat null part", (o, t) -> o.layout().concat(java.util.Arrays.asList(t.f32(3, 2),
                        null), 1, t.f32(3, 4))),
                new Case("layout", "concatBackward two nulls", (o, t) -> o.layout().concatBackward(t.f32(3, 4), -1,
                        java.util.Arrays.asList(null, null))),
                new Case("layout", "slice window", (o, t) -> o.layout().slice(t.f32(6, 4), 0, 4, t.f32(3, 4))),
                new Case("layout", "slice out aliases x", (o, t) -> {
                    Tensor x = t.f32(6, 4);
                    o.layout().slice(x, 0, 2, t.view(x, 3, 4));
                }),
                new Case("layout", "index dtype", (o, t) -> o.layout().indexSelect(t.f32(6, 4), 0, t.f32(5),
                        t.f32(5, 4))),
                new Case("layout", "gather index larger than x", (o, t) -> o.layout().gather(t.f32(6, 4), 1,
                        t.i32(7, 2), t.f32(7, 2))),
                new Case("norm", "layernorm gamma", (o, t) -> o.norm().layerNormForward(t.f32(5, 8), t.f32(7),
                        t.f32(8), 1e-5f, t.f32(5, 8), t.f32(5), t.f32(5))),
                new Case("norm", "layernorm eps", (o, t) -> o.norm().layerNormForward(t.f32(5, 8), t.f32(8), t.f32(8),
                        -1f, t.f32(5, 8), t.f32(5), t.f32(5))),
                new Case("norm", "simnorm groups", (o, t) -> o.norm().simNormForward(t.f32(5, 12), 8, t.f32(5, 12))),
                new Case("norm", "softmax backward dx aliases dy", (o, t) -> {
                    Tensor dy = t.f32(3, 5);
                    o.norm().softmaxBackward(t.f32(3, 5), dy, dy);
                }),
                new Case("loss", "two-hot bins", (o, t) -> o.loss().twoHotSoftCeForward(t.f32(4, 100), t.f32(4), BINS,
                        t.f32(4))),
                new Case("recurrent", "gru gate width", (o, t) -> o.recurrent().gruCellForward(t.f32(4, 9),
                        t.f32(4, 9), t.f32(4, 4), t.f32(4, 4))),
                new Case("recurrent", "gru gh shape", (o, t) -> o.recurrent().gruCellForward(t.f32(4, 12),
                        t.f32(4, 9), t.f32(4, 4), t.f32(4, 4))),
                new Case("recurrent", "gru hNew aliases h", (o, t) -> {
                    Tensor h = t.f32(4, 4);
                    o.recurrent().gruCellForward(t.f32(4, 12), t.f32(4, 12), h, h);
                }),
                new Case("recurrent", "gru dgi aliases dgh", (o, t) -> {
                    Tensor dg = t.f32(4, 12);
                    o.recurrent().gruCellBackward(t.f32(4, 12), t.f32(4, 12), t.f32(4, 4), t.f32(4, 4), dg, dg, null);
                }),
                new Case("recurrent", "gru dhNew shape", (o, t) -> o.recurrent().gruCellBackward(t.f32(4, 12),
                        t.f32(4, 12), t.f32(4, 4), t.f32(4, 3), null, null, t.f32(4, 4))),
                new Case("loss", "mse per-row out", (o, t) -> o.loss().mseForward(t.f32(4, 3), t.f32(4, 3), t.f32(3))),
                new Case("loss", "nll target shape", (o, t) -> o.loss().unitGaussianNllForward(t.f32(4, 3), t.f32(4, 2),
                        t.f32(4))),
                new Case("loss", "nll dtarget shape", (o, t) -> o.loss().unitGaussianNllBackward(t.f32(4, 3),
                        t.f32(4, 3), t.f32(4), null, t.f32(4, 2))),
                new Case("loss", "kl free nats NaN", (o, t) -> o.loss().gaussianKlForward(t.f32(5, 30), t.f32(5, 30),
                        t.f32(5, 30), t.f32(5, 30), Float.NaN, t.f32(5))),
                new Case("loss", "kl muP shape", (o, t) -> o.loss().gaussianKlForward(t.f32(5, 30), t.f32(5, 30),
                        t.f32(5, 29), t.f32(5, 30), 3f, t.f32(5))),
                new Case("loss", "kl backward dmuQ shape", (o, t) -> o.loss().gaussianKlBackward(t.f32(5, 30),
                        t.f32(5, 30), t.f32(5, 30), t.f32(5, 30), 3f, t.f32(5), t.f32(5), t.f32(30, 5), null, null,
                        null)),
                new Case("loss", "dlogits aliases logits (soft CE)", (o, t) -> {
                    Tensor logits = t.f32(4, 101);
                    o.loss().twoHotSoftCeBackward(logits, t.f32(4), BINS, t.f32(4), logits);
                }),
                new Case("loss", "dlogits aliases logits (expectation)", (o, t) -> {
                    Tensor logits = t.f32(4, 101);
                    o.loss().twoHotExpectationBackward(logits, BINS, t.f32(4), logits);
                }),
                new Case("distribution", "logprob out", (o, t) -> o.distribution().gaussianLogProbForward(t.f32(6, 2),
                        t.f32(6, 2), t.f32(6, 2))),
                new Case("distribution", "sample eps shape", (o, t) -> o.distribution().gaussianSampleForward(
                        t.f32(6, 2), t.f32(6, 2), t.f32(6, 3), t.f32(6, 2))),
                new Case("random", "uniform range", (o, t) -> o.random().uniform(KEY, 1f, 1f, t.f32(4))),
                new Case("random", "randint dtype", (o, t) -> o.random().randint(KEY, 0, 3, t.f32(4))),
                new Case("random", "categorical out", (o, t) -> o.random().categorical(KEY, t.f32(3, 5), t.i32(5))),
                new Case("random", "dropout without key", (o, t) -> o.random().dropoutForward(t.f32(4),
                        new DropoutSpec(0.5f, null), t.f32(4))),
                new Case("pixel", "shift shifts shape", (o, t) -> o.pixel().randomShift(t.f32(2, 3, 8, 8), t.i32(3, 2),
                        t.f32(2, 3, 8, 8))),
                new Case("pixel", "shift y aliases x", (o, t) -> {
                    Tensor x = t.f32(2, 3, 8, 8);
                    o.pixel().randomShift(x, t.i32(2, 2), x);
                }),
                new Case("pixel", "preprocess bits", (o, t) -> o.pixel().planetPreprocess(t.f32(5), 0, KEY, t.f32(5))),
                new Case("pixel", "preprocess y shape", (o, t) -> o.pixel().planetPreprocess(t.f32(5), 5, KEY, t.f32(6))),
                new Case("select", "topk k", (o, t) -> o.select().topk(t.f32(3, 10), 11, t.f32(3, 11), t.i32(3, 11))),
                new Case("select", "topk backward shapes", (o, t) -> o.select().topkBackward(t.i32(3, 4), t.f32(3, 4),
                        t.f32(2, 10))),
                new Case("select", "elite refit k", (o, t) -> o.select().eliteRefit(t.f32(2, 10), t.f32(2, 10, 3), 11, 0.5f,
                        0.05f, 2f, t.i32(2, 11), t.f32(2, 11), t.f32(2, 11), t.f32(2, 3), t.f32(2, 3))),
                new Case("select", "elite refit temperature", (o, t) -> o.select().eliteRefit(t.f32(2, 10),
                        t.f32(2, 10, 3), 4, 0f, 0.05f, 2f, t.i32(2, 4), t.f32(2, 4), t.f32(2, 4), t.f32(2, 3),
                        t.f32(2, 3))),
                new Case("select", "elite refit mean shape", (o, t) -> o.select().eliteRefit(t.f32(2, 10),
                        t.f32(2, 10, 3), 4, 0.5f, 0.05f, 2f, t.i32(2, 4), t.f32(2, 4), t.f32(2, 4), t.f32(2, 4),
                        t.f32(2, 3))),
                new Case("optim", "adam step", (o, t) -> o.optim().adam(List.of(), 0.9f, 0.999f, 0)),
                new Case("optim", "adam beta", (o, t) -> o.optim().adam(List.of(), 1f, 0.999f, 1)),
                new Case("optim", "adam m aliases param", (o, t) -> {
                    Tensor p = t.f32(8);
                    o.optim().adam(List.of(new AdamSlot(p, t.f32(8), p, t.f32(8), 1e-3f, 1e-8f)), 0.9f, 0.999f, 1);
                }),
                new Case("optim", "clip scalar", (o, t) -> o.optim().clipByGlobalNorm(List.of(t.f32(3)), t.f32(1),
                        1f)),
                new Case("optim", "lerp pairs", (o, t) -> o.optim().lerp(List.of(t.f32(3)), List.of(), 0.1f)),
                new Case("optim", "lerp source aliases another target", (o, t) -> {
                    Tensor a = t.f32(3);
                    o.optim().lerp(List.of(a, t.f32(3)), List.of(t.f32(3), a), 0.1f);
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void cpuAndCudaLaunchersRejectWithTheSameMessage(Case c) {
        String cpu = rejection(c, cpu());
        RecordingQueue q = new RecordingQueue();
        String cuda = rejection(c, cuda(q));
        assertEquals(cpu, cuda, "CPU and CUDA messages for " + c);
        assertTrue(q.calls.isEmpty() && q.writes.isEmpty(), "the CUDA launcher enqueued work for " + c);
    }

    /**
     * A device rule stays in the launcher: tanh_squash_forward's kernel declares u and action
     * {@code __restrict__}, so CUDA refuses the alias that the CPU loop handles element by element.
     */
    @Test
    void deviceRulesAreTheLaunchersOwn() {
        Target cpu = cpu();
        Tensor u = cpu.make().f32(2, 3);
        assertDoesNotThrow(() -> cpu.ops().distribution().tanhSquashForward(u, u, cpu.make().f32(2)));
        Target cuda = cuda(new RecordingQueue());
        Tensor du = cuda.make().f32(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cuda.ops().distribution().tanhSquashForward(du, du, cuda.make().f32(2)));
        assertTrue(e.getMessage().contains("the CUDA kernel needs them disjoint"), e.getMessage());
    }

    record Target(Families ops, Make make) {}

    private static Target cpu() {
        CpuBackend b = new CpuBackend();
        return new Target(new Families(b.dense(), b.conv(), b.pointwise(), b.reduce(), b.layout(), b.norm(), b.loss(),
                b.distribution(), b.random(), b.select(), b.optim(), b.recurrent(), b.pixel()),
                (dtype, shape) -> b.tensor(dtype, false, shape));
    }

    private static Target cuda(RecordingQueue q) {
        CudaOps o = new CudaOps(q, new KernelGemm(q, KernelGemm.GemmVariant.TF32), KernelGemm.GemmVariant.TF32);
        FakeDevice d = new FakeDevice(q);
        return new Target(new Families(o.dense, o.conv, o.pointwise, o.reduce, o.layout, o.norm, o.loss, o.distribution,
                o.random, o.select, o.optim, o.recurrent, o.pixel), d::tensor);
    }

    private static String rejection(Case c, Target target) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.call().run(target.ops(), target.make()), c + " must be rejected");
        return e.getMessage();
    }
}
