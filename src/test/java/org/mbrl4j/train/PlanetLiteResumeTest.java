package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.io.SafeTensors;

/**
 * PlaNet-lite resumes bit for bit: train with a checkpoint at step N = 400, resume to 2N (steps
 * 0..799), and every update after the checkpoint, the evaluation at step 600 and the final checkpoint
 * equal those of the uninterrupted run. A small planner and model keep it fast; the notebook's schedule shape (no
 * pretraining, a block of updates after every iteration) is kept.
 */
class PlanetLiteResumeTest {
    @TempDir
    Path work;

    record Update(long step, Map<String, Double> metrics) {}

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
        var out = new PrintWriter(new StringWriter());
        var full = new ArrayList<Update>();
        TrainResult a = TrainerFixture.train(config(), Optional.empty(), OnlineTrainer.Options.of(out, false)
                .withUpdateListener((s, m) -> full.add(new Update(s, m)))).result();
        assertEquals(55, a.updates(), "5 updates after each of the 11 iterations ending at steps 250 to 750");
        Path latest = a.dir().checkpoint(RunDirectory.LATEST);
        Checkpoint ck = Checkpoint.read(latest);
        assertEquals(400, ck.trainer().step());

        var resumed = new ArrayList<Update>();
        var again = CheckpointConfig.load(ck, List.of("exp_name=resumed", "checkpoint=" + latest));
        TrainResult b = TrainerFixture.train(again, Optional.of(ck), OnlineTrainer.Options.of(out, false)
                .withUpdateListener((s, m) -> resumed.add(new Update(s, m)))).result();
        List<Update> tail = full.stream().filter(u -> u.step() >= 400).toList();
        assertEquals(40, tail.size(), "the updates at steps 400 (after the checkpoint), 450, ..., 750");
        assertEquals(tail, resumed);
        assertEquals(a.evals().getLast().mean(), b.evals().getLast().mean());
        var ta = SafeTensors.read(a.checkpoint().orElseThrow()).tensors();
        var tb = SafeTensors.read(b.checkpoint().orElseThrow()).tensors();
        assertEquals(ta.keySet(), tb.keySet());
        ta.forEach((name, t) -> assertArrayEquals(t.floats(), tb.get(name).floats(), name));
        var ma = SafeTensors.read(a.checkpoint().orElseThrow()).metadata();
        var mb = SafeTensors.read(b.checkpoint().orElseThrow()).metadata();
        for (String key : List.of("trainer.step", "trainer.updates", "trainer.rng.buffer", "agent.rng.planner",
                "agent.optim.model.steps")) {
            assertEquals(ma.get(key), mb.get(key), key);
        }
    }
}
