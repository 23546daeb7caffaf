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
 * Cart-pole swing-up: mechanics checked against the Lagrangian written out here with literal
 * cartpole.xml constants (energy balance, momentum, equations of motion), and the reward against
 * dm_control's formula written independently (gaussian tolerance as v^(d²)).
 */
class CartPoleSwingupTest {
    private final TestRandom rnd = new TestRandom();

    private static final double M_CART = 1.0;
    private static final double M_POLE = 0.1;
    private static final double L_COM = 0.5;
    private static final double G = 9.81;

    /** Transverse inertia of the capsule (r 0.045, segment 1 m, mass 0.1) about its centre, by slicing. */
    private static double capsuleInertiaBySlicing() {
        double r = 0.045;
        double half = 0.5;
        int n = 200_000;
        double lo = -half - r;
        double dz = 2 * (half + r) / n;
        double volume = 0;
        double moment = 0;
        for (int i = 0; i < n; i++) {
            double z = lo + (i + 0.5) * dz;
            double cap = Math.abs(z) - half;
            double a2 = cap > 0 ? r * r - cap * cap : r * r;
            double area = Math.PI * a2;
            volume += area * dz;
            moment += area * dz * (a2 / 4 + z * z); // thin disc about a diameter, then parallel axis
        }
        return M_POLE / volume * moment;
    }

    private static double hingeInertia() {
        return capsuleInertiaBySlicing() + M_POLE * L_COM * L_COM;
    }

    private static double energy(double[] s, double j) {
        return 0.5 * (M_CART + M_POLE) * s[2] * s[2] + M_POLE * L_COM * Math.cos(s[1]) * s[2] * s[3]
                + 0.5 * j * s[3] * s[3] + M_POLE * G * L_COM * Math.cos(s[1]);
    }

    @Test
    void poleInertiaMatchesTheCapsuleIntegral() {
        assertEquals(capsuleInertiaBySlicing(), CartPolePhysics.POLE_INERTIA_COM, 1e-9);
        assertEquals(0.0094245928, CartPolePhysics.POLE_INERTIA_COM, 1e-9);
    }

    @Test
    void derivativeSatisfiesTheLagrangeEquations() {
        double j = hingeInertia();
        double[] out = new double[4];
        for (int i = 0; i < 1000; i++) {
            double[] s = {rnd.uniform(-1.7, 1.7), rnd.uniform(-10, 10), rnd.uniform(-5, 5), rnd.uniform(-20, 20)};
            double a = rnd.uniform(-1, 1);
            CartPolePhysics.derivative(s, a, out);
            double xdd = out[2];
            double thdd = out[3];
            double r1 = (M_CART + M_POLE) * xdd + M_POLE * L_COM * Math.cos(s[1]) * thdd
                    - (10 * a + M_POLE * L_COM * Math.sin(s[1]) * s[3] * s[3] - 5e-4 * s[2]);
            double r2 = M_POLE * L_COM * Math.cos(s[1]) * xdd + j * thdd
                    - (M_POLE * G * L_COM * Math.sin(s[1]) - 2e-6 * s[3]);
            String ctx = "seed " + rnd.seed() + " state " + Arrays.toString(s) + " a " + a;
            assertEquals(s[2], out[0], 0.0, ctx);
            assertEquals(s[3], out[1], 0.0, ctx);
            assertEquals(0.0, r1, 1e-9 * (1 + Math.abs(xdd) + Math.abs(thdd)), ctx);
            assertEquals(0.0, r2, 1e-9 * (1 + Math.abs(xdd) + Math.abs(thdd)), ctx);
        }
    }

