package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.train.PlanetResumeTest;

/**
 * {@code mbrl train algorithm=planet task=pendulum obs=rgb frame_stack=1} in-process at a tiny size: 2
 * random episodes, PlaNet's updates after every episode, evaluations; then {@code mbrl eval} on the final
 * checkpoint, and the config errors that name their key.
 */
class CliTrainPlanetTest {
    @TempDir
    Path work;

    private String[] train(String... extra) {
        var args = new ArrayList<>(List.of("train"));
        args.addAll(PlanetResumeTest.tiny());
        args.addAll(List.of("steps=200", "seed_steps=100", "eval_freq=100", "eval_episodes=1", "log_every=50",
                "work_dir=" + work));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void planetTrainsFromFramesEvaluatesAndItsCheckpointEvaluates() throws Exception {
        var r = CliHarness.run(train());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        String out = r.out();
        assertTrue(out.contains("update schedule  3 updates after every 50 steps (one episode) from seed_steps=100"
                + " (no pretraining)"), out);
        assertTrue(out.contains("done: 200 agent steps (800 env steps), 3 updates, 3 evaluations"), out);
        Path dir = work.resolve("pendulum/default/seed1");
        String csv = Files.readString(dir.resolve("train.csv"));
        assertTrue(csv.startsWith("step,env_step,updates,model_loss,image_loss,reward_loss,kl_loss,kl,grad_norm"), csv);

        var e = CliHarness.run("eval", dir.resolve("checkpoints/final.safetensors").toString(), "episodes=1");
        assertEquals(0, e.exitCode(), e.err() + e.out());
    }

    @Test
    void stackedFramesAreAConfigErrorNamingFrameStack() {
        var r = CliHarness.run(train("frame_stack=3"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("frame_stack=3: planet takes one 3x64x64 frame per observation"), r.err());
    }

    @Test
    void stateObservationsAreAConfigErrorNamingObs() {
        var r = CliHarness.run(train("obs=state"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("obs=state: planet learns from pixels"), r.err());
    }

    @Test
    void aChunkLongerThanAnEpisodeIsAConfigErrorNamingTheKey() {
        var r = CliHarness.run(train("planet.chunk_length=60"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("planet.chunk_length=60: must be <= the episode length 50"), r.err());
    }

    @Test
    void elitesAboveCandidatesIsAConfigErrorNamingBothKeys() {
        var r = CliHarness.run(train("planet.elites=13"));
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("planet.elites=13"), r.err());
        assertTrue(r.err().contains("planet.candidates"), r.err());
    }
}
