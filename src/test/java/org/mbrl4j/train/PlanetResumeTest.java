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
 * PlaNet resumes bit for bit through the trainer: train from pixels with a checkpoint at step 200, resume to
 * step 400, and every update after the checkpoint, the evaluation at step 300 and the final checkpoint
 * (parameters, Adam moments, belief, stream counters) equal those of the uninterrupted run. A tiny RSSM
 * and CEM keep it fast; the schedule is PlaNet's (no pretraining, a block of updates after every episode).
 */
public class PlanetResumeTest {
    @TempDir
    Path work;

    record Update(long step, Map<String, Double> metrics) {}

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
        var out = new PrintWriter(new StringWriter());
        var full = new ArrayList<Update>();
        TrainResult a = TrainerFixture.train(config(), Optional.empty(), OnlineTrainer.Options.of(out, false)
                .withUpdateListener((s, m) -> full.add(new Update(s, m)))).result();
        assertEquals(15, a.updates(), "3 updates after each episode of 50 steps, at steps 150, 200, ..., 350");
        Path latest = a.dir().checkpoint(RunDirectory.LATEST);
        Checkpoint ck = Checkpoint.read(latest);
        assertEquals(200, ck.trainer().step());

        var resumed = new ArrayList<Update>();
        var again = CheckpointConfig.load(ck, List.of("exp_name=resumed", "checkpoint=" + latest));
        TrainResult b = TrainerFixture.train(again, Optional.of(ck), OnlineTrainer.Options.of(out, false)
                .withUpdateListener((s, m) -> resumed.add(new Update(s, m)))).result();
        List<Update> tail = full.stream().filter(u -> u.step() >= 200).toList();
        assertEquals(12, tail.size(), "the updates at steps 200 (after the checkpoint), 250, 300, 350");
        assertEquals(tail, resumed);
        assertEquals(a.evals().getLast().mean(), b.evals().getLast().mean());
        var ta = SafeTensors.read(a.checkpoint().orElseThrow()).tensors();
        var tb = SafeTensors.read(b.checkpoint().orElseThrow()).tensors();
        assertEquals(ta.keySet(), tb.keySet());
        ta.forEach((name, t) -> assertArrayEquals(t.floats(), tb.get(name).floats(), name));
        var ma = SafeTensors.read(a.checkpoint().orElseThrow()).metadata();
        var mb = SafeTensors.read(b.checkpoint().orElseThrow()).metadata();
        for (String key : List.of("trainer.step", "trainer.updates", "trainer.rng.buffer", "agent.rng.planner",
                "agent.rng.act", "agent.rng.update", "agent.optim.model.steps")) {
            assertEquals(ma.get(key), mb.get(key), key);
        }
    }
}