    @Test
    void energyBalanceAndMomentumHoldWithoutForce() {
        double j = hingeInertia();
        CartPoleSwingup env = new CartPoleSwingup();
        env.reset(rnd.nextLong());
        env.setState(rnd.uniform(-0.3, 0.3), rnd.uniform(-Math.PI, Math.PI), rnd.uniform(-0.2, 0.2),
                rnd.uniform(-4, 4));
        double[] s = env.state();
        double e0 = energy(s, j);
        double p0 = (M_CART + M_POLE) * s[2] + M_POLE * L_COM * Math.cos(s[1]) * s[3];
        double dissipated = 0;
        double impulse = 0;
        double prevDiss = 5e-4 * s[2] * s[2] + 2e-6 * s[3] * s[3];
        double prevDrag = 5e-4 * s[2];
        for (int t = 0; t < 300; t++) {
            env.step(new float[] {0});
            s = env.state();
            assertTrue(Math.abs(s[0]) < 1.8, "the test assumes no rail contact; x = " + s[0]);
            double diss = 5e-4 * s[2] * s[2] + 2e-6 * s[3] * s[3];
            double drag = 5e-4 * s[2];
            dissipated += 0.5 * (prevDiss + diss) * 0.01; // trapezoid rule for the damping work
            impulse += 0.5 * (prevDrag + drag) * 0.01;
            prevDiss = diss;
            prevDrag = drag;
        }
        double e1 = energy(s, j);
        double p1 = (M_CART + M_POLE) * s[2] + M_POLE * L_COM * Math.cos(s[1]) * s[3];
        String ctx = "seed " + rnd.seed() + " E0 " + e0 + " E1 " + e1 + " dissipated " + dissipated;
        assertEquals(e0 - dissipated, e1, 1e-6, ctx);
        assertTrue(e1 <= e0 + 1e-9, "damping can only remove energy: " + ctx);
        assertEquals(p0 - impulse, p1, 1e-6, "horizontal momentum changes only by slider damping; seed " + rnd.seed());
    }

    @Test
    void poleHangingAtRestStaysAtRestForAWholeEpisode() {
        CartPoleSwingup env = new CartPoleSwingup();
        env.reset(rnd.nextLong());
        env.setState(0, Math.PI, 0, 0);
        Step last = null;
        for (int t = 0; t < 1000; t++) {
            last = env.step(new float[] {0});
            assertEquals(0.0, last.reward(), 1e-12, "hanging down: upright = (cos pi + 1)/2 = 0");
        }
        assertTrue(last.truncated());
        double[] s = env.state();
        assertEquals(0.0, s[0], 1e-9);
        assertEquals(Math.PI, s[1], 1e-9);
        assertEquals(0.0, s[2], 1e-9);
        assertEquals(0.0, s[3], 1e-9);
    }

    @Test
    void balancedUprightAtCentreGivesRewardOne() {
        CartPoleSwingup env = new CartPoleSwingup();
        env.reset(rnd.nextLong());
        env.setState(0, 0, 0, 0);
        for (int t = 0; t < 10; t++) {
            Step s = env.step(new float[] {0});
            assertEquals(1.0, s.reward(), 1e-12);
            assertArrayEquals(new float[] {0, 1, 0, 0, 0}, TestObs.f32(s.observation()));
        }
    }

    @Test
    void uprightPoleFallsTowardItsTiltAndPushesTheCartBack() {
        CartPoleSwingup env = new CartPoleSwingup();
        env.reset(rnd.nextLong());
        double tilt = rnd.uniform(0.01, 0.2) * (rnd.nextInt(2) == 0 ? -1 : 1);
        env.setState(0, tilt, 0, 0);
        for (int t = 0; t < 30; t++) {
            env.step(new float[] {0});
        }
        double[] s = env.state();
        String ctx = "seed " + rnd.seed() + " tilt " + tilt + " state " + Arrays.toString(s);
        assertTrue(Math.abs(s[1]) > Math.abs(tilt) && Math.signum(s[1]) == Math.signum(tilt), ctx);
        assertTrue(Math.signum(s[2]) == -Math.signum(tilt), ctx);
    }

