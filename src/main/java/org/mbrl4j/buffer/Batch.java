package org.mbrl4j.buffer;

/**
 * A sampled training batch of B windows of T transitions each, in time-major layout (docs/tdmpc2.md
 * docs/tdmpc2.md#batch-layout): row t of action, reward and terminated is the transition obs_t → obs_{t+1} of the same
 * window. TD-MPC2 samples T = horizon; PlaNet trains on chunks of T = 50.
 *
 * @param length T, the transitions per window (T+1 observations)
 * @param obs (T+1, B, *obs_shape) in the observations' own element type: element (t, b, i) at
 *     (t·B + b)·size + i, where size is the elements per observation
 * @param action (T, B, A): action[(t·B + b)·A + d]
 * @param reward (T, B): reward[t·B + b]
 * @param terminated (T, B): 1 where the transition ended in a terminal state, else 0
 */
public record Batch(int length, int batchSize, int actionDim, ObsArray obs, float[] action, float[] reward,
        float[] terminated) {

    public Batch {
        if (length < 1 || batchSize < 1 || actionDim < 1) {
            throw new IllegalArgumentException("Batch: length, batchSize and actionDim must be >= 1, got " + length
                    + ", " + batchSize + ", " + actionDim);
        }
        if (obs.count() != (long) (length + 1) * batchSize) {
            throw new IllegalArgumentException("Batch: obs holds " + obs.count() + " observations, expected (L+1)·B = "
                    + (length + 1) + "·" + batchSize);
        }
        requireLength("action", action, (long) length * batchSize * actionDim);
        requireLength("reward", reward, (long) length * batchSize);
        requireLength("terminated", terminated, (long) length * batchSize);
    }

    /** Elements per observation: O for state vectors, Ch·Hp·Wp for frames. */
    public int obsDim() {
        return obs.spec().size();
    }

    /** Element offset of obs[t, b] in the observation values. */
    public int obsOffset(int t, int b) {
        return (t * batchSize + b) * obsDim();
    }

    /** Offset of action[t, b, 0]. */
    public int actionOffset(int t, int b) {
        return (t * batchSize + b) * actionDim;
    }

    private static void requireLength(String name, float[] a, long expected) {
        if (a.length != expected) {
            throw new IllegalArgumentException("Batch: " + name + " has " + a.length + " values, expected "
                    + expected);
        }
    }
}
