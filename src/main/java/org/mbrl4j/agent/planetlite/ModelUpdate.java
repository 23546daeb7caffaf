package org.mbrl4j.agent.planetlite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.agent.Divergence;
import org.mbrl4j.agent.ModelUpdateOutcome;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.config.PlanetLiteTrainingConfig;
import org.mbrl4j.nn.Adam;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * One model update (docs/planet-lite.md#loss), the notebook's train_model step: L = mean‖ŝ' − s'‖² +
 * mean(r̂ − r)² over the transitions of the batch (each mean as F.mse_loss, over all elements), then
 * one Adam step (PyTorch defaults, no clipping). No step is taken when the loss or the gradient norm
 * is not finite: the update reports the {@link Divergence} instead.
 */
final class ModelUpdate {
    /** The loss and its parts, then the gradient norm: train.csv's columns. */
    static final String LOSS = "model_loss";
    static final String STATE_LOSS = "state_loss";
    static final String REWARD_LOSS = "reward_loss";
    static final String GRAD_NORM = "grad_norm";

    private final DynamicsModel model;
    private final PlanetLiteTrainingConfig config;
    private final Adam adam;
    private final Tensor normSq;
    /** The Pass's dropout stream: never drawn from (the model has no dropout), so not saved. */
    private final Rng passRng;

    ModelUpdate(DynamicsModel model, PlanetLiteTrainingConfig config, long seed) {
        this.model = model;
        this.config = config;
        Backend be = model.backend();
        this.adam = new Adam(be, List.of(new Adam.Group("model", model.params().all(), (float) config.lr(),
                Adam.DEFAULT_EPS)));
        this.normSq = be.zeros();
        this.passRng = new Rng(seed, 0);
    }

    Adam optimizer() {
        return adam;
    }

    ModelUpdateOutcome update(Graph g, Batch batch) {
        Backend be = model.backend();
        TransitionRows rows = TransitionRows.of(batch, config.lossTransitions());
        int m = rows.rows();
        Pass p = new Pass(g, Mode.TRAIN, passRng);
        Tensor state = g.constant(rows.state(), m, rows.obsDim());
        Tensor action = g.constant(rows.action(), m, rows.actionDim());
        DynamicsModel.Prediction pred = model.forward(p, state, action);
        Tensor stateLoss = ReduceFn.meanAll(g, LossFn.mse(g, pred.nextState(), g.constant(rows.nextState(), m,
                rows.obsDim())));
        Tensor rewardLoss = ReduceFn.meanAll(g, LossFn.mse(g, g.view(pred.reward(), m, 1), g.constant(rows.reward(),
                m, 1)));
        Tensor loss = PointwiseFn.add(g, stateLoss, rewardLoss);
        adam.zeroGrad();
        g.backward(loss);
        be.fillZero(normSq);
        be.optim().sumSquares(adam.grads(), normSq);
        double lossValue = be.toArray(loss)[0];
        double gradNorm = Math.sqrt(be.toArray(normSq)[0]);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(LOSS, lossValue);
        metrics.put(STATE_LOSS, (double) be.toArray(stateLoss)[0]);
        metrics.put(REWARD_LOSS, (double) be.toArray(rewardLoss)[0]);
        metrics.put(GRAD_NORM, gradNorm);
        return ModelUpdateOutcome.stepIfFinite(adam, metrics, LOSS, GRAD_NORM, this::divergence);
    }

    Divergence divergence(String quantity, double value, long update) {
        return new Divergence(update, quantity, value, List.of("planet_lite.lr=" + config.lr()));
    }
}
