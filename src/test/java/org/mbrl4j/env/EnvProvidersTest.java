package org.mbrl4j.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.mujoco.MujocoEnvProvider;

/**
 * The registry built from providers: the test resources list {@link FramesTestEnvProvider}
 * (available, one u8 task) and {@link MissingLibTestEnvProvider} (unavailable) beside the classic
 * provider of the main resources.
 */
class EnvProvidersTest {

    /** A provider of fixed tasks whose envs are Pendulums renamed to the task. */
    private record FixedProvider(String name, List<String> taskNames) implements EnvProvider {
        @Override
        public List<EnvTask> tasks() {
            return taskNames.stream().map(t -> new EnvTask(t, "test task " + t)).toList();
        }

        @Override
        public Env make(String task) {
            return new TimeLimit(new Pendulum(), 5);
        }
    }

    @Test
    void providersOnTheClassPathAreFoundAndTheAvailableOnesAddTheirTasks() {
        EnvRegistry r = Envs.registry();
        assertEquals(List.of(ClassicEnvProvider.NAME, MujocoEnvProvider.NAME, FramesTestEnvProvider.NAME,
                MissingLibTestEnvProvider.NAME), r.providers().stream().sorted().toList());
        assertEquals(List.of("cartpole-swingup", "pendulum", FramesTestEnvProvider.TASK),
                r.names().stream().filter(n -> !n.startsWith("dmc-")).toList(),
                "the unavailable provider's task is not a known task");
        Env blink = Envs.make(FramesTestEnvProvider.TASK, 2);
        assertEquals(ObsSpec.frame(1, 2, 2), blink.spec().observation());
        assertEquals(5, blink.spec().maxEpisodeSteps(), "10 steps / action repeat 2");
        assertTrue(r.tasks().stream().allMatch(t -> !t.description().isBlank()));
    }

    @Test
    void anUnknownTaskListsTheKnownOnesTheProvidersSearchedAndWhyOneIsUnavailable() {
        var e = assertThrows(IllegalArgumentException.class, () -> Envs.make("nope"));
        String m = e.getMessage();
        assertTrue(m.startsWith("unknown task 'nope'; known tasks: cartpole-swingup, "), m);
        assertTrue(m.contains(", pendulum, test-blink (env providers searched: "), m);
        for (String provider : List.of(ClassicEnvProvider.NAME, FramesTestEnvProvider.NAME,
                MissingLibTestEnvProvider.NAME)) {
            assertTrue(m.contains(provider), provider + " in: " + m);
        }
        assertTrue(m.contains("; unavailable: ") && m.contains("test-missing-lib (tasks test-needs-lib): "
                + MissingLibTestEnvProvider.REASON + ")"), m);
    }

    @Test
    void aTaskOfAnUnavailableProviderSaysWhichProviderAndWhy() {
        var e = assertThrows(IllegalArgumentException.class, () -> Envs.make(MissingLibTestEnvProvider.TASK));
        assertEquals("task 'test-needs-lib' needs env provider test-missing-lib, which is unavailable: "
                + MissingLibTestEnvProvider.REASON, e.getMessage());
    }

    @Test
    void duplicateTaskNamesAcrossProvidersAreRefusedNamingBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> EnvRegistry.of(List.of(new ClassicEnvProvider(),
                new FixedProvider("shadow", List.of("acrobot", Pendulum.NAME)))));
        String m = e.getMessage();
        assertTrue(m.startsWith("task 'pendulum' is provided by both env provider classic ("
                + ClassicEnvProvider.class.getName() + ") and env provider shadow ("), m);
        assertTrue(m.contains("task names must be unique"), m);
        var same = assertThrows(IllegalArgumentException.class, () -> EnvRegistry.of(List.of(
                new FixedProvider("twice", List.of("a", "a")))));
        assertTrue(same.getMessage().contains("lists task 'a' twice"), same.getMessage());
    }

    @Test
    void duplicateProviderNamesAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> EnvRegistry.of(List.of(
                new FixedProvider("p", List.of("a")), new FixedProvider("p", List.of("b")))));
        assertTrue(e.getMessage().contains("share the name 'p'"), e.getMessage());
    }

    @Test
    void anEnvMustCarryItsTaskName() {
        EnvRegistry r = EnvRegistry.of(List.of(new FixedProvider("renamer", List.of("not-pendulum"))));
        var e = assertThrows(IllegalStateException.class, () -> r.make("not-pendulum", 1));
        assertTrue(e.getMessage().contains("made an env named 'pendulum' for task 'not-pendulum'"), e.getMessage());
    }

    @Test
    void anEmptyRegistrySaysSo() {
        var e = assertThrows(IllegalArgumentException.class, () -> EnvRegistry.of(List.of()).make("pendulum", 1));
        assertEquals("unknown task 'pendulum'; known tasks: none (env providers searched: none)", e.getMessage());
    }

    @Test
    void tasksAndAvailabilityValidateTheirArguments() {
        assertThrows(IllegalArgumentException.class, () -> new EnvTask(" pendulum", "x"));
        assertThrows(IllegalArgumentException.class, () -> new EnvTask("pendulum", ""));
        assertThrows(IllegalArgumentException.class, () -> Availability.unavailable(" "));
        var classic = new ClassicEnvProvider();
        var e = assertThrows(IllegalArgumentException.class, () -> classic.make("acrobot"));
        assertTrue(e.getMessage().contains("'acrobot'") && e.getMessage().contains("pendulum"), e.getMessage());
    }
}
