package org.mbrl4j.agent.planner;

import org.mbrl4j.autograd.DenseFn;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.NormFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.SelectFn;
import org.mbrl4j.backend.Transpose;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Steps 8-10 of the iteration loop of docs/planner.md#plan-algorithm: top-K elites by score, softmax weights over the elite
 * scores divided by the temperature, and the weighted refit of the sampling mean and std.
 */
public final class EliteRefit {
    private EliteRefit() {}

    /**
     * @param eliteIndices I32 (K): candidate indices, scores descending (ties to the smaller index)
     * @param eliteScores (K): scores[eliteIndices]
     * @param weights (K): softmax(eliteScores / temperature)
     * @param mean (T, A): Σ_k w_k · elite_actions_k
     * @param std (T, A): sqrt(Σ_k w_k · (elite_actions_k − mean)²) clamped to [min_std, max_std]
     */
    public record Refit(Tensor eliteIndices, Tensor eliteScores, Tensor weights, Tensor mean, Tensor std) {}

    /**
     * @param actionsCat (C, T, A) candidates
     * @param scores (C)
     */
    public static Refit refit(Graph g, Tensor actionsCat, Tensor scores, int numElites, float temperature, float stdMin,
            float stdMax) {
        int e = actionsCat.dim(0);
        if (actionsCat.rank() != 3 || scores.rank() != 1 || scores.dim(0) != e) {
            throw new IllegalArgumentException("elite refit: actions_cat " + Shapes.str(actionsCat.shape())
                    + " must be (C, T, A) and scores " + Shapes.str(scores.shape()) + " must be (C)");
        }
        if (numElites < 1 || numElites > e) {
            throw new IllegalArgumentException("elite refit: num_elites=" + numElites + " must be in [1, C=" + e + "]");
        }
        if (!(temperature > 0f) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("elite refit: temperature=" + temperature + " must be finite and > 0");
        }
        int t = actionsCat.dim(1);
        int a = actionsCat.dim(2);
        // 8) elite_indices = topk(scores, K), descending
        SelectFn.TopK top = SelectFn.topk(g, scores, numElites);
        // 9) w = softmax(scores[elite_indices] / temp)
        Tensor w = NormFn.softmax(g, PointwiseFn.div(g, top.values(), g.constant(new float[] {temperature}, 1)));
        // 10) elite_actions = actions_cat[elite_indices]; mean and std weighted by w, as one GEMM each
        Tensor w1 = g.view(w, 1, numElites);
        Tensor elite = LayoutFn.indexSelect(g, actionsCat, 0, top.indices()); // (K, T, A)
        Tensor mean = g.view(DenseFn.matmul(g, w1, Transpose.N, g.view(elite, numElites, t * a), Transpose.N), t, a);
        Tensor dev = PointwiseFn.sub(g, elite, mean);
        Tensor sq = g.view(PointwiseFn.mul(g, dev, dev), numElites, t * a);
        Tensor var = g.view(DenseFn.matmul(g, w1, Transpose.N, sq, Transpose.N), t, a);
        Tensor std = PointwiseFn.clamp(g, sqrt(g, var), stdMin, stdMax);
        return new Refit(top.indices(), top.values(), w, mean, std);
    }

    /** sqrt(x) = exp(½·ln x) for x >= 0 (the op set has no sqrt); x = 0 gives exp(−inf) = 0. */
    private static Tensor sqrt(Graph g, Tensor x) {
        return PointwiseFn.exp(g, PointwiseFn.scale(g, PointwiseFn.log(g, x), 0.5f));
    }
}
