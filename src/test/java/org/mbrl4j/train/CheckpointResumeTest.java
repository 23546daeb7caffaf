package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.env.Observation;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.rng.Rng;

/**
 * Resuming from a checkpoint continues bit for bit; a restored agent acts and learns bit for bit; the
 * logs of a "crashed" run are cut back to its checkpoint.
 */
class CheckpointResumeTest {
    @TempDir
    Path work;

    record Update(long step, Map<String, Double> metrics) {}

    @Test
    void aResumedRunContinuesBitForBit() throws Exception {
        var out = new PrintWriter(new StringWriter());
        var config = TrainerFixture.config(work, "steps=500", "checkpoint_every=400", "batch_size=8");
        var full = new ArrayList<Update>();
        TrainResult a = TrainerFixture.train(config, Optional.empty(), OnlineTrainer.Options.of(out, false)
                .withUpdateListener((s, m) -> full.add(new Update(s, m)))).result();
        Path latest = a.dir().checkpoint(RunDirectory.LATEST);
        Checkpoint ck = Checkpoint.read(latest);
        assertEquals(400, ck.trainer().step());

        var resumed = new ArrayList<Update>();
        var again = CheckpointConfig.load(ck, List.of("exp_name=resumed", "checkpoint=" + latest));
        TrainResult b = TrainerFixture.train(again, Optional.of(ck), OnlineTrainer.Options.of(out, false)
                .withUpdateListener((s, m) -> resumed.add(new Update(s, m)))).result();
        List<Update> tail = full.stream().filter(u -> u.step() >= 400).toList();
        assertEquals(100, tail.size());
        assertEquals(100, resumed.size());
        for (int i = 0; i < tail.size(); i++) {
            assertEquals(tail.get(i), resumed.get(i), "update " + i + " after the checkpoint" + leakHint(tail.get(i),
                    resumed.get(i)));
        }
        Path fa = a.checkpoint().orElseThrow();
        Path fb = b.checkpoint().orElseThrow();
        var ta = SafeTensors.read(fa).tensors();
        var tb = SafeTensors.read(fb).tensors();
        assertEquals(ta.keySet(), tb.keySet());
        ta.forEach((name, t) -> assertArrayEquals(t.floats(), tb.get(name).floats(), name));
        var ma = SafeTensors.read(fa).metadata();
        var mb = SafeTensors.read(fb).metadata();
        for (String key : List.of("trainer.step", "trainer.updates", "trainer.episodes_started",
                "trainer.rng.seed_actions", "trainer.rng.buffer", "agent.running_scale", "agent.rng.act",
                "agent.rng.update", "agent.optim.world.steps")) {
            assertEquals(ma.get(key), mb.get(key), key);
        }
    }

    @Test
    void aRestoredAgentActsAndLearnsBitForBit() throws Exception {
        var config = TrainerFixture.config(work, "steps=300", "batch_size=8", "save_agent=false");
        try (var backend = new CpuBackend(); var trainer = new OnlineTrainer(config, backend, Optional.empty(),
                OnlineTrainer.Options.of(new PrintWriter(new StringWriter()), false))) {
            trainer.run();
            Agent x = trainer.agent();
            Path file = work.resolve("roundtrip.safetensors");
            new Checkpoint(file, ConfigYaml.render(config.config(), "t"), "tdmpc2", "pendulum", 3, 1,
                    TrainerState.initial(), x.state(), "test", java.util.Optional.empty()).write(1);
            try (var y = Agents.create(backend, trainer.spec(), config.config())) {
                Checkpoint.read(file).restoreInto(y, trainer.spec());
                var obs = new Observation.F32(new float[] {0.3f, -0.9f, 1.7f});
                for (int i = 0; i < 6; i++) {
                    ActMode mode = i % 2 == 0 ? ActMode.TRAIN : ActMode.EVAL;
                    assertArrayEquals(x.act(obs, mode, 1000 + i), y.act(obs, mode, 1000 + i), "act " + i + " " + mode);
                }
                EpisodeBuffer data = randomEpisode();
                Map<String, Double> mx = x.update(data.sample(8, 3, new Rng(7, 7)));
                Map<String, Double> my = y.update(data.sample(8, 3, new Rng(7, 7)));
                assertEquals(mx, my, "the first update after the restore" + leakHint(new Update(0, mx),
                        new Update(0, my)));
                assertArrayEquals(x.act(obs, ActMode.TRAIN, 2000), y.act(obs, ActMode.TRAIN, 2000), "after the update");
            }
        }
    }

