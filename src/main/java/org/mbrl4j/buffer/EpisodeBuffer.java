package org.mbrl4j.buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbrl4j.rng.Rng;

/**
 * Replay buffer of whole episodes (reference facts §7.1: TorchRL SliceSampler with
 * {@code strict_length=True} over a FIFO storage).
 *
 * <ul>
 *   <li>{@link #add} stores a finished episode. The capacity counts transitions; adding evicts whole
 *       oldest episodes until the new one fits (FIFO).</li>
 *   <li>{@link #sample} draws each of the B windows independently: an episode uniformly at random,
 *       with replacement, among those with at least H transitions, then a start uniformly in
 *       [0, T − H], so that the H+1 observations obs_start … obs_{start+H} and the H transitions
 *       between them lie in one episode.</li>
 * </ul>
 * Draw order per window: {@code rng.randint(0, eligible)} then {@code rng.randint(0, T − H + 1)}.
 */
public final class EpisodeBuffer {
    private final int obsDim;
    private final int actionDim;
    private final long capacity;
    private final List<Episode> episodes = new ArrayList<>(); // oldest first
    private long transitions;
    private long added;

    /**
     * @param capacity the most transitions held at once (reference: min(buffer_size, steps))
     */
    public EpisodeBuffer(int obsDim, int actionDim, long capacity) {
        if (obsDim < 1 || actionDim < 1) {
            throw new IllegalArgumentException("EpisodeBuffer: obsDim and actionDim must be >= 1, got " + obsDim
                    + ", " + actionDim);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("EpisodeBuffer: capacity must be >= 1 transition, got " + capacity);
        }
        this.obsDim = obsDim;
        this.actionDim = actionDim;
        this.capacity = capacity;
    }

    /** Stores a finished episode, evicting whole oldest episodes while it would not fit. */
    public void add(Episode e) {
        if (e.obsDim() != obsDim || e.actionDim() != actionDim) {
            throw new IllegalArgumentException("EpisodeBuffer.add: episode has obsDim " + e.obsDim() + ", actionDim "
                    + e.actionDim() + "; the buffer holds obsDim " + obsDim + ", actionDim " + actionDim);
        }
        if (e.length() > capacity) {
            throw new IllegalArgumentException("EpisodeBuffer.add: episode of " + e.length()
                    + " transitions exceeds the capacity of " + capacity + " transitions");
        }
        int evict = 0;
        while (transitions + e.length() > capacity) {
            transitions -= episodes.get(evict++).length();
        }
        episodes.subList(0, evict).clear();
        episodes.add(e);
        transitions += e.length();
        added++;
    }

    /**
     * B windows of H transitions (H+1 observations), each inside one episode.
     *
     * @throws IllegalArgumentException when batchSize or horizon is below 1, or no stored episode has at
     *     least {@code horizon} transitions
     */
    public Batch sample(int batchSize, int horizon, Rng rng) {
        if (batchSize < 1 || horizon < 1) {
            throw new IllegalArgumentException("EpisodeBuffer.sample: batchSize and horizon must be >= 1, got "
                    + batchSize + ", " + horizon);
        }
        int[] eligible = eligible(horizon);
        if (eligible.length == 0) {
            throw new IllegalArgumentException("EpisodeBuffer.sample: needs an episode with at least " + horizon
                    + " transitions (horizon " + horizon + "), but the buffer holds " + episodes.size()
                    + " episodes with " + transitions + " transitions" + longestNote());
        }
        float[] obs = new float[Math.multiplyExact(Math.multiplyExact(horizon + 1, batchSize), obsDim)];
        float[] act = new float[Math.multiplyExact(Math.multiplyExact(horizon, batchSize), actionDim)];
        float[] rew = new float[horizon * batchSize];
        float[] term = new float[horizon * batchSize];
        for (int b = 0; b < batchSize; b++) {
            Episode e = episodes.get(eligible[rng.randint(0, eligible.length)]);
            int start = rng.randint(0, e.length() - horizon + 1);
            copyWindow(e, start, horizon, batchSize, b, obs, act, rew, term);
        }
        return new Batch(horizon, batchSize, obsDim, actionDim, obs, act, rew, term);
    }

    /** Whether {@link #sample} can draw windows of {@code horizon}: an episode that long is held. */
    public boolean canSample(int horizon) {
        return eligible(horizon).length > 0;
    }

    /** Episodes held now. */
    public int episodes() {
        return episodes.size();
    }

    /** Transitions held now. */
    public long transitions() {
        return transitions;
    }

    /** Episodes ever added, evicted ones included. */
    public long episodesAdded() {
        return added;
    }

    public long capacity() {
        return capacity;
    }

    public int obsDim() {
        return obsDim;
    }

    public int actionDim() {
        return actionDim;
    }

    /** Stored episode {@code i}, oldest first. */
    public Episode episode(int i) {
        return episodes.get(i);
    }

    private void copyWindow(Episode e, int start, int h, int batchSize, int b, float[] obs, float[] act,
            float[] rew, float[] term) {
        for (int t = 0; t <= h; t++) {
            System.arraycopy(e.obs(), (start + t) * obsDim, obs, (t * batchSize + b) * obsDim, obsDim);
        }
        for (int t = 0; t < h; t++) {
            System.arraycopy(e.action(), (start + t) * actionDim, act, (t * batchSize + b) * actionDim, actionDim);
            rew[t * batchSize + b] = e.reward()[start + t];
            term[t * batchSize + b] = e.terminated()[start + t];
        }
    }

    private int[] eligible(int horizon) {
        int n = 0;
        int[] idx = new int[episodes.size()];
        for (int i = 0; i < episodes.size(); i++) {
            if (episodes.get(i).length() >= horizon) {
                idx[n++] = i;
            }
        }
        return n == idx.length ? idx : Arrays.copyOf(idx, n);
    }

    private String longestNote() {
        int longest = 0;
        for (Episode e : episodes) {
            longest = Math.max(longest, e.length());
        }
        return episodes.isEmpty() ? "; add finished episodes before sampling" : " (longest: " + longest + ")";
    }
}
