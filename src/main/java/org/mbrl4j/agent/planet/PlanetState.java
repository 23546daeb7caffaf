package org.mbrl4j.agent.planet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.agent.AgentState;
import org.mbrl4j.agent.ModelStateEntries;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.tensor.Tensor;

/**
 * PlaNet's checkpoint entries: the model's parameters ({@code model.encoder.conv0.weight}, ...), Adam's
 * moments ({@code optim.model.m.<name>}, {@code optim.model.v.<name>}), the acting belief
 * ({@code belief}: h, s and the previous action) and the scalars {@code optim.model.steps} and the
 * counters of the three streams {@code rng.planner}, {@code rng.act}, {@code rng.update}.
 */
final class PlanetState {
    static final String ADAM_STEPS = "optim.model.steps";
    static final String PLANNER_RNG = "rng.planner";
    static final String ACT_RNG = "rng.act";
    static final String UPDATE_RNG = "rng.update";
    static final String BELIEF = "belief";

    /** The scalars besides Adam's steps: the stream counters. */
    record Counters(long planner, long act, long update) {}

    private PlanetState() {}

    static AgentState write(PlanetModel model, Adam adam, BeliefFilter belief, Counters counters) {
        Backend be = model.backend();
        List<TensorData> tensors = new ArrayList<>();
        expected(model, adam).forEach((n, t) -> tensors.add(TensorData.f32(n, be.toArray(t), t.shape())));
        float[] b = belief.values(0);
        tensors.add(TensorData.f32(BELIEF, b, new int[] {b.length}));
        Map<String, String> scalars = new LinkedHashMap<>();
        scalars.put(ADAM_STEPS, Integer.toString(adam.steps()));
        scalars.put(PLANNER_RNG, Long.toString(counters.planner()));
        scalars.put(ACT_RNG, Long.toString(counters.act()));
        scalars.put(UPDATE_RNG, Long.toString(counters.update()));
        return new AgentState(tensors, scalars);
    }

    /**
     * Uploads every tensor of {@code state} into the model, Adam and the belief, sets Adam's step count and
     * returns the stream counters.
     *
     * @throws IllegalArgumentException naming every missing, unexpected or misshapen entry
     */
    static Counters restore(AgentState state, PlanetModel model, Adam adam, BeliefFilter belief) {
        Map<String, Tensor> expected = expected(model, adam);
        Map<String, int[]> shapes = ModelStateEntries.shapes(expected);
        shapes.put(BELIEF, new int[] {belief.values(0).length});
        ModelStateEntries.requireMatch(state, shapes, List.of(ADAM_STEPS, PLANNER_RNG, ACT_RNG, UPDATE_RNG),
                "planet model", "was it written with other planet.* sizes or another env?");
        Map<String, TensorData> byName = ModelStateEntries.byName(state);
        Backend be = model.backend();
        expected.forEach((n, t) -> be.upload(byName.get(n).floats(), 0, t));
        belief.setValues(0, byName.get(BELIEF).floats());
        adam.setSteps(Integer.parseInt(state.scalars().get(ADAM_STEPS)));
        return new Counters(Long.parseLong(state.scalars().get(PLANNER_RNG)),
                Long.parseLong(state.scalars().get(ACT_RNG)), Long.parseLong(state.scalars().get(UPDATE_RNG)));
    }

    private static Map<String, Tensor> expected(PlanetModel model, Adam adam) {
        return ModelStateEntries.modelAndAdam(model.params(), adam);
    }
}
