package org.mbrl4j.agent.planner;

import java.util.Arrays;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.autograd.SelectFn;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The CEM's refit (iteration steps 8-10 with uniform weights): the top-K elites by score, each
 * weighing 1/K, so the new mean is the elites' average and the new std their population std
 * (sqrt of the average squared deviation), clamped to [min_std, max_std].
 */
final class UniformEliteRefit {
    private UniformEliteRefit() {}

    /**
     * @param actionsCat (C, T, A) candidates
     * @param scores (C)
     * @return the elites (scores descending, ties to the smaller index), weights (K) all 1/K, mean and
     *     std (T, A)
     */
    static EliteRefit.Refit refit(Graph g, Tensor actionsCat, Tensor scores, int numElites, float stdMin,
            float stdMax) {
        if (actionsCat.rank() != 3 || scores.rank() != 1 || scores.dim(0) != actionsCat.dim(0)) {
            throw new IllegalArgumentException("uniform elite refit: actions_cat " + Shapes.str(actionsCat.shape())
                    + " must be (C, T, A) and scores " + Shapes.str(scores.shape()) + " must be (C)");
        }
        if (numElites < 1 || numElites > actionsCat.dim(0)) {
            throw new IllegalArgumentException("uniform elite refit: num_elites=" + numElites + " must be in [1, C="
                    + actionsCat.dim(0) + "]");
        }
        // 8) elite_indices = topk(scores, K), descending
        SelectFn.TopK top = SelectFn.topk(g, scores, numElites);
        // 9) w = 1/K for every elite
        float[] uniform = new float[numElites];
        Arrays.fill(uniform, 1f / numElites);
        Tensor w = g.constant(uniform, numElites);
        // 10) mean and std as plain averages over the elites
        Tensor elite = LayoutFn.indexSelect(g, actionsCat, 0, top.indices()); // (K, T, A)
        Tensor mean = ReduceFn.mean(g, elite, 0); // (T, A)
        Tensor dev = PointwiseFn.sub(g, elite, mean);
        Tensor var = ReduceFn.mean(g, PointwiseFn.mul(g, dev, dev), 0);
        Tensor std = PointwiseFn.clamp(g, sqrt(g, var), stdMin, stdMax);
        return new EliteRefit.Refit(top.indices(), top.values(), w, mean, std);
    }

    /** sqrt(x) = exp(½·ln x) for x >= 0 (the op set has no sqrt); x = 0 gives exp(−inf) = 0. */
    private static Tensor sqrt(Graph g, Tensor x) {
        return PointwiseFn.exp(g, PointwiseFn.scale(g, PointwiseFn.log(g, x), 0.5f));
    }
}
