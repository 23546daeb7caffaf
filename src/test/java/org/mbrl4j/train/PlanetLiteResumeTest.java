package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.LoadedConfig;

/**
 * PlaNet-lite resumes bit for bit: train with a checkpoint at step N = 400, resume to 2N (steps
 * 0..799), and every update after the checkpoint, the evaluation at step 600 and the final checkpoint
 * equal those of the uninterrupted run. A small planner and model keep it fast; the notebook's schedule shape (no
 * pretraining, a block of updates after every iteration) is kept.
 */
class PlanetLiteResumeTest {
    @TempDir
    Path work;

    private LoadedConfig config(String... extra) {
        var o = new ArrayList<>(List.of("algorithm=planet-lite", "device=cpu", "seed=5", "seed_steps=200",
                "steps=799", "checkpoint_every=400", "eval_freq=600", "eval_episodes=1", "log_every=50",
                "planet_lite.hidden_dim=16", "planet_lite.batch_size=4", "planet_lite.sequence_length=10",
                "planet_lite.iteration_steps=50", "planet_lite.updates_per_iteration=5", "planet_lite.horizon=3",
                "planet_lite.candidates=24", "planet_lite.elites=4", "planet_lite.iterations=2",
                "work_dir=" + work));
        o.addAll(List.of(extra));
        return Config.load(Optional.empty(), o);
    }

    @Test
    void aResumedRunContinuesBitForBit() throws Exception {
        ResumedRun r = ResumedRun.of(config());
        assertEquals(55, r.full().updates(), "5 updates after each of the 11 iterations ending at steps 250 to 750");
        assertEquals(400, r.checkpoint().trainer().step());
        assertEquals(40, r.fullUpdatesFromCheckpoint().size(),
                "the updates at steps 400 (after the checkpoint), 450, ..., 750");
        assertEquals(r.full().evals().getLast().mean(), r.resumed().evals().getLast().mean());
        r.assertContinuesBitForBit(List.of("trainer.step", "trainer.updates", "trainer.rng.buffer",
                "agent.rng.planner", "agent.optim.model.steps"));
    }
}
