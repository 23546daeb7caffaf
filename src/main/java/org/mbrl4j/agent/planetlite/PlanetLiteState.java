package org.mbrl4j.agent.planetlite;

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
 * PlaNet-lite's checkpoint entries: the model's parameters ({@code model.fc1.weight}, ...), Adam's moments
 * ({@code optim.model.m.fc1.weight}, {@code optim.model.v.fc1.weight}, ...) and the scalars
 * {@code optim.model.steps} and {@code rng.planner}. The planner's warm-start mean is not saved: every
 * plan starts from zero.
 */
final class PlanetLiteState {
    static final String ADAM_STEPS = "optim.model.steps";
    static final String PLANNER_RNG = "rng.planner";

    private PlanetLiteState() {}

    static AgentState write(DynamicsModel model, Adam adam, long plannerCounter) {
        Backend be = model.backend();
        List<TensorData> tensors = new ArrayList<>();
        expected(model, adam).forEach((n, t) -> tensors.add(TensorData.f32(n, be.toArray(t), t.shape())));
        Map<String, String> scalars = new LinkedHashMap<>();
        scalars.put(ADAM_STEPS, Integer.toString(adam.steps()));
        scalars.put(PLANNER_RNG, Long.toString(plannerCounter));
        return new AgentState(tensors, scalars);
    }

    /**
     * Uploads every tensor of {@code state} into the model and Adam and returns the planner's counter;
     * sets Adam's step count.
     *
     * @throws IllegalArgumentException naming every missing, unexpected or misshapen entry
     */
    static long restore(AgentState state, DynamicsModel model, Adam adam) {
        Map<String, Tensor> expected = expected(model, adam);
        ModelStateEntries.requireMatch(state, ModelStateEntries.shapes(expected), List.of(ADAM_STEPS, PLANNER_RNG),
                "planet-lite model", "was it written with another planet_lite.hidden_dim or env?");
        Map<String, TensorData> byName = ModelStateEntries.byName(state);
        Backend be = model.backend();
        expected.forEach((n, t) -> be.upload(byName.get(n).floats(), 0, t));
        adam.setSteps(Integer.parseInt(state.scalars().get(ADAM_STEPS)));
        return Long.parseLong(state.scalars().get(PLANNER_RNG));
    }

    private static Map<String, Tensor> expected(DynamicsModel model, Adam adam) {
        return ModelStateEntries.modelAndAdam(model.params(), adam);
    }
}
