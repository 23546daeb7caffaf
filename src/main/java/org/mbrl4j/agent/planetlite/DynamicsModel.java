package org.mbrl4j.agent.planetlite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mbrl4j.autograd.DenseFn;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.PlanetLiteNextState;
import org.mbrl4j.nn.Init;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The notebook's {@code DynamicsModel} (docs/planet-lite.md#model): x = [s, a] → ReLU(fc1) → ReLU(fc2),
 * then two linear heads, the next state ŝ' (O) and the reward r̂ (1). As in the notebook the next-state
 * head predicts s' itself ({@link PlanetLiteNextState#ABSOLUTE}); with {@link PlanetLiteNextState#DELTA} it
 * predicts s' − s and the model returns s + head. Neither inputs nor targets are normalised. Every
 * weight and bias starts as PyTorch's nn.Linear does: U(−1/√fan_in, 1/√fan_in).
 */
public final class DynamicsModel {
    /** The Philox stream of the initial parameter values: "pl-init" in ASCII. */
    static final long INIT_STREAM = 0x706C2D696E6974L;

    /** ŝ' (M, O) and r̂ (M). */
    public record Prediction(Tensor nextState, Tensor reward) {}

    private final Parameters params;
    private final int obsDim;
    private final int actionDim;
    private final PlanetLiteNextState target;
    private final Tensor[] fc1;
    private final Tensor[] fc2;
    private final Tensor[] nextState;
    private final Tensor[] reward;

    /** The notebook's model: the head predicts the next state itself. */
    public DynamicsModel(Backend backend, int obsDim, int actionDim, int hiddenDim, long seed) {
        this(backend, obsDim, actionDim, hiddenDim, PlanetLiteNextState.ABSOLUTE, seed);
    }

    public DynamicsModel(Backend backend, int obsDim, int actionDim, int hiddenDim, PlanetLiteNextState target,
            long seed) {
        if (obsDim < 1 || actionDim < 1 || hiddenDim < 1) {
            throw new IllegalArgumentException("DynamicsModel: obsDim=" + obsDim + ", actionDim=" + actionDim
                    + " and hiddenDim=" + hiddenDim + " must be >= 1");
        }
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.target = Objects.requireNonNull(target, "target");
        this.params = new Parameters(backend, new Rng(seed, INIT_STREAM));
        this.fc1 = layer("fc1", obsDim + actionDim, hiddenDim);
        this.fc2 = layer("fc2", hiddenDim, hiddenDim);
        this.nextState = layer("next_state", hiddenDim, obsDim);
        this.reward = layer("reward", hiddenDim, 1);
    }

    /** {weight (out, in), bias (out)} named {@code <name>.weight}, {@code <name>.bias}. */
    private Tensor[] layer(String name, int in, int out) {
        Init init = new Init.Uniform((float) (1 / Math.sqrt(in)));
        Parameters.Scope s = params.scope(name);
        return new Tensor[] {s.create("weight", init, out, in), s.create("bias", init, out)};
    }

    /**
     * One step: state (M, O) and action (M, A) in [-1, 1] → ŝ' (M, O) and r̂ (M).
     *
     * @throws IllegalArgumentException when the shapes do not fit the model
     */
    public Prediction forward(Pass p, Tensor state, Tensor action) {
        Graph g = p.graph();
        int m = state.dim(0);
        Shapes.requireShape("DynamicsModel", "state", state, m, obsDim);
        Shapes.requireShape("DynamicsModel", "action", action, m, actionDim);
        Tensor x = LayoutFn.concat(g, 1, state, action);
        Tensor h = relu(g, linear(p, x, fc1));
        h = relu(g, linear(p, h, fc2));
        Tensor r = g.view(linear(p, h, reward), m);
        Tensor head = linear(p, h, nextState);
        return new Prediction(target == PlanetLiteNextState.DELTA ? PointwiseFn.add(g, state, head) : head, r);
    }

    /**
     * max(x, 0). Without gradients (planning) as clamp(x, 0, +inf): the same values bit for bit, and the
     * CPU backend's clamp is vectorised where its unary op is not (a third of a CEM plan's time went to
     * the ReLUs). Training keeps the ReLU op, whose gradient at exactly 0 is 0 where clamp's is 1.
     */
    private static Tensor relu(Graph g, Tensor x) {
        return g.gradEnabled() ? PointwiseFn.relu(g, x) : PointwiseFn.clamp(g, x, 0f, Float.POSITIVE_INFINITY);
    }

    private static Tensor linear(Pass p, Tensor x, Tensor[] layer) {
        return DenseFn.linear(p.graph(), x, p.param(layer[0]), p.param(layer[1]));
    }

    public Parameters params() {
        return params;
    }

    public Backend backend() {
        return params.backend();
    }

    public int obsDim() {
        return obsDim;
    }

    public int actionDim() {
        return actionDim;
    }

    /** Parameter counts: the trunk (fc1, fc2) and the two heads. */
    public Map<String, Long> parameterCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("trunk", params.count("fc1") + params.count("fc2"));
        out.put("next_state_head", params.count("next_state"));
        out.put("reward_head", params.count("reward"));
        return out;
    }
}
