package org.mbrl4j.env.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.Availability;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;

/**
 * MuJoCo's failures reach Java as exceptions and the JVM lives on: a malformed MJCF, an error raised
 * through mju_error (the shim's setjmp/longjmp handler), a real engine error during a step, bad names,
 * NaN actions; and a missing shim makes the provider unavailable with what was searched for.
 */
class MujocoErrorsTest {
    /** Two spheres that fall onto a plane; the stack is big enough to compile and step, not for the contacts. */
    private static final String SMALL_STACK = "<mujoco><size nstack='580'/><worldbody><geom type='plane' size='1 1 1'/>"
            + "<body pos='0 0 .05'><freejoint/><geom size='.1'/></body><body pos='0 0 .3'><freejoint/><geom size='.1'/>"
            + "</body></worldbody></mujoco>";

    @BeforeAll
    static void mujoco() {
        MujocoInstalled.require();
    }

    @Test
    void aMalformedModelIsALoadFailureWithMujocosMessage() {
        var unlimited = assertThrows(MujocoException.class, () -> MujocoModel.load("<mujoco><worldbody><body>"
                + "<joint type='slide' range='0 1'/><geom size='.1'/></body></worldbody></mujoco>"));
        assertEquals(MujocoException.Kind.LOAD_FAILED, unlimited.kind());
        assertTrue(unlimited.getMessage().startsWith("MuJoCo could not load the model: Error: joint has `range` but not"
                + " `limited`"), unlimited.getMessage());
        var notXml = assertThrows(MujocoException.class, () -> MujocoModel.load("<mujoco><worldbody>"));
        assertEquals(MujocoException.Kind.LOAD_FAILED, notXml.kind());
        assertTrue(notXml.getMessage().contains("XML parse error"), notXml.getMessage());
    }

    @Test
    void mjuErrorComesBackThroughTheShimsHandlerAndTheJvmLivesOn() {
        MujocoException e = MujocoModel.raiseError("raised by mbrl4j's test");
        assertEquals(MujocoException.Kind.MUJOCO_ERROR, e.kind());
        assertEquals("raised by mbrl4j's test", e.getMessage());
        assertEquals(MujocoException.Kind.MUJOCO_ERROR, MujocoModel.raiseError("again").kind(), "the handler stays installed");
    }

    @Test
    void anEngineErrorInsideAStepIsAnExceptionAndTheModelWorksAgainAfterReset() {
        try (MujocoModel m = MujocoModel.load(SMALL_STACK)) {
            int z = m.addReadout(MujocoField.TIME, "", 0);
            double[] out = new double[m.readoutCount()];
            m.reset();
            MujocoException e = assertThrows(MujocoException.class, () -> {
                for (int t = 0; t < 200; t++) {
                    m.step(new double[0], 1, out);
                }
            });
            assertEquals(MujocoException.Kind.MUJOCO_ERROR, e.kind());
            assertEquals("mj_step failed (MUJOCO_ERROR): Stack overflow", e.getMessage());
            m.reset();
            m.step(new double[0], 3, out);
            assertEquals(3 * m.timestep(), out[z], 1e-12, "the JVM and the model live on after a reset");
        }
        Env env = Envs.make(CartpoleTask.SWINGUP);
        env.reset(0);
        env.step(new float[] {0.1f});
    }

    @Test
    void badNamesComponentsAndActionsAreNamedInTheMessage() {
        Env env = Envs.make(ReacherTask.EASY);
        MujocoModel m = ((MujocoEnv) env).model();
        var noJoint = assertThrows(MujocoException.class, () -> m.addReadout(MujocoField.QPOS, "elbow", 0));
        assertEquals(MujocoException.Kind.BAD_ARGUMENT, noJoint.kind());
        assertEquals("readout QPOS of 'elbow' component 0: the model has no joint named 'elbow'", noJoint.getMessage());
        var component = assertThrows(MujocoException.class, () -> m.get(MujocoField.XMAT, "arm", 9));
        assertTrue(component.getMessage().contains("body 'arm' has 9 component(s)"), component.getMessage());
        env.reset(0);
        var nan = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0, Float.NaN}));
        assertEquals("dmc-reacher-easy: action[1] is NaN; actions must be numbers in [-1.0, 1.0]", nan.getMessage());
        var length = assertThrows(IllegalArgumentException.class, () -> env.step(new float[] {0}));
        assertEquals("dmc-reacher-easy: action has length 1, expected 2 (the env's action dim)", length.getMessage());
        var controls = assertThrows(IllegalArgumentException.class, () -> m.step(new double[] {0, Double.NaN}, 1,
                new double[m.readoutCount()]));
        assertEquals("MujocoModel.step: controls[1] = NaN is not finite", controls.getMessage());
        env.step(new float[] {0, 0});
    }

    @Test
    void aMissingShimMakesTheProviderUnavailableNamingWhatWasSearched() {
        var e = assertThrows(IllegalStateException.class, () -> MujocoLibrary.open("/nonexistent/libmbrl4j_mujoco.so"));
        assertTrue(e.getMessage().startsWith("the MuJoCo shim libmbrl4j_mujoco.so not found (searched"
                + " [/nonexistent/libmbrl4j_mujoco.so], or -Dmbrl.mujoco.shim=PATH): install MuJoCo with"
                + " scripts/install-mujoco.sh (as root: apt-get update && apt-get install -y libmujoco-dev)"), e.getMessage());
        assertEquals(Availability.AVAILABLE, new MujocoEnvProvider().availability(), "here the shim is built");
        assertFalse(Envs.registry().names().stream().noneMatch(n -> n.startsWith("dmc-")));
    }
}
