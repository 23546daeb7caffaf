package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.agent.PolicyPriorUpdate;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.backend.PhaseSequence;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * The policy-only pathway of TD-MPC2 (docs/training-features.md#policy-only-updates): the latents
 * z_0 = h(o_0), z_{t+1} = d(z_t, a_t) of the batch's windows, computed without a gradient (the same rollout
 * as the consistency loss, in eval mode), then the policy loss of {@link Tdmpc2Update} on them and the policy
 * Adam step. The world model, its optimizer, the target Qs and their Polyak update are not touched; the
 * running scale moves as in every policy loss. Draws from the update and dropout streams like a full update.
 */
final class PolicyOnlyUpdate {
    private final WorldModel model;
    private final Tdmpc2Update updater;
    private final Rng rng;
    private final Rng dropoutRng;

    PolicyOnlyUpdate(WorldModel model, Tdmpc2Update updater, Rng rng, Rng dropoutRng) {
        this.model = model;
        this.updater = updater;
        this.rng = rng;
        this.dropoutRng = dropoutRng;
    }

    /**
     * One policy-only update on {@code batch}; metrics named as the full update's policy metrics with the
     * prefix {@value PolicyPriorUpdate#METRIC_PREFIX}. Resets the graph at the end.
     *
     * @throws DivergedException naming the first non-finite metric, before the policy step that would take it
     */
    Map<String, Double> update(Graph g, Batch batch) {
        long update = updater.piOptimizer().steps() + 1L;
        Tensor latents = latents(g, batch);
        Map<String, Double> metrics = new LinkedHashMap<>();
        try (var phases = PhaseSequence.open(model.backend())) {
            updater.policyUpdate(phases, g, latents, null, metrics, update);
        } finally {
            g.reset();
        }
        Map<String, Double> prefixed = new LinkedHashMap<>();
        metrics.forEach((k, v) -> prefixed.put(PolicyPriorUpdate.METRIC_PREFIX + k, v));
        return prefixed;
    }

    /** (T+1, B, L): the encoded first observation and its rollout through the batch's actions, no gradient. */
    private Tensor latents(Graph g, Batch batch) {
        int h = batch.length();
        int b = batch.batchSize();
        int l = model.dims().latentDim();
        Tensor obs = ObsTensors.constant(g, batch.obs(), h + 1, b, batch.obsDim());
        if (model.pixels() != null) {
            obs = ShiftAug.apply(g, obs, model.pixels(), rng);
        }
        Tensor action = g.constant(batch.action(), h, b, batch.actionDim());
        try (var s = g.noGrad()) {
            Pass eval = new Pass(g, Mode.EVAL, dropoutRng);
            Tensor z = model.encode(eval, g.view(LayoutFn.slice(g, obs, 0, 0, 1), b, obs.dim(2)));
            List<Tensor> zs = new ArrayList<>(List.of(g.view(z, 1, b, l)));
            for (int t = 0; t < h; t++) {
                z = model.next(eval, z, g.view(LayoutFn.slice(g, action, 0, t, 1), b, batch.actionDim()));
                zs.add(g.view(z, 1, b, l));
            }
            return LayoutFn.concat(g, 0, zs.toArray(Tensor[]::new)).detach();
        }
    }
}
