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
 * PlaNet resumes bit for bit through the trainer: train from pixels with a checkpoint at step 200, resume to
 * step 400, and every update after the checkpoint, the evaluation at step 300 and the final checkpoint
 * (parameters, Adam moments, belief, stream counters) equal those of the uninterrupted run. A tiny RSSM
 * and CEM keep it fast; the schedule is PlaNet's (no pretraining, a block of updates after every episode).
 */
public class PlanetResumeTest {
    @TempDir
    Path work;

    public static List<String> tiny() {
        return List.of("algorithm=planet", "device=cpu", "task=pendulum", "obs=rgb", "frame_stack=1",
                "action_repeat=4", "planet.deter_size=8", "planet.stoch_size=4", "planet.hidden_size=8",
                "planet.cnn_depth=2", "planet.reward_units=8", "planet.reward_layers=1", "planet.batch_size=2",
                "planet.chunk_length=4", "planet.updates_per_episode=3", "planet.horizon=3", "planet.candidates=12",
                "planet.elites=3", "planet.iterations=2");
    }

    private LoadedConfig config(String... extra) {
        var o = new ArrayList<>(tiny());
        o.addAll(List.of("seed=5", "seed_steps=100", "steps=399", "checkpoint_every=200", "eval_freq=300",
                "eval_episodes=1", "log_every=50", "work_dir=" + work));
        o.addAll(List.of(extra));
        return Config.load(Optional.empty(), o);
    }

    @Test
    void aResumedRunContinuesBitForBit() throws Exception {
        ResumedRun r = ResumedRun.of(config());
        assertEquals(15, r.full().updates(), "3 updates after each episode of 50 steps, at steps 150, 200, ..., 350");
        assertEquals(200, r.checkpoint().trainer().step());
        assertEquals(12, r.fullUpdatesFromCheckpoint().size(),
                "the updates at steps 200 (after the checkpoint), 250, 300, 350");
        assertEquals(r.full().evals().getLast().mean(), r.resumed().evals().getLast().mean());
        r.assertContinuesBitForBit(List.of("trainer.step", "trainer.updates", "trainer.rng.buffer",
                "agent.rng.planner", "agent.rng.act", "agent.rng.update", "agent.optim.model.steps"));
    }
}
