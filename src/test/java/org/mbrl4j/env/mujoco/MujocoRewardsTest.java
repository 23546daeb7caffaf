package org.mbrl4j.env.mujoco;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;

/**
 * The observation layouts and reward formulas of the task table (ecosystem-facts D.6), on states set
 * by hand: the expected values are computed here from the formulas, independently of the tasks' code.
 */
class MujocoRewardsTest {
    private static final double GAUSSIAN_SCALE = Math.sqrt(-2 * Math.log(0.1));

    @BeforeAll
    static void mujoco() {
        MujocoInstalled.require();
    }

    private static MujocoEnv env(String task) {
        MujocoEnv env = (MujocoEnv) Envs.make(task);
        env.reset(1);
        return env;
    }

    private static float[] values(Observation o) {
        return ((Observation.F32) o).values();
    }

    private static double gaussian(double x, double margin) {
        double d = Math.abs(x) / margin * GAUSSIAN_SCALE;
        return Math.exp(-0.5 * d * d);
    }

    @Test
    void cartpoleUprightCentredAndStillEarnsOneAndTheFactorsMultiply() {
        MujocoEnv env = env(CartpoleTask.SWINGUP);
        MujocoModel m = env.model();
        m.set(MujocoField.QPOS, "slider", 0, 0);
        m.set(MujocoField.QPOS, "hinge_1", 0, 0);
        m.set(MujocoField.QVEL, "slider", 0, 0);
        m.set(MujocoField.QVEL, "hinge_1", 0, 0);
        assertEquals(1.0, env.evaluateCurrentState(new double[] {0}).reward(), 1e-12);

        double x = 1.0;
        double theta = 1.0;
        double omega = 3.0;
        double u = 0.5;
        m.set(MujocoField.QPOS, "slider", 0, x);
        m.set(MujocoField.QPOS, "hinge_1", 0, theta);
        m.set(MujocoField.QVEL, "slider", 0, -0.25);
        m.set(MujocoField.QVEL, "hinge_1", 0, omega);
        Step s = env.evaluateCurrentState(new double[] {u});
        assertArrayEquals(new float[] {(float) x, (float) Math.cos(theta), (float) Math.sin(theta), -0.25f, (float) omega},
                values(s.observation()), 1e-6f, "[x, pole zz = cos θ, pole xz = sin θ, ẋ, ω]");
        double expected = (Math.cos(theta) + 1) / 2 * ((1 + gaussian(x, 2)) / 2) * ((4 + (1 - u * u)) / 5)
                * ((1 + gaussian(omega, 5)) / 2);
        assertEquals(expected, s.reward(), 1e-12);
        assertEquals(expected / ((4 + (1 - u * u)) / 5) * (4.0 / 5), env.evaluateCurrentState(new double[] {1}).reward(),
                1e-12, "full control: the control factor is 4/5");
    }

    @Test
    void cartpoleBalanceSharesTheSwingupRewardAndStartsNearUpright() {
        MujocoEnv env = (MujocoEnv) Envs.make(CartpoleTask.BALANCE);
        for (long seed = 0; seed < 20; seed++) {
            float[] o = values(env.reset(seed));
            assertEquals(0, o[0], 0.1 + 1e-6, "slider ~ U(-.1, .1)");
            assertEquals(1, o[1], 1 - Math.cos(0.034) + 1e-6, "hinge ~ U(-.034, .034)");
        }
        float[] swing = values(Envs.make(CartpoleTask.SWINGUP).reset(4));
        assertEquals(-1, swing[1], 1e-3, "swing-up starts hanging down: zz = cos(π + 0.01 N) ≈ -1");
    }

