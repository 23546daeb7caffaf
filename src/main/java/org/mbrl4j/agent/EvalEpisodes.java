package org.mbrl4j.agent;

import java.util.Arrays;
import java.util.function.IntFunction;
import org.mbrl4j.env.Observation;

/**
 * The episode bookkeeping an {@link EvalActor} shares across algorithms: E episodes side by side, which
 * of them are still running at an act (a null observation marks an ended one), and the {@link ActInfo}
 * each episode's last act reported.
 */
public final class EvalEpisodes {
    private final String owner;
    private final ActInfo[] infos;

    /**
     * @param owner    the actor's name in error messages, e.g. {@code "eval actor"}
     * @param episodes E, at least 1
     */
    public EvalEpisodes(String owner, int episodes) {
        if (episodes < 1) {
            throw new IllegalArgumentException(owner + ": episodes=" + episodes + " must be >= 1");
        }
        this.owner = owner;
        this.infos = new ActInfo[episodes];
        Arrays.fill(infos, ActInfo.NONE);
    }

    /** E. */
    public int count() {
        return infos.length;
    }

    /**
     * The indices of the running episodes (non-null entries of {@code obs}), ascending.
     *
     * @throws IllegalArgumentException when {@code obs} does not have E entries or every episode has ended
     */
    public int[] running(Observation[] obs) {
        if (obs == null || obs.length != infos.length) {
            throw new IllegalArgumentException(owner + ": needs " + infos.length + " observations (null for an"
                    + " ended episode), got " + (obs == null ? "null" : obs.length));
        }
        int[] running = new int[obs.length];
        int n = 0;
        for (int e = 0; e < obs.length; e++) {
            if (obs[e] != null) {
                running[n++] = e;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException(owner + ": every episode has ended; nothing to act for");
        }
        return Arrays.copyOf(running, n);
    }

    /**
     * The running episodes' state vectors stacked as rows (n, {@code dim}) in the order of {@code running}:
     * row i is {@code values.apply(running[i])}.
     */
    public static float[] stackRows(int[] running, int dim, IntFunction<float[]> values) {
        float[] stacked = new float[running.length * dim];
        for (int i = 0; i < running.length; i++) {
            System.arraycopy(values.apply(running[i]), 0, stacked, i * dim, dim);
        }
        return stacked;
    }

    /** Every episode's info back to {@link ActInfo#NONE}, before an act reports. */
    public void clearInfos() {
        Arrays.fill(infos, ActInfo.NONE);
    }

    /** Records what episode {@code e}'s act reported. */
    public void report(int e, ActInfo info) {
        infos[e] = info;
    }

    /** What episode {@code e}'s last act reported ({@link ActInfo#NONE} when it did not plan or has ended). */
    public ActInfo lastActInfo(int e) {
        return infos[e];
    }
}
