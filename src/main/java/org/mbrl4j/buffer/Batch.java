package org.mbrl4j.buffer;

/**
 * A sampled training batch in time-major layout (reference facts §4.1): row t of action, reward and
 * terminated is the transition obs_t → obs_{t+1} of the same window.
 *
 * @param obs (H+1, B, O): obs[(t·B + b)·O + d]
 * @param action (H, B, A): action[(t·B + b)·A + d]
 * @param reward (H, B): reward[t·B + b]
 * @param terminated (H, B): 1 where the transition ended in a terminal state, else 0
 */
public record Batch(int horizon, int batchSize, int obsDim, int actionDim, float[] obs, float[] action,
        float[] reward, float[] terminated) {

    public Batch {
        requireLength("obs", obs, (long) (horizon + 1) * batchSize * obsDim);
        requireLength("action", action, (long) horizon * batchSize * actionDim);
        requireLength("reward", reward, (long) horizon * batchSize);
        requireLength("terminated", terminated, (long) horizon * batchSize);
    }

    /** Offset of obs[t, b, 0]. */
    public int obsOffset(int t, int b) {
        return (t * batchSize + b) * obsDim;
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
