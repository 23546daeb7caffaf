package org.mbrl4j.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.testing.TestRandom;

class EnvWrappersTest {
    private final TestRandom rnd = new TestRandom();

    /** Reward t+1 at step t, terminates at step {@code terminateAt} (1-based), limit {@code limit}. */
    private static final class ScriptedEnv implements Env {
        private final int terminateAt;
        private final EnvSpec spec;
        private int t;

        ScriptedEnv(int terminateAt, int limit) {
            this.terminateAt = terminateAt;
            this.spec = new EnvSpec("scripted", ObsSpec.vector(1), 1, limit);
        }

        @Override
        public EnvSpec spec() {
            return spec;
        }

        @Override
        public Observation reset(long seed) {
            t = 0;
            return new Observation.F32(new float[] {0});
        }

        @Override
        public Step step(float[] action) {
            t++;
            return new Step(new Observation.F32(new float[] {t}), t, t == terminateAt, t == spec.maxEpisodeSteps());
        }
    }

    @Test
    void actionRepeatSumsRewardsOfKInnerSteps() {
        int k = rnd.nextInt(2, 6);
        long seed = rnd.nextLong();
        Env repeated = new ActionRepeat(new Pendulum(), k);
        Pendulum twin = new Pendulum();
        assertEquals(twin.reset(seed), repeated.reset(seed));
        for (int step = 0; step < 10; step++) {
            float[] a = {(float) rnd.uniform(-1, 1)};
            double sum = 0;
            Step inner = null;
            for (int i = 0; i < k; i++) {
                inner = twin.step(a);
                sum += inner.reward();
            }
            Step s = repeated.step(a);
            assertEquals(sum, s.reward(), 1e-12, "seed " + seed + " k " + k);
            assertEquals(inner.observation(), s.observation());
        }
    }

    @Test
    void actionRepeatStopsEarlyAtTruncationAndScalesTheLimit() {
        Env repeated = new ActionRepeat(new Pendulum(), 3);
        assertEquals(67, repeated.spec().maxEpisodeSteps(), "ceil(200 / 3)");
        Pendulum twin = new Pendulum();
        long seed = rnd.nextLong();
        repeated.reset(seed);
        twin.reset(seed);
        float[] a = {0.3f};
        for (int step = 1; step <= 66; step++) {
            assertFalse(repeated.step(a).done(), "agent step " + step);
            for (int i = 0; i < 3; i++) {
                twin.step(a);
            }
        }
        double lastTwo = twin.step(a).reward() + twin.step(a).reward();
        Step last = repeated.step(a);
        assertTrue(last.truncated());
        assertEquals(lastTwo, last.reward(), 1e-12, "inner steps 199 and 200 only");
    }

    @Test
    void actionRepeatStopsEarlyAtTermination() {
        Env repeated = new ActionRepeat(new ScriptedEnv(6, 100), 4);
        repeated.reset(0);
        Step first = repeated.step(new float[] {0});
        assertEquals(1 + 2 + 3 + 4, first.reward(), 0.0);
        Step second = repeated.step(new float[] {0});
        assertTrue(second.terminated());
        assertEquals(5 + 6, second.reward(), 0.0, "stops after inner step 6 terminates");
        assertEquals(6f, TestObs.f32(second.observation())[0]);
    }

    @Test
    void timeLimitTruncatesAtNAndBlocksFurtherSteps() {
        int n = rnd.nextInt(1, 50);
        Env env = new TimeLimit(new Pendulum(), n);
        assertEquals(n, env.spec().maxEpisodeSteps());
        env.reset(rnd.nextLong());
        for (int t = 1; t <= n; t++) {
            Step s = env.step(new float[] {0});
            assertEquals(t == n, s.truncated(), "n " + n + " step " + t);
            assertFalse(s.terminated());
        }
        assertThrows(IllegalStateException.class, () -> env.step(new float[] {0}));
        env.reset(1);
        assertEquals(n == 1, env.step(new float[] {0}).done(), "reset restarts the count (n " + n + ")");
    }

    @Test
    void timeLimitAboveTheInnerLimitKeepsTheInnerOne() {
        Env env = new TimeLimit(new Pendulum(), 500);
        assertEquals(200, env.spec().maxEpisodeSteps());
        env.reset(rnd.nextLong());
        Step s = null;
        for (int t = 0; t < 200; t++) {
            s = env.step(new float[] {0});
        }
        assertTrue(s.truncated());
        assertThrows(IllegalStateException.class, () -> env.step(new float[] {0}));
    }

    @Test
    void timeLimitReportsBothFlagsWhenTerminationMeetsTheLimit() {
        Env env = new TimeLimit(new ScriptedEnv(3, 100), 3);
        env.reset(0);
        env.step(new float[] {0});
        env.step(new float[] {0});
        Step s = env.step(new float[] {0});
        assertTrue(s.terminated() && s.truncated());
        Env early = new TimeLimit(new ScriptedEnv(2, 100), 5);
        early.reset(0);
        early.step(new float[] {0});
        Step end = early.step(new float[] {0});
        assertTrue(end.terminated() && !end.truncated());
        assertThrows(IllegalStateException.class, () -> early.step(new float[] {0}));
    }

    @Test
    void wrappersRejectBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ActionRepeat(new Pendulum(), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TimeLimit(new Pendulum(), 0));
        assertTrue(e.getMessage().contains("pendulum"), e.getMessage());
    }
}
