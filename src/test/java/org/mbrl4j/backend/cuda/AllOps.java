package org.mbrl4j.backend.cuda;

import java.util.List;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.backend.ReduceOp;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * Calls every op of every family once (or once per mode that launches a different kernel) with valid
 * arguments on fake device tensors, so a {@link RecordingQueue} sees every launch the launchers can
 * make: the coverage test then compares that set with the kernels' entry points.
 */
final class AllOps {
    private AllOps() {}

    static void run(CudaOps ops, FakeDevice d, RecordingQueue q) {
        dense(ops, d);
        conv(ops, d);
        ops.recurrent.gruCellForward(d.f32(5, 600), d.f32(5, 600), d.f32(5, 200), d.f32(5, 200));
        ops.recurrent.gruCellBackward(d.f32(5, 600), d.f32(5, 600), d.f32(5, 200), d.f32(5, 200), d.f32(5, 600),
                d.f32(5, 600), d.f32(5, 200));
        pointwise(ops, d);
        ops.reduce.reduce(ReduceOp.SUM, d.f32(4, 5, 6), new int[] {0, 2}, d.f32(5));
        ops.reduce.reduceBackward(ReduceOp.MEAN, new int[] {0, 2}, d.f32(5), d.f32(4, 5, 6));
        ops.reduce.runningScale(d.f32(4, 16), d.f32(1), 0.01f, d.f32(1));
        layout(ops, d);
        norm(ops, d);
        loss(ops, d);
        distribution(ops, d);
        random(ops, d);
        ops.pixel.randomShift(d.f32(2, 9, 8, 8), d.i32(2, 2), d.f32(2, 9, 8, 8));
        ops.pixel.planetPreprocess(d.f32(2, 3, 8, 8), 5, new PhiloxKey(7, 2, 0), d.f32(2, 3, 8, 8));
        ops.select.topk(d.f32(3, 100), 7, d.f32(3, 7), d.i32(3, 7));
        ops.select.topkBackward(d.i32(3, 7), d.f32(3, 7), d.f32(3, 100));
        ops.select.eliteRefit(d.f32(2, 50), d.f32(2, 50, 6), 5, 0.5f, 0.05f, 2f, d.i32(2, 5), d.f32(2, 5), d.f32(2, 5),
                d.f32(2, 6), d.f32(2, 6));
        optim(ops, d);
        graphScalars(ops, d, q);
    }

    static void dense(CudaOps ops, FakeDevice d) {
        for (Transpose ta : Transpose.values()) {
            for (Transpose tb : Transpose.values()) {
                Tensor a = ta == Transpose.N ? d.f32(2, 5, 7) : d.f32(2, 7, 5);
                Tensor b = tb == Transpose.N ? d.f32(2, 7, 3) : d.f32(2, 3, 7);
                ops.dense.gemm(a, ta, b, tb, d.f32(2, 5, 3), 1f, 0f);
            }
        }
        ops.dense.linearForward(d.f32(9, 4), d.f32(6, 4), d.f32(6), d.f32(9, 6));
        ops.dense.linearBackward(d.f32(9, 4), d.f32(6, 4), d.f32(9, 6), d.f32(9, 4), d.f32(6, 4), d.f32(6));
        ops.dense.ensembleLinearForward(d.f32(9, 4), d.f32(5, 6, 4), d.f32(5, 6), d.f32(5, 9, 6));
        ops.dense.ensembleLinearBackward(d.f32(9, 4), d.f32(5, 6, 4), d.f32(5, 9, 6), d.f32(9, 4), d.f32(5, 6, 4),
                d.f32(5, 6));
        DropoutSpec drop = new DropoutSpec(0.1f, new PhiloxKey(1, 2, 3));
        ops.dense.fusedLayerForward(d.f32(9, 4), d.f32(16, 4), d.f32(16), drop, d.f32(16), d.f32(16), 1e-5f,
                Activation.SIMNORM, 8, d.f32(9, 16), d.f32(9, 16), d.f32(9), d.f32(9));
        ops.dense.fusedLayerBackward(d.f32(9, 4), d.f32(16, 4), drop, d.f32(16), d.f32(16), Activation.MISH, 8,
                d.f32(9, 16), d.f32(9, 16), d.f32(9), d.f32(9), d.f32(9, 16), d.f32(9, 4), d.f32(16, 4), d.f32(16),
                d.f32(16), d.f32(16));
    }

