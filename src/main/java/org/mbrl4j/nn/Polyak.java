package org.mbrl4j.nn;

import java.util.List;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.Tensor;

/**
 * Polyak averaging of target copies: target ← target + tau · (online − target) (docs/tdmpc2.md#polyak,
 * {@code lerp_} with tau = 0.01 after every update).
 */
public final class Polyak {
    private final Backend backend;
    private final List<Tensor> targets;
    private final List<Tensor> sources;
    private final float tau;

    public Polyak(Backend backend, List<Tensor> targets, List<Tensor> sources, float tau) {
        if (targets.size() != sources.size()) {
            throw new IllegalArgumentException("Polyak: " + targets.size() + " targets but " + sources.size()
                    + " sources");
        }
        for (int i = 0; i < targets.size(); i++) {
            if (!java.util.Arrays.equals(targets.get(i).shape(), sources.get(i).shape())) {
                throw new IllegalArgumentException("Polyak: target " + i + " " + targets.get(i) + " and source "
                        + sources.get(i) + " differ in shape");
            }
        }
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("tau=" + tau + " must be in (0, 1]");
        }
        this.backend = backend;
        this.targets = List.copyOf(targets);
        this.sources = List.copyOf(sources);
        this.tau = tau;
    }

    public void update() {
        backend.optim().lerp(targets, sources, tau);
    }

    /** {@link #update()} unless the device flag halt[0] is set (a captured update's divergence gate). */
    public void update(Tensor halt) {
        backend.optim().lerpUnlessHalted(targets, sources, tau, halt);
    }
}