    @Test
    void pendulumEarnsOneWithinEightDegreesOfUprightOnly() {
        MujocoEnv env = env(PendulumSwingupTask.NAME);
        MujocoModel m = env.model();
        double[] none = {0};
        m.set(MujocoField.QPOS, "hinge", 0, Math.toRadians(7.9));
        m.set(MujocoField.QVEL, "hinge", 0, 2.5);
        Step in = env.evaluateCurrentState(none);
        assertEquals(1.0, in.reward());
        assertArrayEquals(new float[] {(float) Math.cos(Math.toRadians(7.9)), (float) Math.sin(Math.toRadians(7.9)), 2.5f},
                values(in.observation()), 1e-6f, "[pole zz, pole xz, hinge velocity]");
        m.set(MujocoField.QPOS, "hinge", 0, Math.toRadians(-8.1));
        assertEquals(0.0, env.evaluateCurrentState(none).reward());
        m.set(MujocoField.QPOS, "hinge", 0, Math.PI);
        assertEquals(0.0, env.evaluateCurrentState(none).reward());
    }

    @Test
    void reacherEarnsOneWhenTheFingerTouchesTheTargetWithinTheSumOfTheRadii() {
        for (String task : new String[] {ReacherTask.EASY, ReacherTask.HARD}) {
            MujocoEnv env = env(task);
            MujocoModel m = env.model();
            double radius = task.equals(ReacherTask.EASY) ? 0.05 : 0.015;
            assertEquals(radius, m.get(MujocoField.GEOM_SIZE, "target", 0), 0.0, task + ": the task sets the target radius");
            m.set(MujocoField.QPOS, "shoulder", 0, 0);
            m.set(MujocoField.QPOS, "wrist", 0, 0);
            m.set(MujocoField.QVEL, "shoulder", 0, 0.5);
            m.set(MujocoField.QVEL, "wrist", 0, -0.5);
            // arm 0.12 + hand to finger 0.12: the finger sits at x = 0.24 on the x axis
            double reach = radius + 0.01;
            m.set(MujocoField.GEOM_POS, "target", 0, 0.24 + reach * 0.99);
            m.set(MujocoField.GEOM_POS, "target", 1, 0);
            Step touching = env.evaluateCurrentState(new double[2]);
            assertEquals(1.0, touching.reward(), task);
            assertArrayEquals(new float[] {0, 0, (float) (reach * 0.99), 0, 0.5f, -0.5f}, values(touching.observation()),
                    1e-6f, task + ": [shoulder, wrist, target − finger x, y, shoulder and wrist velocities]");
            m.set(MujocoField.GEOM_POS, "target", 0, 0.24);
            m.set(MujocoField.GEOM_POS, "target", 1, reach * 1.01);
            assertEquals(0.0, env.evaluateCurrentState(new double[2]).reward(), task);
        }
    }

    @Test
    void reacherTargetsLieAtTheDocumentedRadii() {
        MujocoEnv env = (MujocoEnv) Envs.make(ReacherTask.EASY);
        for (long seed = 0; seed < 30; seed++) {
            env.reset(seed);
            double x = env.model().get(MujocoField.GEOM_POS, "target", 0);
            double y = env.model().get(MujocoField.GEOM_POS, "target", 1);
            double r = Math.hypot(x, y);
            assertEquals(0.125, r, 0.075 + 1e-9, "seed " + seed + ": radius ~ U(.05, .20)");
            double wrist = env.model().get(MujocoField.QPOS, "wrist", 0);
            assertEquals(0, wrist, Math.toRadians(160) + 1e-9, "wrist ~ U(its ±160° range)");
        }
    }

    @Test
    void cheetahEarnsItsSpeedOverTenClippedToZeroOne() {
        MujocoEnv env = env(CheetahRunTask.NAME);
        MujocoModel m = env.model();
        for (var j : m.joints()) {
            m.set(MujocoField.QVEL, j.name(), 0, 0);
        }
        double[] none = new double[6];
        double[][] speedAndReward = {{5, 0.5}, {-1, 0}, {0, 0}, {12, 1}, {10, 1}, {2.5, 0.25}};
        for (double[] sr : speedAndReward) {
            m.set(MujocoField.QVEL, "rootx", 0, sr[0]);
            Step s = env.evaluateCurrentState(none);
            assertEquals(sr[1], s.reward(), 1e-9, "speed " + sr[0]);
            assertEquals((float) sr[0], values(s.observation())[8], 1e-6f, "obs[8] = qvel rootx (after the 8 positions)");
        }
        m.set(MujocoField.QPOS, "rootz", 0, 0.125);
        m.set(MujocoField.QPOS, "ffoot", 0, -0.25);
        float[] o = values(env.evaluateCurrentState(none).observation());
        assertEquals(0.125f, o[0], 0f, "obs[0] = qpos rootz: rootx is left out");
        assertEquals(-0.25f, o[7], 0f, "obs[7] = qpos ffoot");
    }

