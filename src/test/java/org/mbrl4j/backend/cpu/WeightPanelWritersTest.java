package org.mbrl4j.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.nn.Polyak;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.HostStorage;
import org.mbrl4j.tensor.Tensor;

/**
 * Every kind of parameter writer moves the weight's version, so a layer's next product repacks and
 * computes the bits of per-call packing: the optimizer step (plain and halt-gated), the Polyak average
 * and EMA targets (lerp, halt-gated lerp), checkpoint load, resets and uploads ({@link Backend#upload}, what
 * Checkpoint, Tdmpc2Resets and the agents' load use), copies (Parameters.copyFrom, EMA target
 * initialisation, the halt-gated copy), fills, and an in-place op with the weight as output. Each test
 * first runs the layer twice to show the panels are kept (one pack), then writes and checks the
 * third product and the pack count.
 */
class WeightPanelWritersTest {
    private static final int M = 260;
    private static final int K = 70;
    private static final int N = 90;

    private final long seed = System.nanoTime();
    private final SplittableRandom rnd = new SplittableRandom(seed);
    private final Backend be = new CpuBackend();
    private final Tensor x = random(M, K);
    private final Tensor w = parameter(N, K);

    @Test
    void adamStep() {
        Adam adam = new Adam(be, List.of(new Adam.Group("w", List.of(w), 1e-2f, 1e-8f)));
        afterWrite("Adam step", t -> adam.step());
    }

    @Test
    void adamStepUnlessHalted() {
        Adam adam = new Adam(be, List.of(new Adam.Group("w", List.of(w), 1e-2f, 1e-8f)));
        afterWrite("Adam step, not halted", t -> adam.step(be.zeros(1)));
    }

    @Test
    void polyakAverage() {
        Tensor online = random(N, K);
        afterWrite("Polyak update", t -> new Polyak(be, List.of(t), List.of(online), 0.01f).update());
    }

    @Test
    void polyakAverageUnlessHalted() {
        Tensor online = random(N, K);
        afterWrite("Polyak update, not halted", t -> new Polyak(be, List.of(t), List.of(online), 0.5f)
                .update(be.zeros(1)));
    }

    @Test
    void uploadAsCheckpointLoadAndResetsDo() {
        float[] loaded = values(N * K);
        afterWrite("upload", t -> be.upload(loaded, 0, t));
    }

    @Test
    void copyAsParametersCopyFromDoes() {
        Tensor source = random(N, K);
        afterWrite("copy", t -> be.copy(source, t));
    }

    @Test
    void copyUnlessHalted() {
        Tensor source = random(N, K);
        afterWrite("copy, not halted", t -> be.optim().copyUnlessHalted(source, t, be.zeros(1)));
    }

    @Test
    void fill() {
        afterWrite("fill", t -> be.fill(t, 0.25f));
    }

    @Test
    void inPlaceOpWithTheWeightAsOutput() {
        afterWrite("in-place scale", t -> be.pointwise().scale(t, 0.5f, t));
    }

    @Test
    void writeThroughTheTensorsArray() {
        afterWrite("array write", t -> t.floats()[t.off() + 7] = -t.floats()[t.off() + 7]);
    }

    @Test
    void theInputGradientLayoutFollowsTheVersionToo() {
        Tensor dy = random(M, N);
        Tensor dx = be.zeros(M, K);
        be.dense().linearBackward(x, w, dy, dx, null, null);
        be.dense().linearBackward(x, w, dy, dx, null, null);
        assertEquals(1, packs(), "dy·w packs w once per version");
        be.upload(values(N * K), 0, w);
        Tensor kept = be.zeros(M, K);
        be.dense().linearBackward(x, w, dy, kept, null, null);
        Tensor perCall = be.zeros(M, K);
        be.dense().gemm(dy, Transpose.N, w, Transpose.N, perCall, 1f, 0f);
        assertSameBits(be.toArray(perCall), be.toArray(kept), "dy·w after an upload");
        assertEquals(2, packs());
    }

    /** Forward twice (one pack), {@code write} the weight, forward again: per-call bits, a second pack. */
    private void afterWrite(String writer, Consumer<Tensor> write) {
        forward();
        forward();
        assertEquals(1, packs(), "an unchanged weight is packed once");
        write.accept(w);
        float[] kept = forward();
        Tensor perCall = be.zeros(M, N);
        be.dense().gemm(x, Transpose.N, w, Transpose.T, perCall, 1f, 0f);
        assertSameBits(be.toArray(perCall), kept, writer);
        assertEquals(2, packs(), writer + " moves the weight's version, so the panels are packed again");
    }

    /** y = x·w^T through the layer op, which keeps w's panels. */
    private float[] forward() {
        Tensor y = be.zeros(M, N);
        be.dense().linearForward(x, w, null, y);
        return y.floatsToRead().clone();
    }

    private long packs() {
        return GemmWeightPanels.packs((HostStorage) w.storage());
    }

    private Tensor parameter(int... shape) {
        Tensor t = be.tensor(DType.F32, true, shape);
        be.upload(values(t.size()), 0, t);
        t.setGrad(random(shape));
        return t;
    }

    private Tensor random(int... shape) {
        Tensor t = be.zeros(shape);
        be.upload(values(t.size()), 0, t);
        return t;
    }

    private float[] values(int size) {
        return KeptPanelChecks.uniform(rnd, size);
    }

    private void assertSameBits(float[] expected, float[] actual, String what) {
        KeptPanelChecks.assertSameBits(expected, actual, what, seed);
    }
}