    @Test
    void rewardMatchesDmControlFormula() {
        double[] s = new double[4];
        for (int i = 0; i < 1000; i++) {
            s[0] = rnd.uniform(-3, 3);
            s[1] = rnd.uniform(-10, 10);
            s[3] = rnd.uniform(-15, 15);
            double a = rnd.uniform(-1, 1);
            double upright = (Math.cos(s[1]) + 1) / 2;
            double centered = (1 + Math.pow(0.1, (s[0] / 2) * (s[0] / 2))) / 2;
            double smallControl = (4 + (1 - a * a)) / 5;
            double smallVelocity = (1 + Math.pow(0.1, (s[3] / 5) * (s[3] / 5))) / 2;
            double expected = upright * centered * smallControl * smallVelocity;
            double got = CartPoleSwingup.reward(s, a);
            assertEquals(expected, got, 1e-12, "seed " + rnd.seed() + " i " + i);
            assertTrue(got >= 0 && got <= 1);
        }
    }

    @Test
    void observationIsPositionCosSinAndVelocities() {
        CartPoleSwingup env = new CartPoleSwingup();
        env.reset(rnd.nextLong());
        Step step = env.step(new float[] {(float) rnd.uniform(-1, 1)});
        double[] s = env.state();
        assertArrayEquals(new float[] {(float) s[0], (float) Math.cos(s[1]), (float) Math.sin(s[1]), (float) s[2],
            (float) s[3]}, TestObs.f32(step.observation()));
    }

    @Test
    void resetHangsThePoleDownWithSmallNoiseAndIsDeterministic() {
        for (int i = 0; i < 200; i++) {
            long seed = rnd.nextLong();
            CartPoleSwingup env = new CartPoleSwingup();
            float[] obs = TestObs.f32(env.reset(seed));
            double[] s = env.state();
            String ctx = "seed " + seed + " state " + Arrays.toString(s);
            // 0.01 * N(0, 1): beyond 7 sigma = 0.07 would be a failure of the noise scale
            assertTrue(Math.abs(s[0]) < 0.07 && Math.abs(s[1] - Math.PI) < 0.07, ctx);
            assertTrue(Math.abs(s[2]) < 0.07 && Math.abs(s[3]) < 0.07, ctx);
            assertTrue(obs[1] < -0.99, ctx);
            assertArrayEquals(obs, TestObs.f32(new CartPoleSwingup().reset(seed)), ctx);
        }
    }

    @Test
    void sameSeedAndActionsGiveTheSameTrajectoryAndTheEpisodeLasts1000Steps() {
        long seed = rnd.nextLong();
        CartPoleSwingup x = new CartPoleSwingup();
        CartPoleSwingup y = new CartPoleSwingup();
        x.reset(seed);
        y.reset(seed);
        assertEquals(1000, x.spec().maxEpisodeSteps());
        for (int t = 1; t <= 1000; t++) {
            float[] a = {(float) rnd.uniform(-1, 1)};
            Step sx = x.step(a);
            Step sy = y.step(a);
            assertEquals(sx.observation(), sy.observation(), "seed " + seed + " step " + t);
            assertEquals(sx.reward(), sy.reward(), 0.0);
            assertFalse(sx.terminated());
            assertEquals(t == 1000, sx.truncated(), "step " + t);
        }
        assertThrows(IllegalStateException.class, () -> x.step(new float[] {0}));
    }

    @Test
    void railLimitHoldsTheCartUnderFullForce() {
        CartPoleSwingup env = new CartPoleSwingup();
        env.reset(rnd.nextLong());
        float push = rnd.nextInt(2) == 0 ? 1f : -1f;
        double furthest = 0;
        for (int t = 0; t < 1000; t++) {
            env.step(new float[] {push});
            furthest = Math.max(furthest, push * env.state()[0]);
        }
        // Critically damped limit, omega = 1/0.08 = 12.5 rad/s. Impact at v <= sqrt(2 * 10/1.1 * 1.8) ~ 5.7 m/s
        // overshoots by at most v/(omega e) ~ 0.17 m; the static penetration under 10 N is
        // 10 N / (m_eff omega^2) with m_eff ~ 1.1 kg: ~0.06 m.
        assertTrue(furthest > 1.8 && furthest < 1.8 + 0.17 + 0.06 + 0.02, "seed " + rnd.seed() + " furthest "
                + furthest);
        assertEquals(push * 1.8, env.state()[0], 0.15, "resting against the limit at the end, seed " + rnd.seed());
    }
}
