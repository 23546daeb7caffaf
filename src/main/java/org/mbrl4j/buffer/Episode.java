package org.mbrl4j.buffer;

import org.mbrl4j.env.ObsSpec;

/**
 * One finished episode of T_e transitions in primitive arrays, row-major. Row t of action, reward and
 * terminated is the transition obs_t → obs_{t+1}. The constructor copies the arrays; treat the
 * accessors' arrays as read-only.
 *
 * @param obs (T_e+1, *obs_shape) observations obs_0 … obs_{T_e}, stored in their own element type
 * @param action (T_e, A) actions in [-1, 1]
 * @param reward (T_e) rewards
 * @param terminated (T_e) 1 where the transition ended in a terminal state, else 0; only the last can be 1
 */
public record Episode(ObsArray obs, int actionDim, float[] action, float[] reward, float[] terminated) {

    public Episode {
        if (obs == null) {
            throw new IllegalArgumentException("Episode: obs must not be null");
        }
        if (actionDim < 1) {
            throw new IllegalArgumentException("Episode: actionDim must be >= 1, got " + actionDim);
        }
        int t = reward.length;
        if (t < 1) {
            throw new IllegalArgumentException("Episode: needs at least 1 transition, got 0 rewards");
        }
        if (obs.count() != t + 1) {
            throw new IllegalArgumentException("Episode: obs holds " + obs.count() + " observations, expected T+1 = "
                    + (t + 1));
        }
        requireLength("action", action, (long) t * actionDim, "T·A = " + t + "·" + actionDim);
        requireLength("terminated", terminated, t, "T = " + t);
        for (int i = 0; i < t; i++) {
            float v = terminated[i];
            if (v != 0f && v != 1f) {
                throw new IllegalArgumentException("Episode: terminated[" + i + "] = " + v + ", must be 0 or 1");
            }
            if (v == 1f && i != t - 1) {
                throw new IllegalArgumentException("Episode: terminated[" + i + "] = 1 before the last step "
                        + (t - 1) + "; an episode ends at its first terminal transition");
            }
        }
        obs = obs.rows(0, t + 1);
        action = action.clone();
        reward = reward.clone();
        terminated = terminated.clone();
    }

    /** An episode of f32 state vectors of {@code obsDim} values: obs is (T_e+1, O). */
    public static Episode ofVectors(int obsDim, int actionDim, float[] obs, float[] action, float[] reward,
            float[] terminated) {
        return new Episode(new ObsArray.F32(ObsSpec.vector(obsDim), obs), actionDim, action, reward, terminated);
    }

    public ObsSpec obsSpec() {
        return obs.spec();
    }

    /** T_e, the number of transitions. */
    public int length() {
        return reward.length;
    }

    /** The sum of the rewards. */
    public double totalReward() {
        double sum = 0;
        for (float r : reward) {
            sum += r;
        }
        return sum;
    }

    private static void requireLength(String name, float[] a, long expected, String rule) {
        if (a.length != expected) {
            throw new IllegalArgumentException("Episode: " + name + " has " + a.length + " values, expected "
                    + expected + " = " + rule);
        }
    }
}
