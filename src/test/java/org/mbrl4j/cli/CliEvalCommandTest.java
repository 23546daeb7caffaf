package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mbrl eval} on a checkpoint written by {@code mbrl train}. */
class CliEvalCommandTest {
    @TempDir
    static Path work;
    static Path checkpoint;

    @BeforeAll
    static void trainBriefly() {
        var r = CliHarness.run("train", "steps=1", "seed_steps=200", "eval_freq=1000", "eval_episodes=1",
                "device=cpu", "work_dir=" + work, "exp_name=evalme", "num_samples=16", "num_elites=4",
                "iterations=1", "planner_num_seed_policy_trajectories=2");
        assertEquals(0, r.exitCode(), r.err());
        checkpoint = work.resolve("pendulum/evalme/seed1/checkpoints/final.safetensors");
    }

    @Test
    void printsEachReturnAndTheirMeanAndStd() {
        var r = CliHarness.run("eval", checkpoint.toString(), "episodes=3");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("checkpoint: " + checkpoint + " (pendulum, step 1, env step 1, git "), r.out());
        var m = Pattern.compile("episode (\\d): return (-?[0-9.]+)").matcher(r.out());
        double[] returns = new double[3];
        int n = 0;
        while (m.find()) {
            assertEquals(n + 1, Integer.parseInt(m.group(1)));
            returns[n++] = Double.parseDouble(m.group(2));
        }
        assertEquals(3, n, r.out());
        double mean = Arrays.stream(returns).average().orElseThrow();
        var summary = Pattern.compile("return: (-?[0-9.]+) \u00b1 ([0-9.]+) over 3 episodes").matcher(r.out());
        assertTrue(summary.find(), r.out());
        assertEquals(mean, Double.parseDouble(summary.group(1)), 0.011);
        assertTrue(Arrays.stream(returns).allMatch(x -> x < 0 && x > -2000), Arrays.toString(returns));

