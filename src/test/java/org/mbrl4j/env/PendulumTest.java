package org.mbrl4j.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.testing.TestRandom;

/**
 * Pendulum-v1 against the formulas of gymnasium/envs/classic_control/pendulum.py, evaluated here in
 * float64 with literal constants (not the class's fields or helpers).
 */
class PendulumTest {
    private final TestRandom rnd = new TestRandom();

    /** angle_normalize written as x − 2π·floor((x + π)/2π), a different route than the class's fmod. */
    private static double normalize(double x) {
        return x - 2 * Math.PI * Math.floor((x + Math.PI) / (2 * Math.PI));
    }

    @Test
    void dynamicsAndRewardMatchGymnasiumFormulasForSeveralSteps() {
        for (int trial = 0; trial < 50; trial++) {
            Pendulum env = new Pendulum();
            env.reset(rnd.nextLong());
            double th = rnd.uniform(-3 * Math.PI, 3 * Math.PI);
            double thdot = rnd.uniform(-8, 8);
            env.setState(th, thdot);
            for (int t = 0; t < 6; t++) {
                float a = (float) rnd.uniform(-1.5, 1.5); // some outside [-1, 1]: clipped
                double u = Math.max(-2.0, Math.min(2.0, 2.0 * Math.max(-1.0, Math.min(1.0, a))));
                double nth = normalize(th);
                double expectedReward = -(nth * nth + 0.1 * thdot * thdot + 0.001 * u * u);
                double newThdot = thdot + (3 * 10.0 / (2 * 1.0) * Math.sin(th) + 3.0 / (1.0 * 1.0) * u) * 0.05;
                newThdot = Math.max(-8.0, Math.min(8.0, newThdot));
                double newTh = th + newThdot * 0.05;

                Step s = env.step(new float[] {a});
                String ctx = "seed " + rnd.seed() + " trial " + trial + " step " + t + " th " + th + " thdot " + thdot
                        + " a " + a;
                assertEquals(expectedReward, s.reward(), 1e-9 * (1 + Math.abs(expectedReward)), ctx);
                double[] state = env.state();
                assertEquals(newTh, state[0], 1e-12, ctx);
                assertEquals(newThdot, state[1], 1e-12, ctx);
                assertEquals((float) Math.cos(newTh), TestObs.f32(s.observation())[0], 1e-7f, ctx);
                assertEquals((float) Math.sin(newTh), TestObs.f32(s.observation())[1], 1e-7f, ctx);
                assertEquals((float) newThdot, TestObs.f32(s.observation())[2], 1e-6f, ctx);
                assertFalse(s.terminated(), ctx);
                th = newTh;
                thdot = newThdot;
            }
        }
    }

    @Test
    void angleNormalizeFollowsPythonFlooredModulo() {
        assertEquals(-Math.PI, Pendulum.angleNormalize(Math.PI), 0.0, "angle_normalize(pi) = -pi in Python");
        assertEquals(-Math.PI, Pendulum.angleNormalize(-Math.PI), 0.0);
        assertEquals(0.0, Pendulum.angleNormalize(0.0), 0.0);
        for (int i = 0; i < 1000; i++) {
            double x = rnd.uniform(-50, 50);
            double y = Pendulum.angleNormalize(x);
            String ctx = "seed " + rnd.seed() + " x " + x;
            assertTrue(y >= -Math.PI && y < Math.PI, ctx + " -> " + y);
            double turns = (x - y) / (2 * Math.PI);
            assertEquals(Math.rint(turns), turns, 1e-9, ctx);
        }
    }