    /** PlaNet-like shapes: a 4×4/s2 convolution and a 5×5/s2 transposed one, every gradient requested. */
    static void conv(CudaOps ops, FakeDevice d) {
        ops.conv.conv2dForward(d.f32(2, 3, 16, 16), d.f32(4, 3, 4, 4), d.f32(4), 2, d.f32(2, 4, 7, 7));
        ops.conv.conv2dBackward(d.f32(2, 3, 16, 16), d.f32(4, 3, 4, 4), 2, d.f32(2, 4, 7, 7), d.f32(2, 3, 16, 16),
                d.f32(4, 3, 4, 4), d.f32(4));
        ops.conv.convTranspose2dForward(d.f32(2, 4, 3, 3), d.f32(4, 3, 5, 5), d.f32(3), 2, d.f32(2, 3, 9, 9));
        ops.conv.convTranspose2dBackward(d.f32(2, 4, 3, 3), d.f32(4, 3, 5, 5), 2, d.f32(2, 3, 9, 9),
                d.f32(2, 4, 3, 3), d.f32(4, 3, 5, 5), d.f32(3));
    }

    static void pointwise(CudaOps ops, FakeDevice d) {
        ops.pointwise.binary(BinaryOp.MUL, d.f32(4, 6), d.f32(6), d.f32(4, 6));
        ops.pointwise.binaryBackward(BinaryOp.DIV, d.f32(4, 6), d.f32(6), d.f32(4, 6), d.f32(4, 6), d.f32(6));
        ops.pointwise.scale(d.f32(10), 2f, d.f32(10));
        ops.pointwise.scaleBackward(2f, d.f32(10), d.f32(10));
        ops.pointwise.clamp(d.f32(10), -1f, 1f, d.f32(10));
        ops.pointwise.clampBackward(d.f32(10), -1f, 1f, d.f32(10), d.f32(10));
        ops.pointwise.unary(UnaryOp.MISH, d.f32(10), d.f32(10));
        ops.pointwise.unaryBackward(UnaryOp.TANH, d.f32(10), d.f32(10), d.f32(10), d.f32(10));
    }

    static void layout(CudaOps ops, FakeDevice d) {
        ops.layout.concat(List.of(d.f32(3, 2), d.f32(3, 5)), 1, d.f32(3, 7));
        ops.layout.concatBackward(d.f32(3, 7), 1, List.of(d.f32(3, 2), d.f32(3, 5)));
        ops.layout.split(d.f32(3, 7), 1, List.of(d.f32(3, 2), d.f32(3, 5)));
        ops.layout.splitBackward(List.of(d.f32(3, 2), d.f32(3, 5)), 1, d.f32(3, 7));
        ops.layout.slice(d.f32(6, 4), 0, 2, d.f32(3, 4));
        ops.layout.sliceBackward(d.f32(3, 4), 0, 2, d.f32(6, 4));
        ops.layout.indexSelect(d.f32(6, 4), 0, d.i32(5), d.f32(5, 4));
        ops.layout.indexSelectBackward(d.f32(5, 4), 0, d.i32(5), d.f32(6, 4));
        ops.layout.gather(d.f32(6, 4), 1, d.i32(6, 2), d.f32(6, 2));
        ops.layout.gatherBackward(d.f32(6, 2), 1, d.i32(6, 2), d.f32(6, 4));
    }

    static void norm(CudaOps ops, FakeDevice d) {
        ops.norm.layerNormForward(d.f32(5, 8), d.f32(8), d.f32(8), 1e-5f, d.f32(5, 8), d.f32(5), d.f32(5));
        ops.norm.layerNormBackward(d.f32(5, 8), d.f32(8), d.f32(5), d.f32(5), d.f32(5, 8), d.f32(5, 8), d.f32(8), d.f32(8));
        ops.norm.simNormForward(d.f32(5, 16), 8, d.f32(5, 16));
        ops.norm.simNormBackward(d.f32(5, 16), 8, d.f32(5, 16), d.f32(5, 16));
        ops.norm.softmaxForward(d.f32(5, 8), d.f32(5, 8));
        ops.norm.softmaxBackward(d.f32(5, 8), d.f32(5, 8), d.f32(5, 8));
        ops.norm.logSoftmaxForward(d.f32(5, 8), d.f32(5, 8));
        ops.norm.logSoftmaxBackward(d.f32(5, 8), d.f32(5, 8), d.f32(5, 8));
    }

    static void loss(CudaOps ops, FakeDevice d) {
        Bins bins = Bins.tdmpc2Default();
        ops.loss.mseForward(d.f32(4, 3), d.f32(4, 3), d.f32(4));
        ops.loss.mseBackward(d.f32(4, 3), d.f32(4, 3), d.f32(4), d.f32(4, 3), null);
        ops.loss.unitGaussianNllForward(d.f32(4, 3), d.f32(4, 3), d.f32(4));
        ops.loss.unitGaussianNllBackward(d.f32(4, 3), d.f32(4, 3), d.f32(4), d.f32(4, 3), d.f32(4, 3));
        ops.loss.gaussianKlForward(d.f32(5, 30), d.f32(5, 30), d.f32(5, 30), d.f32(5, 30), 3f, d.f32(5));
        ops.loss.gaussianKlBackward(d.f32(5, 30), d.f32(5, 30), d.f32(5, 30), d.f32(5, 30), 3f, d.f32(5), d.f32(5),
                d.f32(5, 30), d.f32(5, 30), d.f32(5, 30), d.f32(5, 30));
        ops.loss.bceWithLogitsForward(d.f32(7), d.f32(7), d.f32(7));
        ops.loss.bceWithLogitsBackward(d.f32(7), d.f32(7), d.f32(7), d.f32(7));
        ops.loss.twoHotEncode(d.f32(4), bins, d.f32(4, 101));
        ops.loss.twoHotSoftCeForward(d.f32(4, 101), d.f32(4), bins, d.f32(4));
        ops.loss.twoHotSoftCeBackward(d.f32(4, 101), d.f32(4), bins, d.f32(4), d.f32(4, 101));
        ops.loss.twoHotExpectationForward(d.f32(4, 101), bins, d.f32(4));
        ops.loss.twoHotExpectationBackward(d.f32(4, 101), bins, d.f32(4), d.f32(4, 101));
    }

