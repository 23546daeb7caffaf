package org.mbrl4j.env.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.cli.Main;

/** {@code mbrl train task=dmc-cartpole-swingup steps=300} in-process, end to end (small planner and one evaluation). */
class MujocoTrainCliTest {
    @TempDir
    Path work;

    @BeforeAll
    static void mujoco() {
        MujocoInstalled.require();
    }

    @Test
    void trainsTdmpc2OnTheMujocoCartpoleSwingup() throws Exception {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute("train", "task=" + CartpoleTask.SWINGUP, "steps=300", "action_repeat=2", "device=cpu",
                "eval_freq=1000", "eval_episodes=1", "batch_size=16", "num_samples=16", "num_elites=4", "iterations=1",
                "planner_num_seed_policy_trajectories=2", "work_dir=" + work);
        String o = out.toString();
        assertEquals(0, code, err + o);
        assertTrue(o.contains("derived from env dmc-cartpole-swingup (obs 5, action 1):"), o);
        assertTrue(o.contains("eval  step 0 (env step 0): return "), o);
        assertTrue(o.contains("done: 300 agent steps (600 env steps)"), o);
        Path run = work.resolve("dmc-cartpole-swingup/default/seed1");
        assertTrue(Files.exists(run.resolve("checkpoints/final.safetensors")), "final checkpoint in " + run);
    }

    @Test
    void trainsOnFramesOfTheMujocoCartpoleWithObsRgb() {
        var out = new StringWriter();
        var err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute("train", "task=" + CartpoleTask.SWINGUP, "obs=rgb", "steps=60", "action_repeat=8",
                "seed_steps=0", "device=cpu", "eval_freq=1000", "eval_episodes=1", "batch_size=4", "num_samples=8",
                "num_elites=2", "iterations=1", "planner_num_seed_policy_trajectories=2", "work_dir=" + work);
        String o = out.toString();
        assertEquals(0, code, err + o);
        assertTrue(o.contains("derived from env dmc-cartpole-swingup (obs 36864, action 1):"), o);
        assertTrue(o.contains("pixel_encoder    conv 9→32"), o);
        assertTrue(o.contains("done: 60 agent steps (480 env steps)"), o);
    }
}