    @Test
    void walkerStandsUprightAboveTheStandHeightAndMovesAtTheTaskSpeed() {
        double[] none = new double[6];
        for (String task : new String[] {WalkerTask.STAND, WalkerTask.WALK, WalkerTask.RUN}) {
            MujocoEnv env = env(task);
            MujocoModel m = env.model();
            for (var j : m.joints()) {
                m.set(MujocoField.QPOS, j.name(), 0, 0);
                m.set(MujocoField.QVEL, j.name(), 0, 0);
            }
            double target = task.equals(WalkerTask.STAND) ? 0 : task.equals(WalkerTask.WALK) ? 1 : 8;
            m.set(MujocoField.QVEL, "rootx", 0, target);
            Step upright = env.evaluateCurrentState(none);
            assertEquals(1.0, upright.reward(), 1e-9, task + ": upright at 1.3 m, moving at the task's speed");
            float[] o = values(upright.observation());
            assertEquals(1f, o[0], 0f, task + ": torso xx");
            assertEquals(0f, o[1], 0f, task + ": torso xz");
            assertEquals(1.3f, o[14], 1e-6f, task + ": torso height");
            assertEquals((float) target, o[16], 1e-6f, task + ": obs[16] = qvel rootx (rootz, rootx, rooty, ...)");

            double height = 0.8;
            double pitch = 0.6;
            double speed = target * 0.75;
            m.set(MujocoField.QPOS, "rootz", 0, height - 1.3);
            m.set(MujocoField.QPOS, "rooty", 0, pitch);
            m.set(MujocoField.QVEL, "rootx", 0, speed);
            Step s = env.evaluateCurrentState(none);
            double standing = gaussian(1.2 - height, 0.6);
            double stand = (3 * standing + (1 + Math.cos(pitch)) / 2) / 4;
            // linear tolerance, value 0.5 at the margin v*/2: 1 − (v* − v)/(v*/2)·0.5
            double move = target == 0 ? 1 : 1 - (target - speed) / (target / 2) * 0.5;
            double expected = target == 0 ? stand : stand * (5 * move + 1) / 6;
            assertEquals(expected, s.reward(), 1e-9, task);
            assertEquals((float) Math.cos(pitch), values(s.observation())[0], 1e-6f, task + ": torso xx = cos pitch");
        }
    }

    @Test
    void hopperStandsWithTheTorsoAboveTheFootAndHopsForward() {
        for (String task : new String[] {HopperTask.STAND, HopperTask.HOP}) {
            MujocoEnv env = env(task);
            MujocoModel m = env.model();
            for (var j : m.joints()) {
                m.set(MujocoField.QPOS, j.name(), 0, 0);
                m.set(MujocoField.QVEL, j.name(), 0, 0);
            }
            m.set(MujocoField.QVEL, "rootx", 0, 1.5);
            double[] controls = {0.5, 0, 0, 1};
            Step upright = env.evaluateCurrentState(controls);
            double height = m.get(MujocoField.XIPOS, "torso", 2) - m.get(MujocoField.XIPOS, "foot", 2);
            assertEquals(true, height > 0.6 && height < 2, task + ": straight up, torso − foot = " + height);
            double expected = task.equals(HopperTask.STAND)
                    ? (4 + (0.75 + 1 + 1 + 0) / 4) / 5
                    : 1 - (2 - 1.5) / 1 * 0.5;
            assertEquals(expected, upright.reward(), 1e-9, task);
            float[] o = values(upright.observation());
            assertEquals(1.5f, o[6], 0f, task + ": obs[6] = qvel rootx (after the 6 positions)");
            assertEquals(0f, o[13], 0f, task + ": no touch in the air: log1p(0)");
            m.set(MujocoField.QPOS, "rooty", 0, Math.PI);
            assertEquals(0.0, env.evaluateCurrentState(controls).reward(), task + ": upside down, torso below foot");
        }
    }

