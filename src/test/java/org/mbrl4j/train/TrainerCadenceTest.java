package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.io.SafeTensors;

/**
 * The reference loop's cadence (docs/tdmpc2.md#online-trainer), counted exactly on real runs: evaluations flagged
 * at step % eval_freq == 0 and run at the next episode boundary, seeding, the pretraining burst,
 * one update per step after it, checkpoints at episode boundaries.
 */
class TrainerCadenceTest {
    @TempDir
    Path work;

    @Test
    void seedingPretrainingUpdatesAndEvaluationsAreCountedExactly() throws Exception {
        var updatesPerStep = new TreeMap<Long, Integer>();
        var plannerCalls = new AtomicLong();
        var options = OnlineTrainer.Options.of(new PrintWriter(new StringWriter()), false)
                .withUpdateListener((step, metrics) -> updatesPerStep.merge(step, 1, Integer::sum))
                .withPlannerInfo(info -> {
                    plannerCalls.incrementAndGet();
                    return Map.of("planner/value_chosen", 1.5);
                });
        var run = TrainerFixture.train(TrainerFixture.config(work, "steps=600", "eval_episodes=2"), Optional.empty(),
                options).result();

        assertEquals(List.of(0L, 200L, 400L, 600L), run.evals().stream().map(EvalResult::step).toList());
        run.evals().forEach(e -> assertEquals(2, e.returns().length));
        assertEquals(200, updatesPerStep.get(200L), "seed_steps pretraining updates at step == seed_steps");
        assertEquals(200L, updatesPerStep.firstKey(), "no update before seed_steps");
        for (long s = 201; s < 600; s++) {
            assertEquals(1, updatesPerStep.get(s), "one update at step " + s);
        }
        assertEquals(600, updatesPerStep.lastKey() + 1, "steps=600 runs agent steps 0..599 exactly");
        assertEquals(599, run.updates());
        assertEquals(600, run.steps());
        assertEquals(3, run.episodes(), "episodes start at steps 0, 200, 400");
        // the agent acts after seeding only (steps 201..599), and in every eval step (3 evals and the final one,
        // each 2 x 200)
        assertEquals(399 + 4 * 2 * TrainerFixture.EPISODE, plannerCalls.get());

        List<String> planner = Files.readAllLines(run.dir().plannerJsonl());
        var records = planner.stream().map(l -> {
            try {
                return JsonlLog.JSON.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(List.of("eval:0:400", "eval:200:400", "train:300:100", "eval:400:400", "train:400:100",
                "train:500:100", "eval:600:400", "train:599:99"), records.stream()
                .map(r -> r.get("category").asText() + ":" + r.get("step").asLong() + ":" + r.get("acts").asLong())
                .toList());
        records.forEach(r -> assertEquals(1.5, r.get("planner/value_chosen").asDouble()));
    }

    @Test
    void evaluationFlagsWaitForTheEpisodeBoundaryAndMerge() throws Exception {
        // seed_steps above steps: random actions only, no updates; evals still act with the agent
        var every150 = TrainerFixture.train(TrainerFixture.config(work, "steps=600", "seed_steps=1000",
                "eval_freq=150", "exp_name=e150", "save_agent=false")).result();
        // flags at 0, 150, 300, 450, 600 run at boundaries 0, 200, 400, 600 (450 and 600 merge)
        assertEquals(List.of(0L, 200L, 400L, 600L), every150.evals().stream().map(EvalResult::step).toList());
        assertEquals(0, every150.updates());

        var every250 = TrainerFixture.train(TrainerFixture.config(work, "steps=600", "seed_steps=1000",
                "eval_freq=250", "exp_name=e250", "save_agent=false")).result();
        assertEquals(List.of(0L, 400L, 600L), every250.evals().stream().map(EvalResult::step).toList());
    }

    @Test
    void checkpointsAreTakenAtTheNextEpisodeBoundary() throws Exception {
        var run = TrainerFixture.train(TrainerFixture.config(work, "steps=600", "seed_steps=1000", "eval_freq=1000",
                "checkpoint_every=300", "save_agent=false"));
        assertTrue(run.console().contains("latest.safetensors (step 400, env step 400)"), run.console());
        assertTrue(run.console().contains("latest.safetensors (step 600, env step 600)"), run.console());
        assertFalse(Files.exists(run.result().dir().checkpoint(RunDirectory.FINAL)), "save_agent=false");
        assertEquals(600, Checkpoint.read(run.result().dir().checkpoint(RunDirectory.LATEST)).trainer().step());
    }

    @Test
    void envStepsCountActionRepeat() throws Exception {
        var run = TrainerFixture.train(TrainerFixture.config(work, "action_repeat=2", "steps=200", "seed_steps=1000",
                "eval_freq=100")).result();
        // Pendulum's 200 env steps are 100 agent steps at action_repeat 2
        assertEquals(List.of(0L, 100L, 200L), run.evals().stream().map(EvalResult::step).toList());
        assertEquals(List.of("step,episode_reward,episode_reward_std", "0", "200", "400"), Files.readAllLines(run.dir().evalCsv())
                .stream().map(l -> l.startsWith("step") ? l : l.split(",")[0]).toList());
        var ck = Checkpoint.read(run.dir().checkpoint(RunDirectory.FINAL));
        assertEquals(200, ck.trainer().step());
    }

    @Test
    void theSameSeedCollectsTheSameDataAndAnotherSeedOther() throws Exception {
        String[] random = {"steps=400", "seed_steps=1000", "eval_freq=1000"};
        Path a = TrainerFixture.train(TrainerFixture.config(work, with(random, "exp_name=a"))).result().dir()
                .checkpoint(RunDirectory.FINAL);
        Path b = TrainerFixture.train(TrainerFixture.config(work, with(random, "exp_name=b"))).result().dir()
                .checkpoint(RunDirectory.FINAL);
        Path c = TrainerFixture.train(TrainerFixture.config(work, with(random, "exp_name=c", "seed=2"))).result()
                .dir().checkpoint(RunDirectory.FINAL);
        EpisodeBuffer ba = BufferFile.read(BufferFile.of(Checkpoint.read(a)), 400, ObsSpec.vector(3), 1, 10_000);
        EpisodeBuffer bb = BufferFile.read(BufferFile.of(Checkpoint.read(b)), 400, ObsSpec.vector(3), 1, 10_000);
        EpisodeBuffer bc = BufferFile.read(BufferFile.of(Checkpoint.read(c)), 400, ObsSpec.vector(3), 1, 10_000);
        assertEquals(2, ba.episodes(), "episodes ending at steps 199 and 399 (the second is added at the end, step 400)");
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(ba.episode(i).obs().f32(), bb.episode(i).obs().f32());
            assertArrayEquals(ba.episode(i).action(), bb.episode(i).action());
            assertFalse(java.util.Arrays.equals(ba.episode(i).action(), bc.episode(i).action()), "seed 2 differs");
        }
        assertFalse(java.util.Arrays.equals(java.util.Arrays.copyOf(ba.episode(0).obs().f32(), 3),
                java.util.Arrays.copyOf(ba.episode(1).obs().f32(), 3)), "each episode has its own reset seed");
        assertEquals(SafeTensors.read(a).metadata().get("trainer.rng.seed_actions"),
                SafeTensors.read(b).metadata().get("trainer.rng.seed_actions"));
    }

    private static String[] with(String[] base, String... more) {
        var all = new java.util.ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
