package org.mbrl4j.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.testing.TestRandom;

/** The registry and the action checks shared by every env. */
class EnvRegistryTest {
    private final TestRandom rnd = new TestRandom();

    @Test
    void makesRegisteredEnvsWithTheirSpecs() {
        Env p = Envs.make("pendulum");
        assertInstanceOf(Pendulum.class, p);
        assertEquals(new EnvSpec("pendulum", ObsSpec.vector(3), 1, 200), p.spec());
        Env c = Envs.make("cartpole-swingup", 2);
        assertInstanceOf(ActionRepeat.class, c);
        assertEquals(new EnvSpec("cartpole-swingup", ObsSpec.vector(5), 1, 500), c.spec(),
                "1000 control steps / repeat 2");
        assertEquals(List.of("cartpole-swingup", "pendulum"),
                EnvRegistry.of(List.of(new ClassicEnvProvider())).names());
        assertTrue(Envs.make("pendulum") != Envs.make("pendulum"), "a fresh env per call");
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Envs.make("Pendulum-v1"));
        assertTrue(e.getMessage().startsWith("unknown task 'Pendulum-v1'; known tasks: cartpole-swingup, "),
                e.getMessage());
        assertTrue(e.getMessage().contains(", pendulum"), e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> Envs.make("pendulum", 0));
        assertTrue(r.getMessage().contains("action_repeat"), r.getMessage());
    }

    @Test
    void wrongActionLengthNamesEnvExpectedAndGot() {
        for (String name : Envs.names()) {
            Env env = Envs.make(name);
            env.reset(rnd.nextLong());
            int dim = env.spec().actionDim();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> env.step(new float[dim + 1]));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("length " + (dim + 1))
                    && e.getMessage().contains("expected " + dim), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> env.step(null));
        }
    }

    @Test
    void nanActionIsRejected() {
        for (String name : Envs.names()) {
            Env env = Envs.make(name);
            env.reset(rnd.nextLong());
            float[] nan = new float[env.spec().actionDim()];
            nan[0] = Float.NaN;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> env.step(nan));
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
            int dim = a.spec().actionDim();
            Step sa = a.step(filled(dim, big));
            Step sb = b.step(filled(dim, 1f));
            assertEquals(sb.observation(), sa.observation(), name + " seed " + seed);
            assertEquals(sb.reward(), sa.reward(), 0.0);
            Step na = a.step(filled(dim, Float.NEGATIVE_INFINITY));
            Step nb = b.step(filled(dim, -1f));
            assertEquals(nb.observation(), na.observation(), name + " seed " + seed);
        }
    }

    @Test
    void everyObservationFitsTheEnvsSpec() {
        for (String name : Envs.names()) {
            Env env = Envs.make(name);
            ObsSpec spec = env.spec().observation();
            Observation first = env.reset(rnd.nextLong());
            assertTrue(first.fits(spec), name + ": reset gave " + first + ", spec " + spec);
            Step s;
            do {
                float[] action = new float[env.spec().actionDim()];
                for (int i = 0; i < action.length; i++) {
                    action[i] = (float) rnd.uniform(-1, 1);
                }
                s = env.step(action);
                assertTrue(s.observation().fits(spec), name + ": step gave " + s.observation() + ", spec " + spec);
            } while (!s.done());
        }
    }

    @Test
    void specRejectsNonPositiveDims() {
        assertThrows(IllegalArgumentException.class, () -> new EnvSpec("x", null, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new EnvSpec("x", ObsSpec.vector(1), 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EnvSpec("x", ObsSpec.vector(1), 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new EnvSpec(" ", ObsSpec.vector(1), 1, 1));
        assertEquals(12, new EnvSpec("x", ObsSpec.frame(3, 2, 2), 1, 1).observationDim(), "Ch·Hp·Wp");
    }

    private static float[] filled(int n, float value) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, value);
        return a;
    }
}
