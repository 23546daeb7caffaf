package org.mbrl4j.agent.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mbrl4j.agent.tdmpc2.ModelDims;
import org.mbrl4j.agent.tdmpc2.Tdmpc2PlannerSettings;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Specs;
import org.mbrl4j.agent.tdmpc2.WorldModel;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.Config;
import org.mbrl4j.rng.Rng;

/** Run specs from the embedded defaults plus overrides, and tiny world models, for the planner tests. */
final class PlannerFixtures {
    static final int OBS_DIM = 4;
    /** γ = clip(1 − 5/100, 0.95, 0.995) = 0.95 (docs/tdmpc2.md#discount-heuristic). */
    static final int EPISODE_LENGTH = 100;
    /** Model keys of a world model small enough for unit tests. */
    static final List<String> TINY_MODEL = List.of("latent_dim=16", "enc_dim=16", "mlp_dim=16", "simnorm_dim=4",
            "num_q=3", "num_bins=11");

    private static final long VALUE_HEADS_STREAM = 77;
    private static final float VALUE_HEAD_STD = 0.5f;

    private PlannerFixtures() {}

    /** The TD-MPC2 planner (docs/planner.md MPPI) over {@code model}, with the settings of {@code spec}. */
    static Planner mppiPlanner(PlanningModel model, Tdmpc2Spec spec) {
        return Tdmpc2PlannerSettings.of(spec).planner(model);
    }

    static Tdmpc2Spec spec(int actionDim, long seed, String... overrides) {
        List<String> all = new ArrayList<>(TINY_MODEL);
        all.add("seed=" + (int) seed);
        all.addAll(List.of(overrides));
        var config = Config.load(Optional.empty(), all).config();
        return Tdmpc2Specs.of(config, "planner-test", OBS_DIM, actionDim, EPISODE_LENGTH);
    }

    /**
     * A tiny world model whose reward, Q and termination parameters are redrawn from N(0, 0.5²): the
     * reference initialisation zeroes the reward and Q output layers, which would make every value 0.
     */
    static WorldModel worldModel(Backend be, Tdmpc2Spec spec, long seed) {
        WorldModel wm = new WorldModel(be, ModelDims.of(spec.config(), spec.run().run().episodic(), OBS_DIM,
                spec.actionDim()), seed);
        Rng rng = new Rng(seed, VALUE_HEADS_STREAM);
        wm.params().asMap().forEach((name, t) -> {
            if (name.startsWith(WorldModel.REWARD + ".") || name.startsWith(WorldModel.Q + ".")
                    || name.startsWith(WorldModel.TERMINATION + ".")) {
                float[] v = new float[Math.toIntExact(t.numel())];
                rng.fillNormal(v, 0f, VALUE_HEAD_STD);
                be.upload(v, 0, t);
            }
        });
        return wm;
    }

    /** Index of the largest value (the first of ties). */
    static int argmax(float[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i] > x[best]) {
                best = i;
            }
        }
        return best;
    }
}
