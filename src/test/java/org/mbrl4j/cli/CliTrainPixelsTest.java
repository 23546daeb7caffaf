package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.io.FileDType;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.io.TensorData;

/**
 * {@code mbrl train task=pendulum obs=rgb} in-process: TD-MPC2 from 64×64 frames (3 stacked), with tiny
 * sizes (the cpu preset's latent 64 = 4 channels · 4 · 4, so the reference encoder without a projection),
 * 200 random steps, 200 pretraining updates, then one update per step on shifted frames; the replay
 * buffer is checkpointed as u8 frames, and the run resumes from its checkpoint.
 */
class CliTrainPixelsTest {
    @TempDir
    Path work;

    private String[] train(String... extra) {
        var args = new ArrayList<>(List.of("train", "device=cpu", "task=pendulum", "obs=rgb", "num_channels=4",
                "steps=300", "seed_steps=200", "eval_freq=300", "eval_episodes=1", "batch_size=4", "num_samples=16",
                "num_elites=4", "iterations=1", "planner_num_seed_policy_trajectories=2", "log_every=100",
                "work_dir=" + work));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void tdmpc2TrainsFromStackedFramesAndCheckpointsThemAsBytes() throws Exception {
        var r = CliHarness.run(train());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        String out = r.out();
        assertTrue(out.contains("derived from env pendulum (obs 36864, action 1):"), out);
        assertTrue(out.contains("conv 9→4 k7s2, 4→4 k5s2, 4→4 k3s2, 4→4 k3s1; 64 features (4·4·4) = latent_dim, then"
                + " SimNorm (the reference)"), out);
        assertTrue(out.contains("done: 300 agent steps (300 env steps), 299 updates"), out);
        Path buffer = work.resolve("pendulum/default/seed1/checkpoints/final.buffer.g1.safetensors");
        TensorData obs = SafeTensors.read(buffer).tensor("obs");
        assertEquals(FileDType.U8, obs.dtype(), "frames are stored as bytes");
        assertArrayEquals(new int[] {9, 64, 64}, java.util.Arrays.copyOfRange(obs.shape(), 1, 4));

        Path fin = work.resolve("pendulum/default/seed1/checkpoints/final.safetensors");
        var resumed = CliHarness.run("train", "checkpoint=" + fin, "steps=310");
        assertEquals(0, resumed.exitCode(), resumed.err() + resumed.out());
        assertTrue(resumed.out().contains("replay buffer: 1 episode (200 transitions) from "), resumed.out());
        assertTrue(resumed.out().contains("done: 310 agent steps (310 env steps), 309 updates"), resumed.out());
    }

    @Test
    void rgbForATaskWithoutARendererIsAUserErrorNamingTheTasksThatHaveOne() {
        var r = CliHarness.run(train("task=test-blink"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("obs=rgb: task test-blink has no frame renderer, so it has no rgb observations;"
                + " rgb works for pendulum, cartpole-swingup"), r.err());
    }
}
