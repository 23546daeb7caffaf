package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.agent.HeldOutLosses;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * TD-MPC2's world-model losses on a held-out batch (docs/training-features.md#validation), the formulas of
 * {@link Tdmpc2Update} (docs/tdmpc2.md#update) in eval mode (no dropout, no random shift of frames) and
 * without a gradient, on a graph of its own:
 * <ul>
 *   <li>consistency Σ_t ρ^t · mean MSE(z_{t+1}, sg(h(o_{t+1}))) / T over the latent rollout from h(o_0);</li>
 *   <li>reward Σ_t ρ^t · mean_B CE(R(z_t, a_t), r_t) / T;</li>
 *   <li>value Σ_t Σ_q ρ^t · mean_B CE(Q_q(z_t, a_t), td_t) / (T · num_q), td_t from the target heads with the
 *       policy sample and head pair drawn from the caller's stream.</li>
 * </ul>
 * Unweighted by the loss coefficients, as the update reports them.
 */
final class Tdmpc2HeldOutLosses implements HeldOutLosses {
    private final WorldModel model;
    private final float discount;
    private final float[] rhoPowers;
    private Graph graph;

    Tdmpc2HeldOutLosses(WorldModel model, Tdmpc2Spec spec) {
        this.model = model;
        this.discount = (float) spec.discount();
        int h = spec.config().planner().horizon();
        this.rhoPowers = new float[h];
        for (int t = 0; t < h; t++) {
            rhoPowers[t] = (float) Math.pow(spec.config().training().rho(), t);
        }
    }

    @Override
    public Map<String, Double> losses(Batch batch, Rng rng) {
        if (graph == null) {
            graph = new Graph(model.backend());
        }
        try (var s = graph.noGrad()) {
            return compute(graph, batch, rng);
        } finally {
            graph.reset();
        }
    }

    private Map<String, Double> compute(Graph g, Batch batch, Rng rng) {
        int h = batch.length();
        int b = batch.batchSize();
        int l = model.dims().latentDim();
        if (h != rhoPowers.length) {
            throw new IllegalArgumentException("held-out losses: batch horizon " + h + " != config horizon "
                    + rhoPowers.length);
        }
        Pass eval = new Pass(g, Mode.EVAL, rng);
        Tensor obs = ObsTensors.constant(g, batch.obs(), h + 1, b, batch.obsDim());
        Tensor action = g.constant(batch.action(), h, b, batch.actionDim());
        Tensor reward = g.constant(batch.reward(), h, b);
        Tensor terminated = g.constant(batch.terminated(), h, b);
        Tensor rho = g.constant(rhoPowers.clone(), h);

        Tensor nextZ = model.encode(eval, LayoutFn.slice(g, obs, 0, 1, h));
        Tensor td = TdTargets.compute(eval, model, discount, rng, nextZ, reward, terminated).td();

        Tensor z = model.encode(eval, g.view(LayoutFn.slice(g, obs, 0, 0, 1), b, obs.dim(2)));
        List<Tensor> zs = new ArrayList<>(List.of(g.view(z, 1, b, l)));
        List<Tensor> perStep = new ArrayList<>();
        for (int t = 0; t < h; t++) {
            z = model.next(eval, z, g.view(LayoutFn.slice(g, action, 0, t, 1), b, batch.actionDim()));
            Tensor target = g.view(LayoutFn.slice(g, nextZ, 0, t, 1), b, l);
            perStep.add(g.view(ReduceFn.meanAll(g, LossFn.mse(g, z, target)), 1));
            zs.add(g.view(z, 1, b, l));
        }
        Tensor consistency = PointwiseFn.scale(g, ReduceFn.sumAll(g, PointwiseFn.mul(g,
                LayoutFn.concat(g, 0, perStep.toArray(Tensor[]::new)), rho)), 1f / h);
        Tensor zPred = LayoutFn.slice(g, LayoutFn.concat(g, 0, zs.toArray(Tensor[]::new)), 0, 0, h);

        Tensor rewardCe = LossFn.twoHotSoftCe(g, model.reward(eval, zPred, action), reward, model.dims().bins());
        Tensor rewardLoss = PointwiseFn.scale(g, ReduceFn.sumAll(g, PointwiseFn.mul(g, ReduceFn.mean(g, rewardCe, 1),
                rho)), 1f / h);

        int e = model.dims().numQ();
        Tensor qLogits = model.q(eval, zPred, action, QSet.ONLINE);
        Tensor[] tdCopies = new Tensor[e];
        java.util.Arrays.fill(tdCopies, g.view(td, 1, h * b));
        Tensor valueCe = g.view(LossFn.twoHotSoftCe(g, qLogits, LayoutFn.concat(g, 0, tdCopies), model.dims().bins()),
                e, h, b);
        Tensor valueLoss = PointwiseFn.scale(g, ReduceFn.sumAll(g, PointwiseFn.mul(g, ReduceFn.mean(g, valueCe, 2),
                rho)), 1f / (h * e));

        Backend be = model.backend();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("consistency_loss", (double) be.toArray(consistency)[0]);
        out.put("reward_loss", (double) be.toArray(rewardLoss)[0]);
        out.put("value_loss", (double) be.toArray(valueLoss)[0]);
        return out;
    }

    void close() {
        if (graph != null) {
            graph.close();
        }
    }
}