    static void distribution(CudaOps ops, FakeDevice d) {
        ops.distribution.gaussianSampleForward(d.f32(6, 2), d.f32(6, 2), d.f32(6, 2), d.f32(6, 2));
        ops.distribution.gaussianSampleBackward(d.f32(6, 2), d.f32(6, 2), d.f32(6, 2), d.f32(6, 2), d.f32(6, 2));
        ops.distribution.gaussianLogProbForward(d.f32(6, 2), d.f32(6, 2), d.f32(6));
        ops.distribution.gaussianLogProbBackward(d.f32(6), d.f32(6, 2));
        ops.distribution.tanhSquashForward(d.f32(6, 2), d.f32(6, 2), d.f32(6));
        ops.distribution.tanhSquashBackward(d.f32(6, 2), d.f32(6, 2), d.f32(6), d.f32(6, 2));
    }

    static void random(CudaOps ops, FakeDevice d) {
        PhiloxKey key = new PhiloxKey(7, 1, 0);
        ops.random.uniform(key, -1f, 1f, d.f32(9));
        ops.random.normal(key, 0f, 1f, d.f32(9));
        ops.random.randint(key, 0, 10, d.i32(9));
        ops.random.categorical(key, d.f32(3, 5), d.i32(3));
        ops.random.permutationPrefix(key, 5, d.i32(2));
        DropoutSpec spec = new DropoutSpec(0.25f, key);
        ops.random.dropoutForward(d.f32(9), spec, d.f32(9));
        ops.random.dropoutBackward(spec, d.f32(9), d.f32(9));
    }

    static void optim(CudaOps ops, FakeDevice d) {
        ops.optim.adam(List.of(new AdamSlot(d.f32(3000), d.f32(3000), d.f32(3000), d.f32(3000), 1e-3f, 1e-8f),
                new AdamSlot(d.f32(7), d.f32(7), d.f32(7), d.f32(7), 1e-3f, 1e-8f)), 0.9f, 0.999f, 1);
        Tensor acc = d.f32();
        ops.optim.sumSquares(List.of(d.f32(3000), d.f32(7)), acc);
        ops.optim.clipByGlobalNorm(List.of(d.f32(3000), d.f32(7)), acc, 20f);
        ops.optim.lerp(List.of(d.f32(3000)), List.of(d.f32(3000)), 0.01f);
        Tensor halt = d.f32(3);
        ops.optim.haltOnDivergence(d.f32(9), d.f32(9), 1e6f, halt, d.f32(9));
        ops.optim.adamUnlessHalted(List.of(new AdamSlot(d.f32(70), d.f32(70), d.f32(70), d.f32(70), 1e-3f, 1e-8f)),
                0.9f, 0.999f, 1, halt);
        ops.optim.lerpUnlessHalted(List.of(d.f32(300)), List.of(d.f32(300)), 0.01f, halt);
        ops.optim.copyUnlessHalted(d.f32(5), d.f32(5), halt);
    }

    /** The device scalars {@link #graphScalars} bound. */
    record Bound(DeviceKey key, DeviceCounter step) {}

    /** Bound device key and step, a captured draw and adam, and the advances that end a captured step. */
    static Bound graphScalars(CudaOps ops, FakeDevice d, RecordingQueue q) {
        DeviceKey key = ops.keys.bind(11, 3, 100);
        DeviceCounter step = ops.optim.bindStep(5);
        Tensor p = d.f32(10);
        Tensor g = d.f32(10);
        Tensor m = d.f32(10);
        Tensor v = d.f32(10);
        Tensor out = d.f32(10);
        List<AdamSlot> slots = List.of(new AdamSlot(p, g, m, v, 1e-3f, 1e-8f));
        ops.optim.adam(slots, 0.9f, 0.999f, 5); // eager warm-up: uploads the slot table
        q.capturing = true;
        ops.random.uniform(key.current().advance(2), 0f, 1f, out);
        ops.optim.adam(slots, 0.9f, 0.999f, step.value());
        key.advance(PhiloxKey.blocksFor(10) + 2);
        step.advance();
        q.capturing = false;
        return new Bound(key, step);
    }
}
