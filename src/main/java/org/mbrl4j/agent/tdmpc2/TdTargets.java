package org.mbrl4j.agent.tdmpc2;

import java.util.List;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * The TD targets of one batch, the single place where they are computed: the update's loss
 * ({@link Tdmpc2Update}, {@link AuxValueLoss}) and the snapshots ({@link AuxSnapshot}) both build them
 * here. Shapes: T horizon, B batch; every tensor is (T, B) and stop-gradient.
 *
 * @param td        td_t = r_t + γ (1 − term_t) · bootstrap_t, the primary value target
 * @param bootstrap V̂_primary(s_{t+1}) = min(Q̄_i, Q̄_j)(z'_t, a'_t), a' ~ π(z'_t), two random target heads
 * @param notDone   1 − term_t
 */
record TdTargets(Tensor td, Tensor bootstrap, Tensor notDone) {

    /**
     * docs/tdmpc2.md#td-target from the encoded next observations nextZ (T, B, L). {@code rng} supplies the
     * policy's eps (T·B·A values) then the pair of target heads, in that order; {@code eval} is an
     * eval-mode pass (no dropout). Call inside a no-grad scope.
     */
    static TdTargets compute(Pass eval, WorldModel model, float discount, Rng rng, Tensor nextZ, Tensor reward,
            Tensor terminated) {
        return compute(eval, model, null, discount, rng, nextZ, reward, terminated,
                eval.graph().constant(new float[] {1f}, 1));
    }

    /**
     * {@link #compute} with the next action from {@code ema}'s target policy when it has one (null: none)
     * and the constant 1 of {@code 1 − terminated} given (a persistent tensor: no upload).
     */
    static TdTargets compute(Pass eval, WorldModel model, EmaTargets ema, float discount, Rng rng, Tensor nextZ,
            Tensor reward, Tensor terminated, Tensor one) {
        Graph g = eval.graph();
        int h = nextZ.dim(0);
        int b = nextZ.dim(1);
        PhiloxKey eps = rng.reserve((long) h * b * model.dims().actionDim());
        Tensor nextAction = (ema != null ? ema.pi(eval, nextZ, eps) : model.pi(eval, nextZ, eps)).action();
        Tensor pair = model.randomPair(g, rng);
        Tensor q = g.view(model.qValue(eval, nextZ, nextAction, QSet.TARGET, QReduce.MIN, pair), h, b);
        Tensor notDone = PointwiseFn.add(g, PointwiseFn.neg(g, terminated), one);
        Tensor td = PointwiseFn.add(g, reward, PointwiseFn.scale(g, PointwiseFn.mul(g, notDone, q), discount));
        return new TdTargets(td, q, notDone);
    }

    /**
     * The one-step auxiliary targets of docs/multi-gamma.md#targets, y_i,t = r_t + γ_i (1 − term_t) · bootstrap_t,
     * for each discount of {@code gammas} (head order): reward (T, B) → (T, B, G), stop-gradient.
     */
    Tensor auxiliary(Graph g, Tensor reward, List<Double> gammas) {
        int h = reward.dim(0);
        int b = reward.dim(1);
        int m = gammas.size();
        try (var s = g.noGrad()) {
            Tensor carried = PointwiseFn.mul(g, notDone, bootstrap); // (T, B)
            Tensor[] perGamma = new Tensor[m];
            for (int i = 0; i < m; i++) {
                Tensor y = PointwiseFn.add(g, reward, PointwiseFn.scale(g, carried, gammas.get(i).floatValue()));
                perGamma[i] = g.view(y, h, b, 1);
            }
            return m == 1 ? perGamma[0] : LayoutFn.concat(g, 2, perGamma); // (T, B, G)
        }
    }
}
