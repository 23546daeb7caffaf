package org.mbrl4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.backend.cuda.CudaBackend;
import org.mbrl4j.config.MatmulPrecision;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * {@link StackedHeadsMlp}: head 0 (a plain Mlp) stacked with an ensemble Mlp computes, head by head,
 * exactly what the two Mlps compute apart (on the CPU and on the host emulator of the CUDA kernels),
 * reads the parameters as of its last refresh, and rejects what it cannot stack.
 */
class StackedHeadsMlpTest {
    private static final int L = 8;
    private static final int A = 3;
    private static final int[] HIDDEN = {16, 24};
    private static final int SIMNORM = 4;

    /** Head 0 and the ensemble of {@code heads - 1}, every parameter drawn at random. */
    private record Model(Parameters params, Mlp head0, Mlp others) {}

    private static Model model(Backend be, TestRandom rnd, int heads) {
        Parameters params = new Parameters(be, new Rng(rnd.nextLong(), 0));
        Mlp head0 = new Mlp(params.scope("d"), L + A, HIDDEN, L, Activation.SIMNORM, SIMNORM, 0f, false, 0);
        Mlp others = new Mlp(params.scope("e"), L + A, HIDDEN, L, Activation.SIMNORM, SIMNORM, 0f, false, heads - 1);
        for (Tensor t : params.all()) {
            be.upload(rnd.floats((int) t.numel(), -1, 1), 0, t);
        }
        return new Model(params, head0, others);
    }

    private static void stackedHeadsComputeWhatEachMlpComputes(Backend be) {
        TestRandom rnd = new TestRandom();
        int heads = 3;
        int m = 37;
        Model mdl = model(be, rnd, heads);
        StackedHeadsMlp stacked = new StackedHeadsMlp(be, mdl.head0(), mdl.others());
        float[] xs = rnd.floats(heads * m * (L + A), -2, 2);
        String where = " (test seed " + rnd.seed() + ")";
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(1, 1));
            Tensor x = be.fromArray(xs, heads, m, L + A);
            float[] apart = concat(be.toArray(mdl.head0().forward(p, x.rows(0, 1).reshape(m, L + A))),
                    be.toArray(mdl.others().forward(p, x.rows(1, heads - 1))));
            stacked.refresh();
            assertArrayEquals(apart, be.toArray(stacked.forward(p, x)), "stacked vs apart" + where);

            Tensor w = mdl.params().get("d.0.weight");
            be.upload(rnd.floats((int) w.numel(), -1, 1), 0, w);
            float[] moved = concat(be.toArray(mdl.head0().forward(p, x.rows(0, 1).reshape(m, L + A))),
                    be.toArray(mdl.others().forward(p, x.rows(1, heads - 1))));
            assertFalse(Arrays.equals(apart, moved), "moving head 0's first weight changes its output" + where);
            assertArrayEquals(apart, be.toArray(stacked.forward(p, x)), "before refresh: the old copies" + where);
            stacked.refresh();
            assertArrayEquals(moved, be.toArray(stacked.forward(p, x)), "after refresh: the moved weight" + where);
        }
    }

    @Test
    void cpuStackedHeadsAreBitwiseTheMlpsApart() {
        stackedHeadsComputeWhatEachMlpComputes(new CpuBackend());
    }

    @Test
    @Tag("emulator")
    void emulatedStackedHeadsAreBitwiseTheMlpsApart() {
        try (CudaBackend cuda = CudaBackend.emulated(MatmulPrecision.FP32)) {
            stackedHeadsComputeWhatEachMlpComputes(cuda);
        }
    }

    @Test
    void rejectsWhatItCannotStack() {
        Backend be = new CpuBackend();
        Parameters params = new Parameters(be, new Rng(3, 0));
        Mlp head0 = new Mlp(params.scope("d"), L + A, HIDDEN, L, Activation.SIMNORM, SIMNORM, 0f, false, 0);
        Mlp others = new Mlp(params.scope("e"), L + A, HIDDEN, L, Activation.SIMNORM, SIMNORM, 0f, false, 2);
        Mlp linearOut = new Mlp(params.scope("r"), L + A, HIDDEN, L, null, SIMNORM, 0f, false, 2);
        Mlp shallow = new Mlp(params.scope("s"), L + A, new int[] {16}, L, Activation.SIMNORM, SIMNORM, 0f, false, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new StackedHeadsMlp(be, head0, linearOut));
        assertTrue(e.getMessage().contains("plain Linear output"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StackedHeadsMlp(be, head0, shallow));
        assertTrue(e.getMessage().contains("same depth"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StackedHeadsMlp(be, others, head0));
        assertTrue(e.getMessage().contains("must be plain in head 0"), e.getMessage());
        StackedHeadsMlp stacked = new StackedHeadsMlp(be, head0, others);
        try (Graph g = new Graph(be); var s = g.noGrad()) {
            Tensor x = be.fromArray(new float[2 * 5 * (L + A)], 2, 5, L + A);
            e = assertThrows(IllegalArgumentException.class,
                    () -> stacked.forward(new Pass(g, Mode.EVAL, new Rng(1, 1)), x));
            assertTrue(e.getMessage().contains("float32[3, M, Fi]"), e.getMessage());
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
