package org.mbrl4j.agent.planner;

import java.util.function.UnaryOperator;
import org.mbrl4j.autograd.DenseFn;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The scoring utilities of docs/planner.md#values-of-head-0, docs/planner.md#disagreement, docs/planner.md#combine_scores (compute_values_head0, compute_disagreement, combine_scores).
 * Values follow the reference _estimate_value (docs/tdmpc2.md#value-estimate).
 */
public final class Scoring {
    /** values_scaled = values_unscaled · 1.0: scaling is deferred (docs/planner.md#values-of-head-0) (no RunningScale in planning). */
    public static final float VALUE_SCALE = 1f;
    /** Termination threshold on sigmoid(logit) (docs/tdmpc2.md#value-estimate). */
    static final float TERMINATION_THRESHOLD = 0.5f;
    /**
     * Turns sigmoid(x) − 0.5 into the indicator [sigmoid(x) > 0.5] by clamp(gain · d, 0, 1): float32
     * values in (0.5, 1] are at least 0.5 + 2^-24, so any positive d is >= 2^-24 and 2^30 · d >= 64.
     */
    static final float INDICATOR_GAIN = 0x1p30f;

    /** (N) returns: unscaled, and scaled = unscaled · {@link #VALUE_SCALE}. */
    public record Values(Tensor unscaled, Tensor scaled) {}

    private final PlanningModel model;
    private final float discount;
    private final PinnedConstants constants;

    /** @param discount γ (RunSpec.discount) */
    public Scoring(PlanningModel model, double discount) {
        if (!(discount > 0 && discount <= 1)) {
            throw new IllegalArgumentException("discount=" + discount + " must be in (0, 1]");
        }
        this.model = model;
        this.discount = (float) discount;
        this.constants = new PinnedConstants(model.backend());
    }

    /**
     * compute_values_head0: G = Σ_{t<T} γ^t·alive_t·two_hot_inv(R(z_t, a_t)) + γ^T·alive_T·Q_avg(z_T, π(z_T)),
     * where alive_t = 1 − min(1, Σ_{1<=s<=t} [sigmoid(term(z_s)) > 0.5]) for episodic models, else 1.
     *
     * @param latentsHead0 (N, T+1, L) head-0 latents, index 0 = z0
     * @param actions (N, T, A)
     * @param rng draws the bootstrap action and the Q pair
     */
    public Values computeValuesHead0(Pass p, Tensor latentsHead0, Tensor actions, Rng rng) {
        return values(p, latentsHead0, actions, zT -> model.bootstrapValue(p, zT, rng));
    }

    /**
     * {@link #computeValuesHead0(Pass, Tensor, Tensor, Rng)} for candidates [firstRow, firstRow + N) of the
     * candidates {@code draws} was drawn for: bit for bit those rows of the one-call values.
     */
    public Values computeValuesHead0(Pass p, Tensor latentsHead0, Tensor actions, BootstrapDraws draws,
            int firstRow) {
        return values(p, latentsHead0, actions, zT -> model.bootstrapValue(p, zT, draws, firstRow));
    }

    private Values values(Pass p, Tensor latentsHead0, Tensor actions, UnaryOperator<Tensor> bootstrapOf) {
        Graph g = p.graph();
        int n = actions.dim(0);
        int t = actions.dim(1);
        int l = model.latentDim();
        requireValueShapes(latentsHead0, actions, n, t, l);
        Tensor rewards = model.rewardValues(p, LayoutFn.slice(g, latentsHead0, 1, 0, t), actions); // (N, T)
        Tensor zT = g.view(LayoutFn.slice(g, latentsHead0, 1, t, 1), n, l);
        Tensor bootstrap = g.view(bootstrapOf.apply(zT), n, 1);
        Tensor slots = LayoutFn.concat(g, 1, rewards, bootstrap); // (N, T+1): r_0..r_{T-1}, Q
        Tensor weighted = PointwiseFn.mul(g, slots, constants.floats("discount_powers", discountPowers(t), t + 1));
        if (model.episodic()) {
            weighted = PointwiseFn.mul(g, weighted, alive(p, latentsHead0, n, t));
        }
        Tensor unscaled = ReduceFn.sum(g, weighted, 1);
        return new Values(unscaled, PointwiseFn.scale(g, unscaled, VALUE_SCALE));
    }

    /** alive (N, T+1): slot j is cut once any of z_1..z_j is predicted terminal (j = T: the bootstrap). */
    private Tensor alive(Pass p, Tensor latentsHead0, int n, int t) {
        Graph g = p.graph();
        Tensor logits = model.terminationLogits(p, LayoutFn.slice(g, latentsHead0, 1, 1, t)); // (N, T) for z_1..z_T
        Tensor threshold = constants.floats("termination_threshold", new float[] {TERMINATION_THRESHOLD}, 1);
        Tensor above = PointwiseFn.sub(g, PointwiseFn.sigmoid(g, logits), threshold);
        Tensor ended = PointwiseFn.clamp(g, PointwiseFn.scale(g, above, INDICATOR_GAIN), 0f, 1f);
        // term_j = clip(Σ_{s<j} ended_s, max 1): one GEMM with the strictly-upper-triangular (T, T+1) ones.
        Tensor prefix = constants.floats("prefix_matrix", prefixMatrix(t), t, t + 1);
        Tensor counts = DenseFn.matmul(g, ended, Transpose.N, prefix, Transpose.N);
        Tensor term = PointwiseFn.clamp(g, counts, 0f, 1f);
        return PointwiseFn.add(g, PointwiseFn.neg(g, term), constants.floats("one", new float[] {1f}, 1));
    }

    /** [γ^0, γ^1, ..., γ^T], accumulated in double. */
    private float[] discountPowers(int t) {
        float[] d = new float[t + 1];
        double disc = 1;
        for (int i = 0; i <= t; i++) {
            d[i] = (float) disc;
            disc *= discount;
        }
        return d;
    }

    /** M (T, T+1) with M[s, j] = 1 when s < j: row s is z_{s+1}, which cuts slots j > s. */
    private static float[] prefixMatrix(int t) {
        float[] m = new float[t * (t + 1)];
        for (int s = 0; s < t; s++) {
            for (int j = s + 1; j <= t; j++) {
                m[s * (t + 1) + j] = 1f;
            }
        }
        return m;
    }

    private static void requireValueShapes(Tensor latents, Tensor actions, int n, int t, int l) {
        if (actions.rank() != 3) {
            throw new IllegalArgumentException("compute_values_head0: actions must be (N, T, A), got "
                    + Shapes.str(actions.shape()));
        }
        if (latents.rank() != 3 || latents.dim(0) != n || latents.dim(1) != t + 1 || latents.dim(2) != l) {
            throw new IllegalArgumentException("compute_values_head0: latents_head0 must be (N, T+1, L) = "
                    + Shapes.str(n, t + 1, l) + " for actions " + Shapes.str(actions.shape()) + ", got "
                    + Shapes.str(latents.shape()));
        }
    }

    /**
     * compute_disagreement: var over heads (population, unbiased=False), then mean over L:
     * (D, N, L) → (N). Computed as the two-pass variance of the offsets from head 0 (shift-invariant,
     * so the same value), which is exactly zero when every head equals head 0 for any D (the plain form
     * can leave ulp residues because mean(x, x, x) need not round to x).
     */
    public static Tensor computeDisagreement(Graph g, Tensor finalLatentsAll) {
        if (finalLatentsAll.rank() != 3) {
            throw new IllegalArgumentException("compute_disagreement: final_latents_all must be (D, N, L), got "
                    + Shapes.str(finalLatentsAll.shape()));
        }
        int n = finalLatentsAll.dim(1);
        int l = finalLatentsAll.dim(2);
        Tensor head0 = g.view(LayoutFn.slice(g, finalLatentsAll, 0, 0, 1), n, l);
        Tensor offsets = PointwiseFn.sub(g, finalLatentsAll, head0);
        Tensor centered = PointwiseFn.sub(g, offsets, ReduceFn.mean(g, offsets, 0));
        Tensor var = ReduceFn.mean(g, PointwiseFn.mul(g, centered, centered), 0); // (N, L)
        return ReduceFn.mean(g, var, 1);
    }

    /** combine_scores: values when disagreements is null or lambda is 0, else values + lambda · disagreements. */
    public static Tensor combineScores(Graph g, Tensor valuesScaled, Tensor disagreements, float lambda) {
        if (disagreements == null || lambda == 0f) {
            return valuesScaled;
        }
        Shapes.requireSameShape("combine_scores", "values_scaled", valuesScaled, "disagreements", disagreements);
        return PointwiseFn.add(g, valuesScaled, PointwiseFn.scale(g, disagreements, lambda));
    }
}