    @Test
    void rewardStaysInItsRangeAndIsZeroOnlyUprightAtRest() {
        double worst = -(Math.PI * Math.PI + 0.1 * 64 + 0.001 * 4); // -16.2736...
        Pendulum env = new Pendulum();
        double min = 0;
        for (int ep = 0; ep < 20; ep++) {
            env.reset(rnd.nextLong());
            for (int t = 0; t < 200; t++) {
                Step s = env.step(new float[] {(float) rnd.uniform(-1, 1)});
                assertTrue(s.reward() <= 0 && s.reward() >= worst, "seed " + rnd.seed() + " reward " + s.reward());
                min = Math.min(min, s.reward());
            }
        }
        assertTrue(min < -1, "random rollouts should hit clearly negative rewards, min " + min);
        env.reset(1);
        env.setState(0, 0);
        assertEquals(0.0, env.step(new float[] {0}).reward(), 0.0);
        env.setState(Math.PI, 8);
        assertEquals(worst, env.step(new float[] {1}).reward(), 1e-12, "pre-step cost at theta=pi, speed 8, u=2");
    }

    @Test
    void truncatesAtTwoHundredStepsAndNeverTerminates() {
        Pendulum env = new Pendulum();
        assertEquals(200, env.spec().maxEpisodeSteps());
        env.reset(rnd.nextLong());
        for (int t = 1; t <= 200; t++) {
            Step s = env.step(new float[] {(float) rnd.uniform(-1, 1)});
            assertFalse(s.terminated());
            assertEquals(t == 200, s.truncated(), "step " + t);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> env.step(new float[] {0}));
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
        env.reset(3);
        assertFalse(env.step(new float[] {0}).done(), "a reset starts a new episode");
    }

    @Test
    void stepBeforeResetIsAnError() {
        assertThrows(IllegalStateException.class, () -> new Pendulum().step(new float[] {0}));
    }

    @Test
    void resetIsDeterministicPerSeedAndWithinBounds() {
        Pendulum env = new Pendulum();
        double minTh = 0;
        double maxTh = 0;
        double sumThdot = 0;
        int n = 2000;
        for (int i = 0; i < n; i++) {
            long seed = rnd.nextLong();
            float[] obs = TestObs.f32(env.reset(seed));
            double[] st = env.state();
            String ctx = "seed " + seed;
            assertTrue(st[0] >= -Math.PI && st[0] <= Math.PI, ctx + " theta " + st[0]);
            assertTrue(st[1] >= -1 && st[1] <= 1, ctx + " thetadot " + st[1]);
            assertArrayEquals(new float[] {(float) Math.cos(st[0]), (float) Math.sin(st[0]), (float) st[1]}, obs, ctx);
            assertArrayEquals(obs, TestObs.f32(new Pendulum().reset(seed)),
                    ctx + ": same seed, same initial observation");
            minTh = Math.min(minTh, st[0]);
            maxTh = Math.max(maxTh, st[0]);
            sumThdot += st[1];
        }
        assertTrue(minTh < -3.0 && maxTh > 3.0,
                "theta ~ U[-pi, pi] should reach near both ends: " + minTh + ", " + maxTh);
        // mean of U[-1, 1] over n draws: std sqrt(1/3/n) ~ 0.013; 6 sigma
        assertEquals(0.0, sumThdot / n, 6 * Math.sqrt(1.0 / 3 / n), "seed " + rnd.seed());
        long seed = rnd.nextLong();
        float[] a = TestObs.f32(env.reset(seed));
        float[] b = TestObs.f32(env.reset(seed + 1));
        assertFalse(Arrays.equals(a, b), "different seeds should give different states");
    }

    @Test
    void sameSeedAndActionsGiveTheSameTrajectory() {
        long seed = rnd.nextLong();
        float[] actions = rnd.floats(200, -1, 1);
        Pendulum x = new Pendulum();
        Pendulum y = new Pendulum();
        assertEquals(x.reset(seed), y.reset(seed));
        for (float a : actions) {
            Step sx = x.step(new float[] {a});
            Step sy = y.step(new float[] {a});
            assertEquals(sx.observation(), sy.observation(), "seed " + seed);
            assertEquals(sx.reward(), sy.reward(), 0.0);
        }
    }
}
