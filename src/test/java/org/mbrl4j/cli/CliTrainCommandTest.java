package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.backend.cuda.CudaDriverProbe;

/** {@code mbrl train} in-process: a short run, a resume, and every user error with exit code 2. */
class CliTrainCommandTest {
    @TempDir
    Path work;

    /** A short Pendulum run: 200 random steps, then learning with a one-iteration planner. */
    private String[] train(String... extra) {
        var args = new ArrayList<>(List.of("train", "device=cpu", "steps=300", "seed_steps=200", "eval_freq=100", "eval_episodes=1",
                "batch_size=16", "num_samples=16", "num_elites=4", "iterations=1",
                "planner_num_seed_policy_trajectories=2", "log_every=100", "work_dir=" + work));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void trainsWithTheCpuPresetThenResumesFromTheFinalCheckpoint() throws Exception {
        var r = CliHarness.run(train());
        assertEquals(0, r.exitCode(), r.err() + r.out());
        String out = r.out();
        assertTrue(out.startsWith("device=cpu: using cpu"), out);
        assertTrue(out.contains("model_size: not set, and training runs on the CPU backend: the 'cpu' preset sets"
                + " num_enc_layers, enc_dim, mlp_dim, latent_dim, num_q"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\| model_size +\\| null +\\| default +\\|")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\| latent_dim +\\| 64 +\\| preset +\\|")), out);
        assertTrue(out.contains("derived from env pendulum (obs 3, action 1):"), out);
        assertTrue(out.contains("  seed_steps       200\n"), out);
        assertTrue(out.contains("parameters: encoder 4672, dynamics 33856, reward 38501, pi 25602, q 77002; total"
                + " 179633"), out);
        assertTrue(out.contains("eval  step 0 (env step 0): return "), out);
        assertTrue(out.contains("done: 300 agent steps (300 env steps), 299 updates, 3 evaluations in "), out);
        Path run = work.resolve("pendulum/default/seed1");
        for (String f : List.of("config.yaml", "eval.csv", "train.csv", "eval.png", "checkpoints/final.safetensors",
                "checkpoints/final.buffer.g1.safetensors")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }

        Path fin = run.resolve("checkpoints/final.safetensors");
        var resumed = CliHarness.run("train", "checkpoint=" + fin, "steps=400");
        assertEquals(0, resumed.exitCode(), resumed.err() + resumed.out());
        assertTrue(resumed.out().startsWith("config: from checkpoint " + fin), resumed.out());
        assertTrue(resumed.out().contains("  changed: steps: 300 -> 400"), resumed.out());
        assertTrue(resumed.out().contains("  changed: checkpoint: null -> " + fin), resumed.out());
        assertFalse(resumed.out().contains("model_size: not set"), "the checkpoint's model size is kept");
        assertTrue(resumed.out().contains("resuming from " + fin + " at step 300"), resumed.out());
        assertTrue(resumed.out().contains("replay buffer: 1 episode (200 transitions) from "), resumed.out());
        // the final evaluation at 300 ran before the final checkpoint; the resumed run's own final one is at 400
        assertFalse(resumed.out().contains("eval  step 300 (env step 300)"), resumed.out());
        assertTrue(resumed.out().contains("eval  step 400 (env step 400)"), resumed.out());
        assertTrue(resumed.out().contains("done: 400 agent steps (400 env steps), 399 updates"), resumed.out());
        assertEquals(List.of("0", "200", "300", "400"), Files.readAllLines(run.resolve("eval.csv")).stream().skip(1)
                .map(l -> l.split(",")[0]).toList());

        var again = CliHarness.run(train());
        assertEquals(Main.EXIT_USAGE, again.exitCode());
        assertTrue(again.err().contains("already holds the files of an earlier run"), again.err());
        assertFalse(again.err().contains("\tat "), again.err());

        var arch = CliHarness.run("train", "checkpoint=" + fin, "num_bins=51");
        assertEquals(Main.EXIT_USAGE, arch.exitCode());
        assertTrue(arch.err().contains("was trained with another architecture; num_bins=101 in the checkpoint, 51 now"),
                arch.err());
    }

    @Test
    void withoutACudaDeviceDeviceCudaIsAUserError() {
        assumeFalse(CudaDriverProbe.probe().available(), "a CUDA device is present: device=cuda would train");
        var cuda = CliHarness.run(train("device=cuda"));
        assertEquals(Main.EXIT_USAGE, cuda.exitCode());
        assertTrue(cuda.err().startsWith("mbrl train: device=cuda: the CUDA backend cannot start: "), cuda.err());
        assertTrue(cuda.err().contains("device=cpu"), "says how to run anyway: " + cuda.err());
        assertFalse(cuda.err().contains("\tat "), cuda.err());
    }

    @Test
    void userErrorsExitWith2AndAMessage() throws Exception {

        Path yaml = work.resolve("run.yaml");
        Files.writeString(yaml, "steps: 10\n");
        var both = CliHarness.run("train", yaml.toString(), "checkpoint=" + work.resolve("x.safetensors"));
        assertEquals(Main.EXIT_USAGE, both.exitCode());
        assertTrue(both.err().contains("a config file and checkpoint=... cannot be combined"), both.err());

        Path missing = work.resolve("missing.safetensors");
        var none = CliHarness.run("train", "checkpoint=" + missing);
        assertEquals(Main.EXIT_USAGE, none.exitCode());
        assertTrue(none.err().contains("checkpoint " + missing + ": file not found"), none.err());

        var task = CliHarness.run(train("task=nope"));
        assertEquals(Main.EXIT_USAGE, task.exitCode());
        assertTrue(task.err().contains("task=nope: unknown task 'nope'; known tasks: cartpole-swingup, "),
                task.err());

        var seed = CliHarness.run(train("seed_steps=100"));
        assertEquals(Main.EXIT_USAGE, seed.exitCode());
        assertTrue(seed.err().contains("seed_steps=100: must be 0 (derive) or >= the episode length 200"), seed.err());

        var algorithm = CliHarness.run("train", "algorithm=nope");
        assertEquals(Main.EXIT_USAGE, algorithm.exitCode());
        assertTrue(algorithm.err().contains("algorithm=nope: expected one of tdmpc2"), algorithm.err());
        var rgb = CliHarness.run("train", "obs=rgb", "task=test-blink");
        assertEquals(Main.EXIT_USAGE, rgb.exitCode());
        assertTrue(rgb.err().contains("obs=rgb: task test-blink has no frame renderer"), rgb.err());
        var piTrajs = CliHarness.run("train", "num_pi_trajs=4");
        assertEquals(Main.EXIT_USAGE, piTrajs.exitCode());
        assertTrue(piTrajs.err().contains("num_pi_trajs=4: removed;")
                && piTrajs.err().contains("planner_num_seed_policy_trajectories"), piTrajs.err());
        var temperature = CliHarness.run("train", "temperature=0.5");
        assertEquals(Main.EXIT_USAGE, temperature.exitCode());
        assertTrue(temperature.err().contains("temperature=0.5: removed;")
                && temperature.err().contains("planner_temperature_train=2.0"), temperature.err());
        for (var r : List.of(both, none, task, seed, algorithm, rgb, piTrajs, temperature)) {
            assertFalse(r.err().contains("\tat "), "no stack trace for user errors:\n" + r.err());
        }
    }
}
