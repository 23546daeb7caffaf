package org.mbrl4j.agent.tdmpc2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.MultiGammaHead;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.TestRandom;

/**
 * The pixel encoder of TD-MPC2 (docs/pixels.md#encoder) inside a tiny world model: the reference's layer
 * table (64 → 29 → 13 → 6 → 4), SimNorm latents of flat (..., Ch·Hp·Wp) observations, PyTorch's default
 * conv init, a projection only where the features are not the latent, and gradients into the convs.
 */
class PixelEncoderTest {
    private static final int SIMNORM = 8;
    private final CpuBackend be = new CpuBackend();
    private final TestRandom rnd = new TestRandom();

    private WorldModel model(PixelEncoderDims pixels, int latent) {
        ModelDims dims = new ModelDims(pixels.obsDim(), 1, latent, 16, 16, 2, 2, new Bins(11, -10f, 10f), SIMNORM, 0f,
                false, 1, -10f, 2f, List.of(), MultiGammaHead.JOINT);
        return new WorldModel(be, dims, pixels, rnd.nextLong());
    }

    private float[] frames(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(256);
        }
        return v;
    }

    @Test
    void theReferenceLayerTableOnStackedFrames() {
        PixelEncoderDims d = new PixelEncoderDims(9, 64, 64, 32);
        assertArrayEquals(new int[] {4, 4}, d.outputSize());
        assertEquals(512, d.features(), "32 channels · 4 · 4: the reference's 5M latent");
        assertEquals(9 * 64 * 64, d.obsDim());
        WorldModel m = model(d, 512);
        assertArrayEquals(new int[] {32, 9, 7, 7}, m.params().get("encoder.conv0.weight").shape());
        assertArrayEquals(new int[] {32, 32, 5, 5}, m.params().get("encoder.conv1.weight").shape());
        assertArrayEquals(new int[] {32, 32, 3, 3}, m.params().get("encoder.conv2.weight").shape());
        assertArrayEquals(new int[] {32, 32, 3, 3}, m.params().get("encoder.conv3.weight").shape());
        assertFalse(m.params().asMap().containsKey("encoder.projection.weight"), "features = latent: no projection");
        assertEquals(4 * 32 + 32 * (9 * 49 + 32 * 25 + 32 * 9 + 32 * 9), m.parameterCounts().get("encoder"));
    }

    @Test
    void convWeightsAndBiasesHavePytorchsDefaultBound() {
        WorldModel m = model(new PixelEncoderDims(9, 64, 64, 32), 512);
        int[] fanIn = {9 * 49, 32 * 25, 32 * 9, 32 * 9};
        for (int i = 0; i < 4; i++) {
            double bound = 1 / Math.sqrt(fanIn[i]);
            float[] w = be.toArray(m.params().get("encoder.conv" + i + ".weight"));
            double sumSq = 0;
            for (float v : w) {
                assertTrue(Math.abs(v) <= bound, "conv" + i + " weight " + v + " beyond ±" + bound);
                sumSq += v * v;
            }
            double std = Math.sqrt(sumSq / w.length);
            double want = bound / Math.sqrt(3); // the std of U(−b, b)
            assertEquals(want, std, 0.1 * want, "conv" + i + " weight std, seed " + rnd.seed());
            for (float v : be.toArray(m.params().get("encoder.conv" + i + ".bias"))) {
                assertTrue(Math.abs(v) <= bound, "conv" + i + " bias " + v);
            }
        }
    }

    @Test
    void latentsAreSimNormGroupsOfFlatObservationsAndGradientsReachTheConvs() {
        // 40×48 → 17×21 → 7×9 → 3×4 → 1×2: 16 features; 8 channels, so that ReLU leaves some unit alive
        PixelEncoderDims d = new PixelEncoderDims(6, 40, 48, 8);
        assertEquals(16, d.features());
        WorldModel m = model(d, 32); // 16 ≠ 32: projected
        assertArrayEquals(new int[] {32, 16}, m.params().get("encoder.projection.weight").shape());
        try (Graph g = new Graph(be)) {
            Tensor obs = g.constant(frames(2 * 3 * d.obsDim()), 2, 3, d.obsDim());
            Tensor z = m.encode(new Pass(g, Mode.TRAIN, new Rng(0, 0)), obs);
            assertArrayEquals(new int[] {2, 3, 32}, z.shape());
            float[] v = be.toArray(z);
            for (int group = 0; group < v.length / SIMNORM; group++) {
                double sum = 0;
                for (int k = 0; k < SIMNORM; k++) {
                    sum += v[group * SIMNORM + k];
                }
                assertEquals(1.0, sum, 1e-5, "SimNorm group " + group);
            }
            g.backward(ReduceFn.sumAll(g, squared(g, z)));
            for (int i = 0; i < 4; i++) {
                float[] grad = be.toArray(m.params().get("encoder.conv" + i + ".weight").grad());
                double norm = 0;
                for (float x : grad) {
                    norm += x * x;
                }
                assertTrue(norm > 0, "conv" + i + " gets a gradient, seed " + rnd.seed());
            }
        }
    }

    private static Tensor squared(Graph g, Tensor z) {
        return org.mbrl4j.autograd.PointwiseFn.mul(g, z, z);
    }

    @Test
    void aStateModelHasNoPixelEncoderAndFramesTooSmallAreRefused() {
        ModelDims dims = new ModelDims(3, 1, 16, 16, 16, 2, 2, new Bins(11, -10f, 10f), SIMNORM, 0f, false, 1, -10f,
                2f, List.of(), MultiGammaHead.JOINT);
        assertNull(new WorldModel(be, dims, rnd.nextLong()).pixels());
        var e = assertThrows(IllegalArgumentException.class, () -> new PixelEncoderDims(3, 32, 64, 32));
        assertTrue(e.getMessage().contains("frames 32×64 shrink to 2×6 before conv layer 4 (kernel 3)"), e.getMessage());
    }
}
