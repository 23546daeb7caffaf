package org.mbrl4j.env;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.testing.TestRandom;

/** The registry and the action checks shared by every env. */
class EnvRegistryTest {
    private final TestRandom rnd = new TestRandom();

    @Test
    void makesRegisteredEnvsWithTheirSpecs() {
        Env p = Envs.make("pendulum");
        assertInstanceOf(Pendulum.class, p);
        assertEquals(new EnvSpec("pendulum", 3, 1, 200), p.spec());
        Env c = Envs.make("cartpole-swingup", 2);
        assertInstanceOf(ActionRepeat.class, c);
        assertEquals(new EnvSpec("cartpole-swingup", 5, 1, 500), c.spec(), "1000 control steps / repeat 2");
        assertArrayEquals(new String[] {"cartpole-swingup", "pendulum"}, Envs.names());
        assertTrue(Envs.make("pendulum") != Envs.make("pendulum"), "a fresh env per call");
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make("Pendulum-v1"));
        assertTrue(e.getMessage().contains("'Pendulum-v1'") && e.getMessage().contains("cartpole-swingup, pendulum"),
                e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> Envs.make("pendulum", 0));
        assertTrue(r.getMessage().contains("action_repeat"), r.getMessage());
    }

    @Test
    void wrongActionLengthNamesEnvExpectedAndGot() {
        for (String name : Envs.names()) {
            Env env = Envs.make(name);
            env.reset(rnd.nextLong());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.step(new float[] {0, 0}));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("length 2")
                    && e.getMessage().contains("expected 1"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> env.step(null));
        }
    }

    @Test
    void nanActionIsRejected() {
        for (String name : Envs.names()) {
            Env env = Envs.make(name);
            env.reset(rnd.nextLong());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.step(new float[] {Float.NaN}));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("NaN"), e.getMessage());
        }
    }

    @Test
    void outOfRangeActionsAreClippedToTheBox() {
        for (String name : Envs.names()) {
            long seed = rnd.nextLong();
            float big = (float) rnd.uniform(1.01, 100);
            Env a = Envs.make(name);
            Env b = Envs.make(name);
            a.reset(seed);
            b.reset(seed);
            Step sa = a.step(new float[] {big});
            Step sb = b.step(new float[] {1f});
            assertArrayEquals(sb.observation(), sa.observation(), name + " seed " + seed);
            assertEquals(sb.reward(), sa.reward(), 0.0);
            Step na = a.step(new float[] {Float.NEGATIVE_INFINITY});
            Step nb = b.step(new float[] {-1f});
            assertArrayEquals(nb.observation(), na.observation(), name + " seed " + seed);
        }
    }

    @Test
    void specRejectsNonPositiveDims() {
        assertThrows(IllegalArgumentException.class, () -> new EnvSpec("x", 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EnvSpec("x", 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new EnvSpec(" ", 1, 1, 1));
    }
}
