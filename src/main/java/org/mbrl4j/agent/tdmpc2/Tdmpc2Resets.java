package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mbrl4j.agent.ParameterResets;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.OptimOps.AdamSlot;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.tensor.Tensor;

/**
 * TD-MPC2's parameter resets (docs/training-features.md#resets). Reset n of components C:
 * <ul>
 *   <li>θ₀ is the whole world model initialised afresh under Philox key {@link #freshSeed}(seed, n) (the init
 *       stream of that key: a stream no other draw of the run uses), and for every parameter of C
 *       θ ← α·θ + β·θ₀, in f32;</li>
 *   <li>the target copies of C's parameters (the target Qs when C holds {@code q}, the EMA encoder and policy of
 *       {@link EmaTargets} when C holds them) take the same step θ̄ ← α·θ̄ + β·θ₀ (a full reset restarts them at
 *       the fresh values, as the online ones);</li>
 *   <li>the Adam moments m and v of every parameter of C are zeroed; the optimizer's step counter, shared by
 *       all its parameters, goes on.</li>
 * </ul>
 * The other components, their moments, the running scale and every stream stay as they were.
 */
final class Tdmpc2Resets implements ParameterResets {
    /** θ₀'s key: seed + (RESET_KEY + n)·2^32, beyond every 32-bit run seed. */
    static final long RESET_KEY = 0x4000;

    private final WorldModel model;
    private final Tdmpc2Spec spec;
    private final List<Adam> optimizers;
    private final EmaTargets ema;

    /** @param ema the EMA targets, or null */
    Tdmpc2Resets(WorldModel model, Tdmpc2Spec spec, List<Adam> optimizers, EmaTargets ema) {
        this.model = model;
        this.spec = spec;
        this.optimizers = List.copyOf(optimizers);
        this.ema = ema;
    }

    /** The Philox key of reset {@code number}'s fresh initialisation. */
    static long freshSeed(long seed, long number) {
        return seed + ((RESET_KEY + number) << 32);
    }

    @Override
    public List<String> components() {
        Set<String> names = new LinkedHashSet<>();
        model.params().asMap().keySet().forEach(n -> names.add(component(n)));
        return List.copyOf(names);
    }

    @Override
    public void reset(List<String> components, double alpha, double beta, long number) {
        List<String> known = components();
        for (String c : components) {
            if (!known.contains(c)) {
                throw new IllegalArgumentException("reset: unknown component '" + c + "'; this model has " + known);
            }
        }
        Backend be = model.backend();
        WorldModel fresh = new WorldModel(be, model.dims(), model.pixels(), freshSeed(spec.seed(), number));
        Map<String, Tensor> init = fresh.params().asMap();
        Map<Tensor, Boolean> reset = new IdentityHashMap<>();
        List<Map.Entry<String, Tensor>> targets = new ArrayList<>(model.params().asMap().entrySet());
        targets.addAll(model.targetParams().asMap().entrySet());
        if (ema != null) {
            targets.addAll(ema.params().entrySet());
        }
        float a = (float) alpha;
        float b = (float) beta;
        for (Map.Entry<String, Tensor> e : targets) {
            if (!components.contains(component(e.getKey()))) {
                continue;
            }
            float[] theta = be.toArray(e.getValue());
            float[] theta0 = be.toArray(init.get(e.getKey()));
            for (int i = 0; i < theta.length; i++) {
                theta[i] = a * theta[i] + b * theta0[i];
            }
            be.upload(theta, 0, e.getValue());
            reset.put(e.getValue(), true);
        }
        for (Adam adam : optimizers) {
            for (AdamSlot s : adam.slots()) {
                if (reset.containsKey(s.param())) {
                    be.fillZero(s.m());
                    be.fillZero(s.v());
                }
            }
        }
    }

    private static String component(String parameterName) {
        int dot = parameterName.indexOf('.');
        return dot < 0 ? parameterName : parameterName.substring(0, dot);
    }
}
