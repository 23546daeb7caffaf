package org.mbrl4j.agent.planner;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * Steps 8-10 of the iteration loop of docs/planner.md#plan-algorithm: top-K elites by score, softmax weights over the elite
 * scores divided by the temperature, and the weighted refit of the sampling mean and std, as one
 * backend op ({@code SelectOps#eliteRefit}) for every episode planned together. The CPU backend defines
 * it as the unfused sequence topk, softmax(scores/temperature), a GEMM for the mean, sqrt as
 * exp(0.5·ln x): the bits TD-MPC2's golden runs recorded.
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
        if (actionsCat.rank() != 3 || scores.rank() != 1 || scores.dim(0) != actionsCat.dim(0)) {
            throw new IllegalArgumentException("elite refit: actions_cat " + Shapes.str(actionsCat.shape())
                    + " must be (C, T, A) and scores " + Shapes.str(scores.shape()) + " must be (C)");
        }
        return refitEach(g, actionsCat, scores, 1, numElites, temperature, stdMin, stdMax)[0];
    }

    /**
     * Steps 8-10 for E episodes in one op ({@code SelectOps#eliteRefit}): episode e owns candidates
     * [e·C, (e+1)·C). Each returned refit holds views of the op's (E, ...) outputs.
     *
     * @param actionsCat (E·C, T, A) candidates, episode-major
     * @param scores (E·C)
     */
    public static Refit[] refitEach(Graph g, Tensor actionsCat, Tensor scores, int episodes, int numElites,
            float temperature, float stdMin, float stdMax) {
        if (episodes < 1 || actionsCat.rank() != 3 || scores.rank() != 1 || scores.dim(0) != actionsCat.dim(0)
                || actionsCat.dim(0) % episodes != 0) {
            throw new IllegalArgumentException("elite refit: actions_cat " + Shapes.str(actionsCat.shape())
                    + " must be (E·C, T, A) and scores " + Shapes.str(scores.shape()) + " must be (E·C) with E="
                    + episodes);
        }
        int c = actionsCat.dim(0) / episodes;
        if (numElites < 1 || numElites > c) {
            throw new IllegalArgumentException("elite refit: num_elites=" + numElites + " must be in [1, C=" + c + "]");
        }
        if (!(temperature > 0f) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("elite refit: temperature=" + temperature + " must be finite and > 0");
        }
        int t = actionsCat.dim(1);
        int a = actionsCat.dim(2);
        Tensor indices = g.tempInt(episodes, numElites);
        Tensor eliteScores = g.temp(episodes, numElites);
        Tensor weights = g.temp(episodes, numElites);
        Tensor mean = g.temp(episodes, t * a);
        Tensor std = g.temp(episodes, t * a);
        g.backend().select().eliteRefit(g.view(scores, episodes, c), g.view(actionsCat, episodes, c, t * a), numElites,
                temperature, stdMin, stdMax, indices, eliteScores, weights, mean, std);
        Refit[] refits = new Refit[episodes];
        for (int e = 0; e < episodes; e++) {
            refits[e] = new Refit(indices.rows(e, 1).reshape(numElites), eliteScores.rows(e, 1).reshape(numElites),
                    weights.rows(e, 1).reshape(numElites), mean.rows(e, 1).reshape(t, a), std.rows(e, 1).reshape(t, a));
        }
        return refits;
    }
}
