package org.mbrl4j.buffer;

import java.util.Arrays;

/**
 * Accumulates one episode step by step in growable primitive arrays: {@link #start} with obs_0,
 * then {@link #add} per transition, then {@link #build}, which also clears the builder.
 */
public final class EpisodeBuilder {
    private static final int INITIAL_STEPS = 64;

    private final int obsDim;
    private final int actionDim;
    private float[] obs;        // (T+1, O) as filled so far
    private float[] action;     // (T, A)
    private float[] reward;     // (T)
    private float[] terminated; // (T)
    private int steps = -1;     // -1: not started

    public EpisodeBuilder(int obsDim, int actionDim) {
        if (obsDim < 1 || actionDim < 1) {
            throw new IllegalArgumentException("EpisodeBuilder: obsDim and actionDim must be >= 1, got " + obsDim
                    + ", " + actionDim);
        }
        this.obsDim = obsDim;
        this.actionDim = actionDim;
    }

    /** Starts an episode with its first observation (O), discarding anything unbuilt. */
    public void start(float[] obs0) {
        requireDim("obs0", obs0, obsDim);
        obs = new float[(INITIAL_STEPS + 1) * obsDim];
        action = new float[INITIAL_STEPS * actionDim];
        reward = new float[INITIAL_STEPS];
        terminated = new float[INITIAL_STEPS];
        System.arraycopy(obs0, 0, obs, 0, obsDim);
        steps = 0;
    }

    /** Records the transition (obs_t, action, reward, terminated) → nextObs. */
    public void add(float[] act, double r, boolean term, float[] nextObs) {
        if (steps < 0) {
            throw new IllegalStateException("EpisodeBuilder.add: call start(obs0) first");
        }
        if (steps > 0 && terminated[steps - 1] == 1f) {
            throw new IllegalStateException("EpisodeBuilder.add: the episode already terminated at step "
                    + (steps - 1));
        }
        requireDim("action", act, actionDim);
        requireDim("nextObs", nextObs, obsDim);
        if (steps == reward.length) {
            grow();
        }
        System.arraycopy(act, 0, action, steps * actionDim, actionDim);
        System.arraycopy(nextObs, 0, obs, (steps + 1) * obsDim, obsDim);
        reward[steps] = (float) r;
        terminated[steps] = term ? 1f : 0f;
        steps++;
    }

    /** Transitions recorded so far (−1 before {@link #start}). */
    public int length() {
        return steps;
    }

    /** The finished episode; the builder must be started again afterwards. */
    public Episode build() {
        if (steps < 1) {
            throw new IllegalStateException("EpisodeBuilder.build: an episode needs at least 1 transition, have "
                    + Math.max(steps, 0));
        }
        Episode e = new Episode(obsDim, actionDim, Arrays.copyOf(obs, (steps + 1) * obsDim),
                Arrays.copyOf(action, steps * actionDim), Arrays.copyOf(reward, steps),
                Arrays.copyOf(terminated, steps));
        steps = -1;
        obs = action = reward = terminated = null;
        return e;
    }

    private void grow() {
        int cap = Math.multiplyExact(reward.length, 2);
        obs = Arrays.copyOf(obs, Math.multiplyExact(cap + 1, obsDim));
        action = Arrays.copyOf(action, Math.multiplyExact(cap, actionDim));
        reward = Arrays.copyOf(reward, cap);
        terminated = Arrays.copyOf(terminated, cap);
    }

    private static void requireDim(String name, float[] a, int dim) {
        if (a == null || a.length != dim) {
            throw new IllegalArgumentException("EpisodeBuilder: " + name + " has "
                    + (a == null ? "null" : a.length + " values") + ", expected " + dim);
        }
    }
}
