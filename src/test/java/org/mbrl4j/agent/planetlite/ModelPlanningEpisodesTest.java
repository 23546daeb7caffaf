package org.mbrl4j.agent.planetlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.backend.cuda.CudaBackend;
import org.mbrl4j.config.MatmulPrecision;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * The rollout of E episodes side by side (the eval actor's batched plan): episode e's N candidates start
 * from row e of z0, and every latent and reward equals that of the episode rolled out alone, up to
 * float rounding (the CPU GEMM may sum a batch of another height in another order).
 */
class ModelPlanningEpisodesTest {
    private static final float TOLERANCE = 1e-6f;

    @Test
    void twoEpisodesSideBySideRollOutAsEachAlone() {
        try (Backend be = new CpuBackend()) {
            checkTwoEpisodes(be);
        }
    }

    /** The same on the CUDA kernels (host emulator): the eval actor plans all episodes together on CUDA. */
    @Test
    @Tag("emulator")
    void twoEpisodesSideBySideRollOutAsEachAloneOnTheCudaKernels() {
        try (Backend be = CudaBackend.emulated(MatmulPrecision.FP32)) {
            checkTwoEpisodes(be);
        }
    }

    private static void checkTwoEpisodes(Backend be) {
        int o = 3;
        int a = 1;
        int n = 4;
        int t = 2;
        float[] starts = {0.1f, -0.2f, 0.3f, 0.9f, 0.4f, -0.5f};
        float[] actions = new float[2 * n * t * a];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = (float) Math.sin(1.7 * i);
        }
        try (Graph g = new Graph(be)) {
            var model = new DynamicsModel(be, o, a, 8, 5);
            var planning = new ModelPlanning(model);
            Pass p = new Pass(g, Mode.EVAL, new Rng(1, 1));
            var both = planning.rollout(p, g.constant(starts, 2, o), g.constant(actions, 2 * n, t, a), null);
            float[] bothLatents = be.toArray(both.latents());
            float[] bothRewards = be.toArray(planning.predictedRewards(p, both));
            assertEquals(2 * n * (t + 1) * o, bothLatents.length);
            for (int e = 0; e < 2; e++) {
                Tensor z0 = g.constant(Arrays.copyOfRange(starts, e * o, (e + 1) * o), o);
                Tensor own = g.constant(Arrays.copyOfRange(actions, e * n * t * a, (e + 1) * n * t * a), n, t, a);
                var alone = planning.rollout(p, z0, own, null);
                assertArrayEquals(be.toArray(alone.latents()),
                        Arrays.copyOfRange(bothLatents, e * n * (t + 1) * o, (e + 1) * n * (t + 1) * o), TOLERANCE,
                        "episode " + e);
                assertArrayEquals(be.toArray(planning.predictedRewards(p, alone)),
                        Arrays.copyOfRange(bothRewards, e * n * t, (e + 1) * n * t), TOLERANCE,
                        "episode " + e + "'s rewards");
            }
        }
    }
}