    /**
     * Equal losses with another grad_norm mean the gradient depends on more than the saved state:
     * gradients from earlier updates leak into this one, while a restored agent starts from zero.
     */
    private static String leakHint(Update x, Update y) {
        boolean sameLoss = Objects.equals(x.metrics().get("total_loss"), y.metrics().get("total_loss"));
        boolean otherNorm = !Objects.equals(x.metrics().get("grad_norm"), y.metrics().get("grad_norm"));
        return sameLoss && otherNorm ? " (equal losses but another grad_norm: stale gradients of earlier updates"
                + " reach this one; check that no gradient survives an update, e.g. a second backward over the whole"
                + " tape after worldOptim.zeroGrad())" : "";
    }

    private static EpisodeBuffer randomEpisode() {
        var rng = new Rng(3, 3);
        var b = new EpisodeBuffer(ObsSpec.vector(3), 1, 1000);
        var builder = new EpisodeBuilder(ObsSpec.vector(3), 1);
        builder.start(new Observation.F32(new float[] {1, 0, 0}));
        for (int t = 0; t < 50; t++) {
            builder.add(new float[] {rng.uniform(-1, 1)}, rng.normal(), false,
                    new Observation.F32(new float[] {rng.normal(), rng.normal(), rng.normal()}));
        }
        b.add(builder.build());
        return b;
    }

    /**
     * A run that "crashed" after its checkpoint at step 400 (its logs go on to 600) resumes into the
     * same directory: the rows after the checkpoint are dropped and written again, none twice.
     */
    @Test
    void resumingIntoTheSameDirectoryCutsTheLogsBackToTheCheckpoint() throws Exception {
        var config = TrainerFixture.config(work, "steps=500", "checkpoint_every=400");
        var first = TrainerFixture.train(config).result();
        Path latest = first.dir().checkpoint(RunDirectory.LATEST);
        var ck = Checkpoint.read(latest);
        assertEquals(400, ck.trainer().step());
        assertEquals(2, ck.trainer().episodesStarted(), "episodes 0 and 1 ran; episode 2 starts after the checkpoint");

        var resumedConfig = CheckpointConfig.load(ck, List.of("checkpoint=" + latest));
        var second = TrainerFixture.train(resumedConfig, Optional.of(ck));
        assertTrue(second.console().contains("resume: dropped "), second.console());
        assertTrue(second.console().contains("replay buffer: 2 episodes (400 transitions) from "), second.console());
        assertEquals(List.of(500L), second.result().evals().stream().map(EvalResult::step).toList(),
                "the eval at 400 ran before the checkpoint; the final one at 500 after it");
        assertEquals(first.updates(), second.result().updates());

        assertEquals(List.of("0", "200", "400", "500"), firstColumn(first.dir().evalCsv()));
        assertEquals(List.of("200", "300", "400", "499"), firstColumn(first.dir().trainCsv()));
        var trainRows = Files.readAllLines(first.dir().trainCsv());
        assertEquals(first.dir().trainCsv().toString(), second.result().dir().trainCsv().toString());
        for (String timing : List.of("elapsed_s", "cpu_s")) {
            double at300 = cell(trainRows, 2, timing), at400 = cell(trainRows, 3, timing);
            assertTrue(at300 > 0 && at400 >= at300, timing + " continues across the resume: " + trainRows);
        }
    }

    @Test
    void withoutItsBufferFileAResumedRunRefillsBeforeUpdating() throws Exception {
        // the first run only collects (seed_steps above steps); the resumed one may learn from step 200
        var config = TrainerFixture.config(work, "steps=400", "seed_steps=1000", "checkpoint_every=200",
                "eval_freq=1000");
        var first = TrainerFixture.train(config).result();
        Path latest = first.dir().checkpoint(RunDirectory.LATEST);
        Files.delete(BufferFile.of(Checkpoint.read(latest)));
        var ck = Checkpoint.read(latest);
        assertEquals(400, ck.trainer().step());
        var updatesAt = new ArrayList<Long>();
        var longer = CheckpointConfig.load(ck, List.of("checkpoint=" + latest, "steps=700", "seed_steps=200",
                "exp_name=longer"));
        var text = new java.io.StringWriter();
        var result = TrainerFixture.train(longer, Optional.of(ck), OnlineTrainer.Options.of(
                new java.io.PrintWriter(text), false).withUpdateListener((s, m) -> updatesAt.add(s))).result();
        assertTrue(text.toString().contains("warning: no replay buffer file"), text.toString());
        // the 200-step refill episode starts at 400 and is added at 600; updates resume there
        assertEquals(600L, updatesAt.getFirst());
        assertEquals(100, updatesAt.size());
        assertEquals(0, ck.trainer().updates());
        assertEquals(100, result.updates());
    }

    private static List<String> firstColumn(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")[0]).toList();
    }

    /** The value in column {@code name} of data row {@code row} (1-based after the header). */
    private static double cell(List<String> rows, int row, String name) {
        int c = List.of(rows.get(0).split(",")).indexOf(name);
        assertTrue(c >= 0, name + " in " + rows.get(0));
        return Double.parseDouble(rows.get(row).split(",", -1)[c]);
    }
}
