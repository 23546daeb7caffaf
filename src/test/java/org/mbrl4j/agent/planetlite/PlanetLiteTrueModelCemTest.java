package org.mbrl4j.agent.planetlite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.planner.CemScorer;
import org.mbrl4j.agent.planner.LatentRewardModel;
import org.mbrl4j.agent.planner.Planner;
import org.mbrl4j.agent.planner.Rollout;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * The notebook's CEM (horizon 12, 1000 candidates, 100 elites, 10 iterations, discount 0.99, mean 0 and
 * std 1 at every step) on the shared planner core swings Pendulum-v1 up from hanging straight down
 * when it plans over the true dynamics: a horizon of 0.6 s is enough, so a learned model that is good
 * enough is all PlaNet-lite needs. The "model" computes Gymnasium's Pendulum-v1 step on the host.
 */
class PlanetLiteTrueModelCemTest {

    @Test
    void swingsUpFromTheBottomWithAPerfectModel() {
        try (Backend be = new CpuBackend(); Graph g = new Graph(be)) {
            var model = new TruePendulum(be);
            var planner = new Planner(new org.mbrl4j.agent.planner.PlannerSettings(12, 1, 10, 1000, 100, 1e-6f, 1f,
                    org.mbrl4j.config.WarmStart.SHIFT, 0, 4), new CemScorer(model, 0.99));
            double th = Math.PI;
            double thd = 0;
            double total = 0;
            for (int t = 0; t < 200; t++) {
                planner.resetWarmStart();
                float[] z0 = {(float) Math.cos(th), (float) Math.sin(th), (float) thd};
                float a = planner.plan(g, g.constant(z0, 1, 3), ActMode.EVAL, t).action()[0];
                g.reset();
                double[] next = TruePendulum.step(th, thd, a);
                total += next[2];
                th = next[0];
                thd = next[1];
            }
            assertTrue(total > -600, "return " + total + " from the bottom (a perfect swing-up is about -380)");
            assertTrue(Math.cos(th) > 0.95, "upright at the end: cos(theta) = " + Math.cos(th));
        }
    }

    /** Pendulum-v1 on the host: (cos, sin, thdot) latents, r(s_t, a_t), torque = 2·a. */
    static final class TruePendulum implements LatentRewardModel {
        private final Backend backend;
        private Tensor lastLatents;
        private Tensor lastRewards;

        TruePendulum(Backend backend) {
            this.backend = backend;
        }

        /** {theta', thetadot', reward} of one Gymnasium Pendulum-v1 step with action a in [-1, 1]. */
        static double[] step(double th, double thd, double a) {
            double u = Math.clamp(2 * a, -2, 2);
            double norm = ((th + Math.PI) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI) - Math.PI;
            double r = -(norm * norm + 0.1 * thd * thd + 0.001 * u * u);
            double thd2 = Math.clamp(thd + (3 * 10.0 / 2 * Math.sin(th) + 3.0 * u) * 0.05, -8, 8);
            return new double[] {th + thd2 * 0.05, thd2, r};
        }

        @Override
        public Backend backend() {
            return backend;
        }

        @Override
        public int actionDim() {
            return 1;
        }

        @Override
        public int latentDim() {
            return 3;
        }

        @Override
        public Rollout rollout(Pass p, Tensor z0, Tensor actions, Rng rng) {
            float[] s = backend.toArray(z0);
            float[] a = backend.toArray(actions);
            int n = actions.dim(0);
            int t = actions.dim(1);
            float[] latents = new float[n * (t + 1) * 3];
            float[] rewards = new float[n * t];
            for (int i = 0; i < n; i++) {
                double th = Math.atan2(s[1], s[0]);
                double thd = s[2];
                put(latents, (i * (t + 1)) * 3, th, thd);
                for (int k = 0; k < t; k++) {
                    double[] next = step(th, thd, a[i * t + k]);
                    rewards[i * t + k] = (float) next[2];
                    th = next[0];
                    thd = next[1];
                    put(latents, (i * (t + 1) + k + 1) * 3, th, thd);
                }
            }
            lastLatents = p.graph().constant(latents, 1, n, t + 1, 3);
            lastRewards = p.graph().constant(rewards, n, t);
            return new Rollout(lastLatents, actions);
        }

        private static void put(float[] out, int at, double th, double thd) {
            out[at] = (float) Math.cos(th);
            out[at + 1] = (float) Math.sin(th);
            out[at + 2] = (float) thd;
        }

        @Override
        public Tensor predictedRewards(Pass p, Rollout rollout) {
            if (rollout.latents() != lastLatents) {
                throw new IllegalStateException("rewards of another rollout");
            }
            return lastRewards;
        }
    }
}
