package org.mbrl4j.env.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.EnvTask;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;

/** Every MuJoCo task: its spec, 1,000-step episodes, finite observations, rewards in [0, 1], determinism. */
class MujocoTasksTest {
    /** Task → (observation dim, action dim), from the task table (ecosystem-facts D.6). */
    private static final Map<String, int[]> DIMS = Map.ofEntries(
            Map.entry(CartpoleTask.BALANCE, new int[] {5, 1}),
            Map.entry(CartpoleTask.SWINGUP, new int[] {5, 1}),
            Map.entry(PendulumSwingupTask.NAME, new int[] {3, 1}),
            Map.entry(ReacherTask.EASY, new int[] {6, 2}),
            Map.entry(ReacherTask.HARD, new int[] {6, 2}),
            Map.entry(CheetahRunTask.NAME, new int[] {17, 6}),
            Map.entry(WalkerTask.STAND, new int[] {24, 6}),
            Map.entry(WalkerTask.WALK, new int[] {24, 6}),
            Map.entry(WalkerTask.RUN, new int[] {24, 6}),
            Map.entry(HopperTask.STAND, new int[] {15, 4}),
            Map.entry(HopperTask.HOP, new int[] {15, 4}),
            Map.entry(FingerSpinTask.NAME, new int[] {9, 2}),
            Map.entry(CupCatchTask.NAME, new int[] {8, 2}));

    @BeforeAll
    static void mujoco() {
        MujocoInstalled.require();
    }

    static List<String> tasks() {
        return new MujocoEnvProvider().tasks().stream().map(EnvTask::name).toList();
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void hasTheDocumentedSpecAndRunsThousandStepEpisodesWithFiniteObservationsAndRewardsInZeroOne(String task) {
        int[] dims = DIMS.get(task);
        Env env = Envs.make(task);
        assertEquals(task, env.spec().name());
        assertEquals(ObsSpec.vector(dims[0]), env.spec().observation(), task);
        assertEquals(dims[1], env.spec().actionDim(), task);
        assertEquals(1000, env.spec().maxEpisodeSteps(), task);
        Rng rng = new Rng(7, 1);
        assertFinite(task, env.reset(3));
        float[] action = new float[dims[1]];
        int steps = 0;
        Step s;
        do {
            rng.fillUniform(action, -1, 1);
            s = env.step(action);
            steps++;
            assertFinite(task, s.observation());
            assertTrue(s.reward() >= 0 && s.reward() <= 1, task + ": reward " + s.reward() + " at step " + steps);
            assertFalse(s.terminated(), task + " never terminates");
        } while (!s.done());
        assertEquals(1000, steps, task);
        assertTrue(s.truncated());
        assertThrows(IllegalStateException.class, () -> env.step(new float[dims[1]]), "no step after the time limit");
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void theSameSeedGivesTheSameEpisodeBitForBitAndAnotherSeedAnotherStart(String task) {
        int actionDim = DIMS.get(task)[1];
        List<Object> a = episode(Envs.make(task), 11, actionDim);
        List<Object> b = episode(Envs.make(task), 11, actionDim);
        assertEquals(a, b, task);
        Env env = Envs.make(task);
        assertNotEquals(env.reset(11), env.reset(12), task);
        assertEquals(a, episode(env, 11, actionDim), task + ": a reused env replays the episode too");
    }

    @ParameterizedTest
    @MethodSource("tasks")
    void actionRepeatSumsRewardsAndDividesTheTimeLimit(String task) {
        int actionDim = DIMS.get(task)[1];
        Env repeated = Envs.make(task, 2);
        assertEquals(500, repeated.spec().maxEpisodeSteps());
        Env single = Envs.make(task);
        assertEquals(single.reset(5), repeated.reset(5));
        float[] action = new float[actionDim];
        java.util.Arrays.fill(action, 0.5f);
        Step r = repeated.step(action);
        Step first = single.step(action);
        Step second = single.step(action);
        assertEquals(second.observation(), r.observation(), task);
        assertEquals(first.reward() + second.reward(), r.reward(), 0.0, task);
    }

    private static List<Object> episode(Env env, long seed, int actionDim) {
        List<Object> out = new ArrayList<>();
        out.add(env.reset(seed));
        Rng rng = new Rng(seed, 2);
        float[] action = new float[actionDim];
        for (int t = 0; t < 200; t++) {
            rng.fillUniform(action, -1, 1);
            Step s = env.step(action.clone());
            out.add(s.observation());
            out.add(s.reward());
        }
        return out;
    }

    private static void assertFinite(String task, Observation o) {
        float[] v = ((Observation.F32) o).values();
        for (int i = 0; i < v.length; i++) {
            assertTrue(Float.isFinite(v[i]), task + ": obs[" + i + "] = " + v[i]);
        }
    }
}
