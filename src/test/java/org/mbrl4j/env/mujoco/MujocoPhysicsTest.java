package org.mbrl4j.env.mujoco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;

/**
 * Checks against known physics: the MuJoCo cart-pole agrees with the pure-Java one, a still cheetah
 * stays still, an undamped pendulum keeps its energy.
 */
class MujocoPhysicsTest {
    @BeforeAll
    static void mujoco() {
        MujocoInstalled.require();
    }

    /**
     * Both cart-poles draw the same initial state from the same seed (same draws in the same order)
     * and integrate the same model with RK4 at 0.01 s, so on a 2 s open-loop trajectory away from the
     * rail limits (where the Java model's penalty spring and MuJoCo's soft constraint differ) they
     * agree to f32 rounding; when this was written, the f32 observations were identical.
     */
    @Test
    void theMujocoCartpoleAgreesWithThePureJavaCartpoleOnAnOpenLoopTrajectory() {
        for (long seed = 0; seed < 3; seed++) {
            var mujoco = Envs.make(CartpoleTask.SWINGUP);
            var java = new org.mbrl4j.env.CartPoleSwingup();
            assertEquals(java.reset(seed), mujoco.reset(seed), "seed " + seed + ": the same initial state");
            var rng = new org.mbrl4j.rng.Rng(seed, 9);
            for (int t = 1; t <= 200; t++) {
                float[] action = {rng.uniform(-1, 1)};
                Step a = mujoco.step(action);
                Step b = java.step(action);
                float[] oa = ((Observation.F32) a.observation()).values();
                float[] ob = ((Observation.F32) b.observation()).values();
                for (int i = 0; i < oa.length; i++) {
                    assertEquals(ob[i], oa[i], 1e-5f, "seed " + seed + " step " + t + " obs[" + i + "]");
                }
                assertEquals(b.reward(), a.reward(), 1e-9, "seed " + seed + " step " + t);
            }
        }
    }

    @Test
    void theCheetahUnderZeroControlStaysStillAfterSettling() {
        for (long seed = 0; seed < 3; seed++) {
            var env = Envs.make(CheetahRunTask.NAME);
            env.reset(seed);
            Step s = null;
            for (int t = 0; t < 100; t++) {
                s = env.step(new float[6]);
            }
            double x0 = ((MujocoEnv) env).model().get(MujocoField.QPOS, "rootx", 0);
            double maxSpeed = 0;
            for (int t = 0; t < 200; t++) {
                s = env.step(new float[6]);
                float[] o = ((Observation.F32) s.observation()).values();
                for (int i = 8; i < 17; i++) {
                    maxSpeed = Math.max(maxSpeed, Math.abs(o[i]));
                }
            }
            double drift = ((MujocoEnv) env).model().get(MujocoField.QPOS, "rootx", 0) - x0;
            assertTrue(maxSpeed < 0.05, "seed " + seed + ": max |qvel| " + maxSpeed + " over steps 100..300");
            assertEquals(0, drift, 0.01, "seed " + seed + ": rootx drift over 2 s");
        }
    }

    /**
     * MuJoCo's Euler is semi-implicit (symplectic): the energy of an undamped pendulum oscillates
     * within a band of order dt instead of drifting. Checked at the task's 0.02 s and at 0.005 s over
     * 10 s from 2 rad: the band is under 5% of the swing energy at 0.02 s, about 4× narrower at a
     * quarter of the step, and the second 5 s stray no further than the first.
     */
    @Test
    void anUndampedPendulumKeepsItsEnergyWithinIntegratorError() {
        double[] coarse = energyErrors(0.02, 500);
        double[] fine = energyErrors(0.005, 2000);
        assertTrue(coarse[0] < 0.05, "relative energy error at dt 0.02: " + coarse[0]);
        assertTrue(fine[0] < coarse[0] / 3, "at dt 0.005: " + fine[0] + " vs " + coarse[0] + " at 0.02 (first order)");
        assertTrue(coarse[2] <= coarse[1] * 1.1, "no drift: second half " + coarse[2] + " vs first " + coarse[1]);
    }

    /** {max relative error, max over the first half, max over the second half} of the energy above the bottom. */
    private static double[] energyErrors(double timestep, int steps) {
        String xml = MujocoEnv.readModel("pendulum.xml").replace("damping=\"0.1\"", "damping=\"0\"")
                .replace("timestep=\"0.02\"", "timestep=\"" + timestep + "\"");
        try (MujocoModel m = MujocoModel.load(xml)) {
            assertEquals(timestep, m.timestep(), 0.0);
            int zz = m.addReadout(MujocoField.XMAT, "pole", MujocoField.ZZ);
            int omega = m.addReadout(MujocoField.QVEL, "hinge", 0);
            double[] r = new double[m.readoutCount()];
            m.reset();
            m.set(MujocoField.QPOS, "hinge", 0, 2.0);
            m.forward(r);
            // a 1 kg sphere of radius .05 at 0.5 m from the hinge (the other geoms are massless)
            double inertia = 0.5 * 0.5 + 0.4 * 0.05 * 0.05;
            double bottom = energy(-1, 0, inertia);
            double e0 = energy(r[zz], r[omega], inertia) - bottom;
            double[] out = new double[3];
            for (int t = 0; t < steps; t++) {
                m.step(new double[] {0}, 1, r);
                double err = Math.abs(energy(r[zz], r[omega], inertia) - bottom - e0) / e0;
                out[0] = Math.max(out[0], err);
                out[t < steps / 2 ? 1 : 2] = Math.max(out[t < steps / 2 ? 1 : 2], err);
            }
            return out;
        }
    }

    private static double energy(double cosFromUpright, double omega, double inertia) {
        return 0.5 * inertia * omega * omega + 1.0 * 9.81 * 0.5 * cosFromUpright;
    }
}