        var fromConfig = CliHarness.run("eval", checkpoint.toString(), "eval_episodes=2");
        assertEquals(0, fromConfig.exitCode(), fromConfig.err());
        assertTrue(fromConfig.out().contains("over 2 episodes"), fromConfig.out());
        // the evaluation's own streams, seeded by the checkpoint's step and the episode: on the CPU episodes
        // run one at a time, so episode 1 is the same whatever the count
        assertTrue(fromConfig.out().contains(String.format(java.util.Locale.ROOT, "episode 1: return %.2f",
                returns[0])), "episode 1 matches\n" + fromConfig.out());
        var again = CliHarness.run("eval", checkpoint.toString(), "episodes=3");
        assertEquals(r.out(), again.out());
    }

    @Test
    void badArgumentsAndCheckpointsExitWith2() throws Exception {
        var arch = CliHarness.run("eval", checkpoint.toString(), "action_repeat=2");
        assertEquals(Main.EXIT_USAGE, arch.exitCode());
        assertTrue(arch.err().contains("action_repeat=1 in the checkpoint, 2 now"), arch.err());

        var zero = CliHarness.run("eval", checkpoint.toString(), "episodes=0");
        assertEquals(Main.EXIT_USAGE, zero.exitCode());
        assertTrue(zero.err().contains("episodes=0: must be an integer >= 1"), zero.err());

        var word = CliHarness.run("eval", checkpoint.toString(), "fast");
        assertEquals(Main.EXIT_USAGE, word.exitCode());
        assertTrue(word.err().contains("'fast' is not an override: write key=value (or episodes=N)"), word.err());

        Path garbage = work.resolve("garbage.safetensors");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        var corrupt = CliHarness.run("eval", garbage.toString());
        assertEquals(Main.EXIT_USAGE, corrupt.exitCode());
        assertTrue(corrupt.err().contains(garbage + ": header length"), corrupt.err());

        var missing = CliHarness.run("eval", work.resolve("nope.safetensors").toString());
        assertEquals(Main.EXIT_USAGE, missing.exitCode());
        assertTrue(missing.err().contains("nope.safetensors: file not found"), missing.err());
        for (var r : List.of(arch, zero, word, corrupt, missing)) {
            assertFalse(r.err().contains("\tat "), "no stack trace for user errors:\n" + r.err());
        }
    }

    /** video=true writes the GIF of episode 1: by default into the run's videos/, or into video_dir. */
    @Test
    void videoTrueWritesTheGifOfEpisodeOne() throws Exception {
        var r = CliHarness.run("eval", checkpoint.toString(), "episodes=1", "video=true");
        assertEquals(0, r.exitCode(), r.err());
        Path gif = work.resolve("pendulum/evalme/seed1/videos/eval_1_final.gif").toAbsolutePath();
        assertTrue(r.out().contains("video: " + gif + " (episode 1, 201 frames, 50 ms each)"), r.out());
        assertTrue(Files.size(gif) > 0);
        Path elsewhere = work.resolve("clips");
        var d = CliHarness.run("eval", checkpoint.toString(), "episodes=1", "video=true", "video_dir=" + elsewhere);
        assertEquals(0, d.exitCode(), d.err());
        assertArrayEquals(Files.readAllBytes(gif), Files.readAllBytes(elsewhere.resolve("eval_1_final.gif")),
                "the same episode, the same GIF");

        var lonely = CliHarness.run("eval", checkpoint.toString(), "video_dir=" + elsewhere);
        assertEquals(Main.EXIT_USAGE, lonely.exitCode());
        assertTrue(lonely.err().contains("without video=true"), lonely.err());
        var maybe = CliHarness.run("eval", checkpoint.toString(), "video=maybe");
        assertEquals(Main.EXIT_USAGE, maybe.exitCode());
        assertTrue(maybe.err().contains("video=maybe: must be true or false"), maybe.err());
    }

    /** video_size: the software renderer of pendulum draws 64x64 frames only; any other size is refused by name. */
    @Test
    void videoSizeOtherThan64IsRefusedForPendulum() {
        var big = CliHarness.run("eval", checkpoint.toString(), "episodes=1", "video=true", "video_size=128");
        assertEquals(Main.EXIT_USAGE, big.exitCode(), big.err() + big.out());
        assertTrue(big.err().contains("video=true: video_size=128: the software renderer of pendulum draws only 64x64"
                + " frames; set video_size=64 (the MuJoCo tasks, dmc-*, render any size)"), big.err());
        var lonely = CliHarness.run("eval", checkpoint.toString(), "video_size=64");
        assertEquals(Main.EXIT_USAGE, lonely.exitCode());
        assertTrue(lonely.err().contains("video_size=64 without video=true"), lonely.err());
        var bad = CliHarness.run("eval", checkpoint.toString(), "video=true", "video_size=big");
        assertEquals(Main.EXIT_USAGE, bad.exitCode());
        assertTrue(bad.err().contains("video_size=big: must be an integer >= 1"), bad.err());
    }

    /** figure=true on an agent that draws no evaluation figure (TD-MPC2) is an error naming the key. */
    @Test
    void figureTrueOnTdmpc2IsAnErrorNamingTheKey() {
        var r = CliHarness.run("eval", checkpoint.toString(), "episodes=1", "figure=true");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.err() + r.out());
        assertTrue(r.err().contains("figure=true: the tdmpc2 agent of pendulum draws no evaluation figure"), r.err());
        assertFalse(r.out().contains("episode 1: return"), "refused before evaluating\n" + r.out());
    }

    /** Suggestions come from the keys eval accepts: its own episodes=N besides the config keys. */
    @Test
    void aMistypedEpisodesIsSuggestedAsEpisodes() {
        var r = CliHarness.run("eval", checkpoint.toString(), "episode=3");
        assertEquals(Main.EXIT_USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains("unknown key 'episode' (did you mean 'episodes'?) [command line]"), r.err());
        var config = CliHarness.run("eval", checkpoint.toString(), "bach_size=3");
        assertTrue(config.err().contains("unknown key 'bach_size' (did you mean 'batch_size'?)"), config.err());
    }
}