    @Test
    void hopperTouchSensorsReadTheContactOnTheFloor() {
        MujocoEnv env = env(HopperTask.STAND);
        MujocoModel m = env.model();
        for (var j : m.joints()) {
            m.set(MujocoField.QPOS, j.name(), 0, 0);
            m.set(MujocoField.QVEL, j.name(), 0, 0);
        }
        // straight up, the foot capsule (radius .04) 0.1 m below the torso origin's 1 m: lower it onto the floor
        m.set(MujocoField.QPOS, "rootz", 0, -0.062);
        float[] o = values(env.step(new float[4]).observation());
        assertEquals(true, o[13] > 0 && o[14] > 0, "the flat foot touches with toe and heel: " + o[13] + ", " + o[14]);
    }

    @Test
    void fingerSpinEarnsOneWhileTheSpinnerTurnsAtMinusFifteenOrFaster() {
        MujocoEnv env = env(FingerSpinTask.NAME);
        MujocoModel m = env.model();
        assertEquals(0.03, m.get(MujocoField.DOF_DAMPING, "hinge", 0), 0.0, "the spin task's spinner damping");
        assertEquals(0, m.contactCount(), "the initial configuration has no contact");
        m.set(MujocoField.QPOS, "proximal", 0, 0.3);
        m.set(MujocoField.QPOS, "distal", 0, -0.2);
        m.set(MujocoField.QPOS, "hinge", 0, 0);
        m.set(MujocoField.QVEL, "proximal", 0, 0.5);
        m.set(MujocoField.QVEL, "distal", 0, 0.25);
        double[] none = new double[2];
        double[][] velocityAndReward = {{-15, 1}, {-20, 1}, {-14.9, 0}, {15, 0}, {0, 0}};
        for (double[] vr : velocityAndReward) {
            m.set(MujocoField.QVEL, "hinge", 0, vr[0]);
            Step s = env.evaluateCurrentState(none);
            assertEquals(vr[1], s.reward(), "hinge velocity " + vr[0]);
            float[] o = values(s.observation());
            assertEquals((float) vr[0], o[6], 1e-6f, "obs[6] = spinner velocity");
            assertArrayEquals(new float[] {0.3f, -0.2f}, new float[] {o[0], o[1]}, 1e-7f, "joint angles");
            assertEquals(0.5f, o[4], 1e-7f);
            assertEquals(0.25f, o[5], 1e-7f);
            // hinge 0: the tip site sits 0.13 m straight above the spinner's hinge
            assertEquals(0f, o[2], 1e-6f, "tip x − spinner x");
            assertEquals(0.13f, o[3], 1e-6f, "tip z − spinner z");
        }
    }

