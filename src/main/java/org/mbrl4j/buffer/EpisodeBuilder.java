package org.mbrl4j.buffer;

import java.util.Arrays;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;

/**
 * Accumulates one episode step by step in growable primitive arrays: {@link #start} with obs_0,
 * then {@link #add} per transition, then {@link #build}, which also clears the builder.
 * Observations are kept in their own element type ({@link ObsArray}).
 */
public final class EpisodeBuilder {
    private static final int INITIAL_STEPS = 64;

    private final ObsSpec obsSpec;
    private final int actionDim;
    private ObsArray obs;       // (T_e+1, *obs_shape) as filled so far
    private float[] action;     // (T_e, A)
    private float[] reward;     // (T_e)
    private float[] terminated; // (T_e)
    private int steps = -1;     // -1: not started

    public EpisodeBuilder(ObsSpec obsSpec, int actionDim) {
        if (obsSpec == null || actionDim < 1) {
            throw new IllegalArgumentException("EpisodeBuilder: needs an observation spec and actionDim >= 1, got "
                    + obsSpec + ", " + actionDim);
        }
        this.obsSpec = obsSpec;
        this.actionDim = actionDim;
    }

    /** Starts an episode with its first observation, discarding anything unbuilt. */
    public void start(Observation obs0) {
        requireFits("obs0", obs0);
        obs = ObsArray.allocate(obsSpec, INITIAL_STEPS + 1);
        action = new float[INITIAL_STEPS * actionDim];
        reward = new float[INITIAL_STEPS];
        terminated = new float[INITIAL_STEPS];
        obs.set(0, obs0);
        steps = 0;
    }

    /** Records the transition (obs_t, action, reward, terminated) → nextObs. */
    public void add(float[] act, double r, boolean term, Observation nextObs) {
        if (steps < 0) {
            throw new IllegalStateException("EpisodeBuilder.add: call start(obs0) first");
        }
        if (steps > 0 && terminated[steps - 1] == 1f) {
            throw new IllegalStateException("EpisodeBuilder.add: the episode already terminated at step "
                    + (steps - 1));
        }
        if (act == null || act.length != actionDim) {
            throw new IllegalArgumentException("EpisodeBuilder: action has "
                    + (act == null ? "null" : act.length + " values") + ", expected " + actionDim);
        }
        requireFits("nextObs", nextObs);
        if (steps == reward.length) {
            grow();
        }
        System.arraycopy(act, 0, action, steps * actionDim, actionDim);
        obs.set(steps + 1, nextObs);
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
        Episode e = new Episode(obs.rows(0, steps + 1), actionDim, Arrays.copyOf(action, steps * actionDim),
                Arrays.copyOf(reward, steps), Arrays.copyOf(terminated, steps));
        steps = -1;
        obs = null;
        action = reward = terminated = null;
        return e;
    }

    private void grow() {
        int cap = Math.multiplyExact(reward.length, 2);
        obs = obs.resized(cap + 1);
        action = Arrays.copyOf(action, Math.multiplyExact(cap, actionDim));
        reward = Arrays.copyOf(reward, cap);
        terminated = Arrays.copyOf(terminated, cap);
    }

    private void requireFits(String name, Observation o) {
        if (o == null || !o.fits(obsSpec)) {
            throw new IllegalArgumentException("EpisodeBuilder: " + name + " is " + o + ", expected an observation of "
                    + obsSpec);
        }
    }
}
