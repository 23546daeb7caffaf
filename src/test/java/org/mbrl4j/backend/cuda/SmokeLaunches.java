package org.mbrl4j.backend.cuda;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.BinaryOp;
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
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * The GPU smoke test's one op per PTX module (gpu-check.sh step 1): small valid shapes (AllOps'),
 * each op launching kernels of its module only. {@code SmokeLaunchesTest} checks that mapping on a
 * recording queue, so the smoke test on a GPU touches every module exactly where it says.
 */
final class SmokeLaunches {
    private SmokeLaunches() {}

    /** The op families of a backend (CudaBackend's accessors, or CudaOps' fields on a recording queue). */
    record Families(DenseOps dense, ConvOps conv, RecurrentOps recurrent, PointwiseOps pointwise, ReduceOps reduce,
            LayoutOps layout, NormOps norm, LossOps loss, DistributionOps distribution, RandomOps random,
            SelectOps select, OptimOps optim, PixelOps pixel) {
        static Families of(Backend b) {
            return new Families(b.dense(), b.conv(), b.recurrent(), b.pointwise(), b.reduce(), b.layout(), b.norm(),
                    b.loss(), b.distribution(), b.random(), b.select(), b.optim(), b.pixel());
        }

        static Families of(CudaOps o) {
            return new Families(o.dense, o.conv, o.recurrent, o.pointwise, o.reduce, o.layout, o.norm, o.loss,
                    o.distribution, o.random, o.select, o.optim, o.pixel);
        }
    }

    /** Where the smoke ops get their tensors: non-zero F32 data and zero (valid) I32 indices. */
    interface Tensors {
        Tensor f32(int... shape);

        Tensor i32(int... shape);
    }

    /** Module name → the op that launches it, in {@link PtxModules#MODULES} order. */
    static Map<String, Runnable> calls(Families f, Tensors t) {
        PhiloxKey key = new PhiloxKey(7, 1, 0);
        Map<String, Runnable> calls = new LinkedHashMap<>();
        calls.put("pointwise", () -> f.pointwise().binary(BinaryOp.MUL, t.f32(4, 6), t.f32(6), t.f32(4, 6)));
        calls.put("reduce", () -> f.reduce().reduce(ReduceOp.SUM, t.f32(4, 5, 6), new int[] {0, 2}, t.f32(5)));
        calls.put("layout", () -> f.layout().concat(List.of(t.f32(3, 2), t.f32(3, 5)), 1, t.f32(3, 7)));
        calls.put("norm", () -> f.norm().layerNormForward(t.f32(5, 8), t.f32(8), t.f32(8), 1e-5f, t.f32(5, 8),
                t.f32(5), t.f32(5)));
        calls.put("loss", () -> f.loss().mseForward(t.f32(4, 3), t.f32(4, 3), t.f32(4)));
        calls.put("distribution", () -> f.distribution().gaussianLogProbForward(t.f32(6, 2), t.f32(6, 2), t.f32(6)));
        calls.put("random", () -> f.random().uniform(key, -1f, 1f, t.f32(9)));
        calls.put("select", () -> f.select().topk(t.f32(3, 100), 7, t.f32(3, 7), t.i32(3, 7)));
        calls.put("optim", () -> f.optim().adam(List.of(new AdamSlot(t.f32(7), t.f32(7), t.f32(7), t.f32(7), 1e-3f,
                1e-8f)), 0.9f, 0.999f, 1));
        calls.put("gemm", () -> f.dense().gemm(t.f32(2, 5, 7), Transpose.N, t.f32(2, 7, 3), Transpose.N, t.f32(2, 5, 3),
                1f, 0f));
        calls.put("ensemble_linear", () -> f.dense().ensembleLinearForward(t.f32(9, 4), t.f32(5, 6, 4), t.f32(5, 6),
                t.f32(5, 9, 6)));
        calls.put("fused_layer", () -> f.dense().fusedLayerForward(t.f32(9, 4), t.f32(16, 4), t.f32(16),
                new DropoutSpec(0.1f, key), t.f32(16), t.f32(16), 1e-5f, Activation.SIMNORM, 8, t.f32(9, 16),
                t.f32(9, 16), t.f32(9), t.f32(9)));
        calls.put("conv", () -> f.conv().conv2dForward(t.f32(2, 3, 16, 16), t.f32(4, 3, 4, 4), t.f32(4), 2,
                t.f32(2, 4, 7, 7)));
        calls.put("recurrent", () -> f.recurrent().gruCellForward(t.f32(5, 600), t.f32(5, 600), t.f32(5, 200),
                t.f32(5, 200)));
        calls.put("pixel", () -> f.pixel().planetPreprocess(t.f32(2, 3, 8, 8), 5, key, t.f32(2, 3, 8, 8)));
        return calls;
    }
}