    @Test
    void cupCatchEarnsOneOnlyWhileTheBallIsInsideTheTargetShrunkByItsRadius() {
        MujocoEnv env = env(CupCatchTask.NAME);
        MujocoModel m = env.model();
        assertEquals(0.05, m.get(MujocoField.SITE_SIZE, "target", 0), 0.0, "the target box's x half-size");
        assertEquals(0.05, m.get(MujocoField.SITE_SIZE, "target", 2), 0.0, "the target box's z half-size");
        assertEquals(0.025, m.get(MujocoField.GEOM_SIZE, "ball", 0), 0.0, "the ball's radius");
        double[] none = new double[2];
        // the target's centre: cup body (0, .6) + (0, -.05) = (0, .55); the ball body starts at z .2
        double[][] cupAndBallAndReward = {
            {0, 0, 0, 0.35, 1}, {0.1, -0.05, 0.1, 0.30, 1}, {0, 0, 0.0249, 0.35, 1}, {0, 0, -0.0249, 0.3251, 1},
            {0, 0, 0.0251, 0.35, 0}, {0, 0, 0, 0.35 + 0.0251, 0}, {0, 0, 0, 0.2, 0}, {0.1, 0, 0, 0.35, 0}};
        for (double[] c : cupAndBallAndReward) {
            m.set(MujocoField.QPOS, "cup_x", 0, c[0]);
            m.set(MujocoField.QPOS, "cup_z", 0, c[1]);
            m.set(MujocoField.QPOS, "ball_x", 0, c[2]);
            m.set(MujocoField.QPOS, "ball_z", 0, c[3]);
            assertEquals(c[4], env.evaluateCurrentState(none).reward(), "cup (" + c[0] + ", " + c[1] + "), ball ("
                    + c[2] + ", " + c[3] + ")");
        }
        m.set(MujocoField.QVEL, "cup_x", 0, 0.5);
        m.set(MujocoField.QVEL, "cup_z", 0, -0.25);
        m.set(MujocoField.QVEL, "ball_x", 0, 1.5);
        m.set(MujocoField.QVEL, "ball_z", 0, -2);
        assertArrayEquals(new float[] {0.1f, 0, 0, 0.35f, 0.5f, -0.25f, 1.5f, -2},
                values(env.evaluateCurrentState(none).observation()), 1e-7f,
                "[qpos cup_x, cup_z, ball_x, ball_z, then their qvel]");
    }

    @Test
    void cupCatchStartsWithTheCupAtRestAndTheBallAnywhereInItsBoxWithoutContact() {
        MujocoEnv env = (MujocoEnv) Envs.make(CupCatchTask.NAME);
        double lowestZ = 1;
        double highestZ = 0;
        for (long seed = 0; seed < 40; seed++) {
            float[] o = values(env.reset(seed));
            assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, new float[] {o[0], o[1], o[4], o[5], o[6], o[7]},
                    "seed " + seed + ": the cup at its origin, everything at rest");
            assertEquals(0, o[2], 0.2 + 1e-6, "seed " + seed + ": ball_x ~ U(-.2, .2)");
            assertEquals(0.35, o[3], 0.15 + 1e-6, "seed " + seed + ": ball_z ~ U(.2, .5)");
            assertEquals(0, env.model().contactCount(), "seed " + seed + ": no contact at the start");
            lowestZ = Math.min(lowestZ, o[3]);
            highestZ = Math.max(highestZ, o[3]);
        }
        assertEquals(true, lowestZ < 0.26 && highestZ > 0.44, "ball_z spreads over its range: " + lowestZ + ".." + highestZ);
    }

    @Test
    void cupCatchStringHoldsTheFallingBallAtMostThirtyCentimetresFromTheCup() {
        MujocoEnv env = env(CupCatchTask.NAME);
        MujocoModel m = env.model();
        float[] still = new float[2];
        double longest = 0;
        double length = 0;
        for (int t = 0; t < 100; t++) {
            env.step(still);
            double dx = m.get(MujocoField.SITE_XPOS, "ball", 0) - m.get(MujocoField.SITE_XPOS, "cup", 0);
            double dz = m.get(MujocoField.SITE_XPOS, "ball", 2) - m.get(MujocoField.SITE_XPOS, "cup", 2);
            length = Math.hypot(dx, dz);
            longest = Math.max(longest, length);
        }
        // the limit is a soft constraint: the jerk at the end of the fall stretches it a little
        assertEquals(true, longest > 0.29 && longest < 0.33, "the limited tendon stops the fall near 0.3 m: " + longest);
        assertEquals(0.3, length, 0.01, "after 2 s the ball swings on the taut string");
        // the cup sags on its stiff slide (about 0.07 m under its and the ball's weight); the ball hangs clear
        assertEquals(true, m.get(MujocoField.XPOS, "ball", 2) > 0.05, "the ball hangs above the floor: z = "
                + m.get(MujocoField.XPOS, "ball", 2));
    }
}
