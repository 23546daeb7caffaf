package org.mbrl4j.agent.planner;

import java.util.Arrays;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.RandomFn;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * sample_action_sequences of docs/planner.md#sampling: Gaussian candidate action sequences
 * around the planner's mean, clamped to the action box.
 */
public final class Sampling {
    /** Actions live in [-1, 1] (docs/tdmpc2.md#conventions). */
    public static final float ACTION_LOW = -1f;
    public static final float ACTION_HIGH = 1f;

    private final float stdMin;
    private final float stdMax;

    /** @param stdMin config min_std, @param stdMax config max_std (the std clip range) */
    public Sampling(float stdMin, float stdMax) {
        if (!(stdMin > 0f && stdMin <= stdMax) || !Float.isFinite(stdMax)) {
            throw new IllegalArgumentException("sample_action_sequences: need 0 < min_std <= max_std < inf, got"
                    + " min_std=" + stdMin + ", max_std=" + stdMax);
        }
        this.stdMin = stdMin;
        this.stdMax = stdMax;
    }

    /**
     * (N, T, A) = clamp(mean + clip(std, min_std, max_std) · eps, -1, 1) with eps ~ N(0, I) the
     * N·T·A Philox normals of {@code key} (take it from {@code Rng.reserve(N·T·A)}).
     *
     * @param mean (T, A)
     * @param std (T, A)
     */
    public Tensor sampleActionSequences(Graph g, Tensor mean, Tensor std, int numSamples, PhiloxKey key) {
        if (mean.rank() != 2 || !Arrays.equals(mean.shape(), std.shape())) {
            throw new IllegalArgumentException("sample_action_sequences: mean " + Shapes.str(mean.shape()) + " and std "
                    + Shapes.str(std.shape()) + " must both be (T, A)");
        }
        if (numSamples < 1) {
            throw new IllegalArgumentException("sample_action_sequences: num_samples=" + numSamples + " must be >= 1");
        }
        Tensor eps = RandomFn.normal(g, key, 0f, 1f, numSamples, mean.dim(0), mean.dim(1));
        Tensor clipped = PointwiseFn.clamp(g, std, stdMin, stdMax);
        Tensor actions = PointwiseFn.add(g, PointwiseFn.mul(g, eps, clipped), mean); // (T, A) broadcast over N
        return PointwiseFn.clamp(g, actions, ACTION_LOW, ACTION_HIGH);
    }
}
