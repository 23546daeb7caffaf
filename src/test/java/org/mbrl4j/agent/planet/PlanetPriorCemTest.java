package org.mbrl4j.agent.planet;

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
import org.mbrl4j.tensor.Tensor;

/**
 * The CEM over the RSSM prior finds the optimum of an analytic reward head. With S = D = 1 and weights
 * set by hand the transition computes h_t = tanh(a_{t−1} / 2) exactly as a GRU whose update gate is shut
 * (z = σ(−30) ≈ 0, so h_t = n = tanh(gi_n)), gi_n = ½(ReLU(a) − ReLU(−a)); the reward head reads
 * r = −|h − c| (ReLU pair). Every step's reward is best at a* = 2·atanh(c), so the plan's first action is
 * a*: the rollout must run the prior and the score must read the state the action leads to.
 */
class PlanetPriorCemTest {

    @Test
    void findsTheActionThatMaximisesTheAnalyticReward() {
        float target = 0.6f;
        float c = (float) Math.tanh(target / 2);
        var f = new PlanetFixture("planet.deter_size=1", "planet.stoch_size=1", "planet.hidden_size=2",
                "planet.reward_units=2", "planet.reward_layers=1");
        try (Backend be = new CpuBackend(); Graph g = new Graph(be)) {
            PlanetModel model = new PlanetModel(be, f.config.planet().model(), 1, 3);
            model.params().asMap().forEach((name, t) -> be.fill(t, 0f));
            set(be, model, "rssm.pre.weight", 0, 1, 0, -1); // x = [relu(a), relu(-a)] from [s, a]
            set(be, model, "rssm.gru_ih.weight", 0, 0, 0, 0, 0.5f, -0.5f); // gates [r, z, n] from x
            set(be, model, "rssm.gru_ih.bias", 0, -30, 0);
            set(be, model, "reward.fc0.weight", 0, 1, 0, -1); // [relu(h - c), relu(c - h)] from [s, h]
            set(be, model, "reward.fc0.bias", -c, c);
            set(be, model, "reward.out.weight", -1, -1);
            var settings = new PlannerSettings(4, 1, 10, 1000, 100, 1e-3f, 1f, WarmStart.SHIFT, 0, 11);
            var planner = new Planner(settings, new CemScorer(new PriorPlanning(model)));
            PlanResult r = planner.plan(g, g.constant(new float[] {0f, 0f}, 1, 2), ActMode.EVAL, 0);
            assertEquals(target, r.action()[0], 0.02, "a* = 2 atanh(c)");
            assertEquals(0, r.info().logScalars().get("planner/value_chosen"), 0.05, "the best plan's return is about 0");
        }
    }

    private static void set(Backend be, PlanetModel model, String name, float... values) {
        Tensor t = model.params().get(name);
        be.upload(values, 0, t);
    }
}
