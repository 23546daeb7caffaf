package org.mbrl4j.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.tensor.Tensor;

/**
 * The checkpoint entries of an agent with one model and its Adam (PlaNet, PlaNet-lite): the parameters as
 * {@code model.<name>}, the moments as {@code optim.model.m.<name>} and {@code optim.model.v.<name>}, and
 * the check of a saved {@link AgentState} against the entries a model expects.
 */
public final class ModelStateEntries {
    private ModelStateEntries() {}

    /** Every saved parameter and moment by its checkpoint name, in save order. */
    public static Map<String, Tensor> modelAndAdam(Parameters params, Adam adam) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<Tensor, String> names = new IdentityHashMap<>();
        params.asMap().forEach((n, t) -> {
            names.put(t, n);
            out.put("model." + n, t);
        });
        for (AdamSlot s : adam.slots()) {
            out.put("optim.model.m." + names.get(s.param()), s.m());
            out.put("optim.model.v." + names.get(s.param()), s.v());
        }
        return out;
    }

    /** The tensors of {@code state} by name. */
    public static Map<String, TensorData> byName(AgentState state) {
        Map<String, TensorData> byName = new HashMap<>();
        state.tensors().forEach(t -> byName.put(t.name(), t));
        return byName;
    }

    /**
     * Throws unless {@code state} holds exactly the tensors of {@code shapes} with those shapes and every
     * scalar of {@code scalarKeys}.
     *
     * @param model what the checkpoint is restored into, e.g. {@code "planet model"}
     * @param hint  the likely cause, e.g. {@code "was it written with other planet.* sizes or another env?"}
     * @throws IllegalArgumentException naming every missing, unexpected or misshapen entry (the first 8)
     */
    public static void requireMatch(AgentState state, Map<String, int[]> shapes, List<String> scalarKeys,
            String model, String hint) {
        Map<String, TensorData> byName = byName(state);
        List<String> problems = new ArrayList<>();
        shapes.forEach((n, shape) -> {
            TensorData d = byName.get(n);
            if (d == null) {
                problems.add("missing tensor '" + n + "'");
            } else if (!Arrays.equals(d.shape(), shape)) {
                problems.add("tensor '" + n + "' has shape " + Arrays.toString(d.shape()) + ", this model needs "
                        + Arrays.toString(shape));
            }
        });
        byName.keySet().stream().filter(n -> !shapes.containsKey(n)).sorted()
                .forEach(n -> problems.add("unexpected tensor '" + n + "'"));
        for (String key : scalarKeys) {
            if (!state.scalars().containsKey(key)) {
                problems.add("missing value '" + key + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the checkpoint does not match this " + model + " (" + problems.size()
                    + " problems; " + hint + "): " + String.join("; ", problems.subList(0, Math.min(problems.size(), 8))));
        }
    }

    /** The shapes of {@code tensors}, by the same names and in the same order. */
    public static Map<String, int[]> shapes(Map<String, Tensor> tensors) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        tensors.forEach((n, t) -> shapes.put(n, t.shape()));
        return shapes;
    }
}
