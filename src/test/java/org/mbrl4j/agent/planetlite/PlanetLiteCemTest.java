package org.mbrl4j.agent.planetlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.planner.CemScorer;
import org.mbrl4j.agent.planner.PlanResult;
import org.mbrl4j.agent.planner.Planner;
import org.mbrl4j.agent.planner.PlannerSettings;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.WarmStart;

/**
 * The CEM over the dynamics model finds the optimum of an analytic reward. The model's weights are set
 * by hand so that it computes, exactly, s' = s + a and r(s, a) = −|s − c| (ReLU pairs: |x| = relu(x) +
 * relu(−x), x = relu(x) − relu(−x)). From s0 the best plan moves to c in one step: a0 = c − s0, then
 * stays (a = 0). The rollout must feed its predicted states back for a0 to matter at all: r_0 reads s0
 * only, so a0 is scored through r_1 = −|s0 + a0 − c|.
 */
class PlanetLiteCemTest {
    private static final int HIDDEN = 8;

    @Test
    void findsTheActionThatReachesTheTargetInOneStep() {
        float s0 = 0.2f;
        float c = 0.7f;
        try (Backend be = new CpuBackend(); Graph g = new Graph(be)) {
            DynamicsModel model = analyticModel(be, c);
            var settings = new PlannerSettings(5, 1, 10, 1000, 100, 1e-6f, 1f, WarmStart.SHIFT, 0, 11);
            var planner = new Planner(settings, new CemScorer(new ModelPlanning(model), 0.99));
            PlanResult r = planner.plan(g, g.constant(new float[] {s0}, 1, 1), ActMode.EVAL, 0);
            assertEquals(c - s0, r.action()[0], 0.02, "a0 = c - s0");
            assertEquals(-0.5, r.info().logScalars().get("planner/value_chosen"), 0.1,
                    "the best plan's discounted return: -|s0 - c| = -0.5 at t=0, then about 0");
        }
    }

    @Test
    void theModelComputesTheAnalyticDynamicsAndReward() {
        try (Backend be = new CpuBackend(); Graph g = new Graph(be)) {
            DynamicsModel model = analyticModel(be, 0.7f);
            var p = new org.mbrl4j.nn.Pass(g, org.mbrl4j.nn.Mode.EVAL, new org.mbrl4j.rng.Rng(1, 1));
            var pred = model.forward(p, g.constant(new float[] {0.2f, -0.4f}, 2, 1),
                    g.constant(new float[] {0.5f, -0.3f}, 2, 1));
            float[] next = be.toArray(pred.nextState());
            float[] reward = be.toArray(pred.reward());
            assertEquals(0.7f, next[0], 1e-6);
            assertEquals(-0.7f, next[1], 1e-6);
            assertEquals(-0.5f, reward[0], 1e-6);
            assertEquals(-1.1f, reward[1], 1e-6);
        }
    }

    /**
     * fc1: h0 = relu(s − c), h1 = relu(c − s), h2 = relu(s + a), h3 = relu(−s − a); fc2 passes h0..h3
     * (non-negative, so ReLU keeps them); reward = −h0 − h1; next_state = h2 − h3.
     */
    static DynamicsModel analyticModel(Backend be, float c) {
        DynamicsModel model = new DynamicsModel(be, 1, 1, HIDDEN, 3);
        float[] w1 = new float[HIDDEN * 2];
        float[] b1 = new float[HIDDEN];
        w1[0] = 1;
        b1[0] = -c;
        w1[2] = -1;
        b1[1] = c;
        w1[4] = 1;
        w1[5] = 1;
        w1[6] = -1;
        w1[7] = -1;
        float[] w2 = new float[HIDDEN * HIDDEN];
        for (int i = 0; i < 4; i++) {
            w2[i * HIDDEN + i] = 1;
        }
        float[] wr = new float[HIDDEN];
        wr[0] = -1;
        wr[1] = -1;
        float[] ws = new float[HIDDEN];
        ws[2] = 1;
        ws[3] = -1;
        set(be, model, "fc1.weight", w1);
        set(be, model, "fc1.bias", b1);
        set(be, model, "fc2.weight", w2);
        set(be, model, "fc2.bias", new float[HIDDEN]);
        set(be, model, "reward.weight", wr);
        set(be, model, "reward.bias", new float[1]);
        set(be, model, "next_state.weight", ws);
        set(be, model, "next_state.bias", new float[1]);
        return model;
    }

    private static void set(Backend be, DynamicsModel model, String name, float[] values) {
        be.upload(values, 0, model.params().get(name));
    }
}
