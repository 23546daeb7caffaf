package org.mbrl4j.buffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.rng.Rng;

/**
 * Replay buffer of whole episodes (docs/tdmpc2.md#replay-buffer: TorchRL SliceSampler with
 * {@code strict_length=True} over a FIFO storage). Observations stay in their own element type: u8
 * frames are stored and sampled as bytes.
 *
 * <ul>
 *   <li>{@link #add} stores a finished episode. The capacity counts transitions; adding evicts whole
 *       oldest episodes until the new one fits (FIFO).</li>
 *   <li>{@link #sample} draws each of the B windows of T transitions independently: an episode
 *       uniformly at random, with replacement, among those with at least T transitions (shorter
 *       episodes are never sampled), then a start uniformly in [0, T_e − T], so that the T+1
 *       observations obs_start … obs_{start+T} and the T transitions between them lie in one
 *       episode. TD-MPC2 samples T = horizon, PlaNet T = 50.</li>
 * </ul>
 * Draw order per window: {@code rng.randint(0, eligible)} then {@code rng.randint(0, T_e − T + 1)}.
 */
public final class EpisodeBuffer {
    private final ObsSpec obsSpec;
    private final int actionDim;
    private final long capacity;
    private final List<Episode> episodes = new ArrayList<>(); // oldest first
    private long transitions;
    private long added;

    /**
     * @param capacity the most transitions held at once (reference: min(buffer_size, steps))
     */
    public EpisodeBuffer(ObsSpec obsSpec, int actionDim, long capacity) {
        if (obsSpec == null || actionDim < 1) {
            throw new IllegalArgumentException("EpisodeBuffer: needs an observation spec and actionDim >= 1, got "
                    + obsSpec + ", " + actionDim);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("EpisodeBuffer: capacity must be >= 1 transition, got " + capacity);
        }
        this.obsSpec = obsSpec;
        this.actionDim = actionDim;
        this.capacity = capacity;
    }

    /** Stores a finished episode, evicting whole oldest episodes while it would not fit. */
    public void add(Episode e) {
        if (!e.obsSpec().equals(obsSpec) || e.actionDim() != actionDim) {
            throw new IllegalArgumentException("EpisodeBuffer.add: episode has observations " + e.obsSpec()
                    + ", actionDim " + e.actionDim() + "; the buffer holds observations " + obsSpec + ", actionDim "
                    + actionDim);
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
     * B windows of {@code length} transitions (length+1 observations), each inside one episode.
     *
     * @param length T, the transitions per window: the planning horizon for TD-MPC2, the chunk
     *     length for PlaNet
     * @throws IllegalArgumentException when batchSize or length is below 1, or no stored episode has
     *     at least {@code length} transitions
     */
    public Batch sample(int batchSize, int length, Rng rng) {
        if (batchSize < 1 || length < 1) {
            throw new IllegalArgumentException("EpisodeBuffer.sample: batchSize and window length must be >= 1, got "
                    + batchSize + ", " + length);
        }
        int[] eligible = eligible(length);
        if (eligible.length == 0) {
            throw new IllegalArgumentException("EpisodeBuffer.sample: a window of " + length + " transitions needs an"
                    + " episode with at least " + length + " transitions (shorter episodes are never sampled), but"
                    + " the buffer holds " + episodes.size() + " episodes with " + transitions + " transitions"
                    + longestNote());
        }
        ObsArray obs = ObsArray.allocate(obsSpec, Math.multiplyExact(length + 1, batchSize));
        float[] act = new float[Math.multiplyExact(Math.multiplyExact(length, batchSize), actionDim)];
        float[] rew = new float[Math.multiplyExact(length, batchSize)];
        float[] term = new float[rew.length];
        for (int b = 0; b < batchSize; b++) {
            Episode e = episodes.get(eligible[rng.randint(0, eligible.length)]);
            int start = rng.randint(0, e.length() - length + 1);
            copyWindow(e, start, length, batchSize, b, obs, act, rew, term);
        }
        return new Batch(length, batchSize, actionDim, obs, act, rew, term);
    }

    /** Whether {@link #sample} can draw windows of {@code length} transitions: an episode that long is held. */
    public boolean canSample(int length) {
        return eligible(length).length > 0;
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

    public ObsSpec obsSpec() {
        return obsSpec;
    }

    public int actionDim() {
        return actionDim;
    }

    /** Stored episode {@code i}, oldest first. */
    public Episode episode(int i) {
        return episodes.get(i);
    }

    private void copyWindow(Episode e, int start, int length, int batchSize, int b, ObsArray obs, float[] act,
            float[] rew, float[] term) {
        for (int t = 0; t <= length; t++) {
            e.obs().copyRows(start + t, obs, t * batchSize + b, 1);
        }
        for (int t = 0; t < length; t++) {
            System.arraycopy(e.action(), (start + t) * actionDim, act, (t * batchSize + b) * actionDim, actionDim);
            rew[t * batchSize + b] = e.reward()[start + t];
            term[t * batchSize + b] = e.terminated()[start + t];
        }
    }

    private int[] eligible(int length) {
        int n = 0;
        int[] idx = new int[episodes.size()];
        for (int i = 0; i < episodes.size(); i++) {
            if (episodes.get(i).length() >= length) {
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
