package org.mbrl4j.agent.planet;

import java.util.List;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.RandomFn;
import org.mbrl4j.autograd.RecurrentFn;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * One step of PlaNet's recurrent state-space model (ecosystem-facts §A.2; Hafner et al. 2019, eq. 4):
 * <pre>
 *   transition (prior):  x = ReLU(W_pre [s_{t−1}, a_{t−1}]),  h_t = GRU(x, h_{t−1}),
 *                        (μ, σ) = stats(W_prior ReLU(W_ph h_t))
 *   posterior:           (μ, σ) = stats(W_post ReLU(W_qh [h_t, e_t]))
 *   stats(y):            μ = y[:S], σ = softplus(y[S:]) + min_std
 * </pre>
 * The GRU is the PyTorch-convention cell ({@link RecurrentFn#gruCell}) on dense gate projections. The
 * posterior reuses the prior's h_t. Features for the decoder, the reward head and the planner are
 * [s_t, h_t].
 */
final class RssmCell {
    /** A diagonal Gaussian (M, S). */
    record Gaussian(Tensor mean, Tensor std) {}

    /** The transition's deterministic state h_t (M, D) and its prior over s_t. */
    record Prior(Tensor h, Gaussian dist) {}

    private final Tensor[] pre;
    private final Tensor[] gruIh;
    private final Tensor[] gruHh;
    private final Tensor[] priorHidden;
    private final Tensor[] prior;
    private final Tensor[] postHidden;
    private final Tensor[] post;
    private final int deter;
    private final int stoch;
    private final float minStd;

    RssmCell(Parameters.Scope scope, int deter, int stoch, int hidden, int actionDim, int embedSize, float minStd) {
        this.deter = deter;
        this.stoch = stoch;
        this.minStd = minStd;
        this.pre = Layers.dense(scope, "pre", stoch + actionDim, hidden);
        this.gruIh = Layers.dense(scope, "gru_ih", hidden, 3 * deter);
        this.gruHh = Layers.dense(scope, "gru_hh", deter, 3 * deter);
        this.priorHidden = Layers.dense(scope, "prior_hidden", deter, hidden);
        this.prior = Layers.dense(scope, "prior", hidden, 2 * stoch);
        this.postHidden = Layers.dense(scope, "post_hidden", deter + embedSize, hidden);
        this.post = Layers.dense(scope, "post", hidden, 2 * stoch);
    }

    int deterSize() {
        return deter;
    }

    int stochSize() {
        return stoch;
    }

    /** The transition from s (M, S), a (M, A), h (M, D) to h_t and the prior over s_t. */
    Prior prior(Pass p, Tensor s, Tensor a, Tensor h) {
        Graph g = p.graph();
        Tensor x = Layers.relu(p, Layers.linear(p, LayoutFn.concat(g, 1, s, a), pre));
        Tensor hNew = RecurrentFn.gruCell(g, Layers.linear(p, x, gruIh), Layers.linear(p, h, gruHh), h);
        Tensor y = Layers.linear(p, Layers.relu(p, Layers.linear(p, hNew, priorHidden)), prior);
        return new Prior(hNew, stats(g, y));
    }

    /** The posterior over s_t from h_t (M, D) and the frame's embedding e_t (M, E). */
    Gaussian posterior(Pass p, Tensor h, Tensor embed) {
        Graph g = p.graph();
        Tensor x = Layers.relu(p, Layers.linear(p, LayoutFn.concat(g, 1, h, embed), postHidden));
        return stats(g, Layers.linear(p, x, post));
    }

    /** s = μ + σ·ε with ε ~ N(0, I) from {@code key} (M·S values); differentiable in μ and σ. */
    static Tensor sample(Graph g, Gaussian d, PhiloxKey key) {
        Tensor eps = RandomFn.normal(g, key, 0f, 1f, d.mean().shape());
        return PointwiseFn.add(g, d.mean(), PointwiseFn.mul(g, d.std(), eps));
    }

    /** [s, h] (M, S + D). */
    static Tensor features(Graph g, Tensor s, Tensor h) {
        return LayoutFn.concat(g, 1, s, h);
    }

    private Gaussian stats(Graph g, Tensor y) {
        List<Tensor> parts = LayoutFn.split(g, y, 1, stoch, stoch);
        Tensor std = PointwiseFn.add(g, PointwiseFn.softplus(g, parts.get(1)), g.constant(new float[] {minStd}, 1));
        return new Gaussian(parts.get(0), std);
    }
}
