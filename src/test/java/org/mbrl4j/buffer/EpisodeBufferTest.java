package org.mbrl4j.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.TestRandom;

/**
 * Episodes are tagged so every sampled value says where it came from: obs_t = (id, t, noise),
 * action_t = (id, t), reward_t = 1000·id + t, terminated only at the end of terminating episodes.
 */
class EpisodeBufferTest {
    private static final int O = 3;
    private static final int A = 2;
    private static final ObsSpec SPEC = ObsSpec.vector(O);
    private final TestRandom rnd = new TestRandom();

    private Episode tagged(int id, int length, boolean terminates) {
        float[] obs = new float[(length + 1) * O];
        for (int t = 0; t <= length; t++) {
            obs[t * O] = id;
            obs[t * O + 1] = t;
            obs[t * O + 2] = (float) rnd.uniform(-1, 1);
        }
        float[] act = new float[length * A];
        float[] rew = new float[length];
        float[] term = new float[length];
        for (int t = 0; t < length; t++) {
            act[t * A] = id;
            act[t * A + 1] = t;
            rew[t] = 1000f * id + t;
        }
        term[length - 1] = terminates ? 1f : 0f;
        return Episode.ofVectors(O, A, obs, act, rew, term);
    }

    @Test
    void windowsNeverCrossEpisodesAndRowsLineUp() {
        EpisodeBuffer buf = new EpisodeBuffer(SPEC, A, 100_000);
        int episodes = rnd.nextInt(3, 12);
        int[] lengths = new int[episodes];
        boolean[] terminates = new boolean[episodes];
        for (int id = 0; id < episodes; id++) {
            lengths[id] = rnd.nextInt(1, 40);
            terminates[id] = rnd.nextInt(2) == 0;
            buf.add(tagged(id, lengths[id], terminates[id]));
        }
        int h = rnd.nextInt(1, 6);
        int b = rnd.nextInt(1, 300);
        boolean anyEligible = false;
        for (int len : lengths) {
            anyEligible |= len >= h;
        }
        if (!anyEligible) {
            buf.add(tagged(episodes, h, false));
        }
        Batch batch = buf.sample(b, h, new Rng(rnd.nextLong(), 7));
        assertEquals((h + 1) * b * O, batch.obs().f32().length);
        assertEquals(h * b * A, batch.action().length);
        assertEquals(h * b, batch.reward().length);
        assertEquals(h * b, batch.terminated().length);
        for (int i = 0; i < b; i++) {
            int id = (int) batch.obs().f32()[batch.obsOffset(0, i)];
            int start = (int) batch.obs().f32()[batch.obsOffset(0, i) + 1];
            int len = id < episodes ? lengths[id] : h;
            boolean term = id < episodes && terminates[id];
            String ctx = "seed " + rnd.seed() + " T " + h + " B " + b + " row " + i + " episode " + id
                    + " start " + start;
            assertTrue(len >= h, ctx + ": sampled an episode shorter than T");
            assertTrue(start >= 0 && start + h <= len, ctx + ": window leaves the episode of length " + len);
            for (int t = 0; t <= h; t++) {
                assertEquals(id, batch.obs().f32()[batch.obsOffset(t, i)], ctx + " t " + t);
                assertEquals(start + t, batch.obs().f32()[batch.obsOffset(t, i) + 1], ctx + " t " + t);
            }
            for (int t = 0; t < h; t++) {
                assertEquals(id, batch.action()[batch.actionOffset(t, i)], ctx);
                assertEquals(start + t, batch.action()[batch.actionOffset(t, i) + 1], ctx);
                assertEquals(1000f * id + start + t, batch.reward()[t * b + i], ctx);
                boolean last = start + t == len - 1;
                assertEquals(last && term ? 1f : 0f, batch.terminated()[t * b + i], ctx);
            }
        }
    }

    @Test
    void layoutIsTimeMajor() {
        EpisodeBuffer buf = new EpisodeBuffer(SPEC, A, 1000);
        buf.add(tagged(5, 20, false));
        Batch batch = buf.sample(4, 3, new Rng(rnd.nextLong(), 0));
        // obs (T+1, B, O): element (t, b, d) at (t*B + b)*O + d
        assertEquals(((2 * 4) + 3) * O, batch.obsOffset(2, 3));
        assertEquals(((1 * 4) + 2) * A, batch.actionOffset(1, 2));
        for (int bi = 0; bi < 4; bi++) {
            float s0 = batch.obs().f32()[bi * O + 1];
            assertEquals(s0 + 3, batch.obs().f32()[(3 * 4 + bi) * O + 1],
                    "row T of column b is 3 steps after row 0");
        }
    }

    @Test
    void evictsWholeOldestEpisodesFirstByTransitionCount() {
        EpisodeBuffer buf = new EpisodeBuffer(SPEC, A, 100);
        buf.add(tagged(0, 30, false));
        buf.add(tagged(1, 40, false));
        buf.add(tagged(2, 20, false));
        assertEquals(90, buf.transitions());
        buf.add(tagged(3, 25, false)); // 115 > 100: episode 0 goes
        assertEquals(3, buf.episodes());
        assertEquals(85, buf.transitions());
        assertEquals(1f, buf.episode(0).obs().f32()[0]);
        buf.add(tagged(4, 60, false)); // 145: episodes 1 and 2 go (85 - 40 - 20 + 60 = 85)
        assertEquals(2, buf.episodes());
        assertEquals(85, buf.transitions());
        assertEquals(3f, buf.episode(0).obs().f32()[0]);
        assertEquals(4f, buf.episode(1).obs().f32()[0]);
        buf.add(tagged(5, 100, false)); // exactly the capacity: everything else goes
        assertEquals(1, buf.episodes());
        assertEquals(100, buf.transitions());
        assertEquals(6, buf.episodesAdded());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> buf.add(tagged(6, 101, false)));
        assertTrue(e.getMessage().contains("101") && e.getMessage().contains("100"), e.getMessage());
        assertEquals(1, buf.episodes(), "a rejected episode evicts nothing");
    }

    @Test
    void randomAddsNeverExceedCapacityAndKeepTheNewest() {
        long capacity = rnd.nextInt(50, 500);
        EpisodeBuffer buf = new EpisodeBuffer(SPEC, A, capacity);
        for (int id = 0; id < 200; id++) {
            buf.add(tagged(id, rnd.nextInt(1, (int) capacity + 1), false));
            assertTrue(buf.transitions() <= capacity, "seed " + rnd.seed());
            long sum = 0;
            for (int i = 0; i < buf.episodes(); i++) {
                sum += buf.episode(i).length();
                if (i > 0) {
                    assertEquals(buf.episode(i - 1).obs().f32()[0] + 1, buf.episode(i).obs().f32()[0],
                            "consecutive ids, oldest first");
                }
            }
            assertEquals(sum, buf.transitions());
            assertEquals(id, (int) buf.episode(buf.episodes() - 1).obs().f32()[0]);
        }
    }

    @Test
    void episodesAreChosenUniformlyNotByLength() {
        int h = 3;
        int n = 10;
        EpisodeBuffer buf = new EpisodeBuffer(SPEC, A, 100_000);
        for (int id = 0; id < n; id++) {
            buf.add(tagged(id, h + rnd.nextInt(0, 200), false));
        }
        buf.add(tagged(n, h - 1, false)); // too short for T: never sampled
        int[] counts = new int[n + 1];
        Rng rng = new Rng(rnd.nextLong(), 1);
        int draws = 0;
        for (int k = 0; k < 100; k++) {
            Batch batch = buf.sample(256, h, rng);
            for (int i = 0; i < 256; i++) {
                counts[(int) batch.obs().f32()[i * O]]++;
                draws++;
            }
        }
        assertEquals(0, counts[n], "the episode shorter than T was sampled");
        double expected = (double) draws / n;
        double chi2 = 0;
        for (int id = 0; id < n; id++) {
            chi2 += (counts[id] - expected) * (counts[id] - expected) / expected;
        }
        // chi-square with 9 degrees of freedom: P(X > 44.81) = 1e-6
        assertTrue(chi2 < 44.81, "seed " + rnd.seed() + " chi2 " + chi2 + " counts " + Arrays.toString(counts));
    }

    @Test
    void windowStartsAreUniformWithinAnEpisode() {
        int h = rnd.nextInt(1, 5);
        int starts = 10;
        EpisodeBuffer buf = new EpisodeBuffer(SPEC, A, 1000);
        buf.add(tagged(0, h + starts - 1, false));
        int[] counts = new int[starts];
        Rng rng = new Rng(rnd.nextLong(), 2);
        int draws = 0;
        for (int k = 0; k < 50; k++) {
            Batch batch = buf.sample(200, h, rng);
            for (int i = 0; i < 200; i++) {
                counts[(int) batch.obs().f32()[i * O + 1]]++;
                draws++;
            }
        }
        double expected = (double) draws / starts;
        double chi2 = 0;
        for (int c : counts) {
            chi2 += (c - expected) * (c - expected) / expected;
        }
        assertTrue(chi2 < 44.81, "seed " + rnd.seed() + " chi2 " + chi2 + " counts " + Arrays.toString(counts));
    }

    @Test
    void sameRngStateGivesTheSameBatch() {
        EpisodeBuffer buf = new EpisodeBuffer(SPEC, A, 10_000);
        for (int id = 0; id < 8; id++) {
            buf.add(tagged(id, rnd.nextInt(5, 50), false));
        }
        long seed = rnd.nextLong();
        Batch x = buf.sample(64, 4, new Rng(seed, 3));
        Batch y = buf.sample(64, 4, new Rng(seed, 3));
        assertEquals(x.obs(), y.obs());
        assertArrayEquals(x.action(), y.action());
        assertArrayEquals(x.reward(), y.reward());
    }

    @Test
    void samplingErrorsSayWhatIsStoredAndWhatIsNeeded() {
        EpisodeBuffer buf = new EpisodeBuffer(SPEC, A, 1000);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> buf.sample(8, 3, new Rng(1, 0)));
        assertTrue(empty.getMessage().contains("0 episodes") && empty.getMessage().contains("0 transitions")
                && empty.getMessage().contains("at least 3"), empty.getMessage());
        buf.add(tagged(0, 2, false));
        buf.add(tagged(1, 1, false));
        IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
                () -> buf.sample(8, 3, new Rng(1, 0)));
        assertTrue(tooShort.getMessage().contains("2 episodes") && tooShort.getMessage().contains("3 transitions")
                && tooShort.getMessage().contains("longest: 2"), tooShort.getMessage());
        assertThrows(IllegalArgumentException.class, () -> buf.sample(0, 1, new Rng(1, 0)));
        assertThrows(IllegalArgumentException.class, () -> buf.sample(1, 0, new Rng(1, 0)));
    }

    @Test
    void addRejectsEpisodesOfOtherDims() {
        EpisodeBuffer buf = new EpisodeBuffer(ObsSpec.vector(O + 1), A, 1000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> buf.add(tagged(0, 5, false)));
        assertTrue(e.getMessage().contains("observations f32[3]") && e.getMessage().contains("observations f32[4]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new EpisodeBuffer(SPEC, A, 0));
    }

    @Test
    void episodeValidatesItsArrays() {
        IllegalArgumentException obs = assertThrows(IllegalArgumentException.class,
                () -> Episode.ofVectors(O, A, new float[3 * O], new float[3 * A], new float[3], new float[3]));
        assertTrue(obs.getMessage().contains("obs holds 3 observations, expected T+1 = 4"), obs.getMessage());
        IllegalArgumentException early = assertThrows(IllegalArgumentException.class,
                () -> Episode.ofVectors(O, A, new float[4 * O], new float[3 * A], new float[3],
                        new float[] {1, 0, 0}));
        assertTrue(early.getMessage().contains("before the last step"), early.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Episode.ofVectors(O, A, new float[4 * O], new float[3 * A], new float[3],
                        new float[] {0, 0, 0.5f}));
        assertThrows(IllegalArgumentException.class,
                () -> Episode.ofVectors(O, A, new float[O], new float[0], new float[0], new float[0]));
        float[] r = {1, 2};
        float[] o = new float[3 * O];
        Episode e = Episode.ofVectors(O, A, o, new float[2 * A], r, new float[2]);
        r[0] = 99;
        o[0] = 99;
        assertEquals(1f, e.reward()[0], "the episode holds its own copy");
        assertEquals(0f, e.obs().f32()[0], "the episode holds its own copy of the observations");
        assertEquals(3.0, e.totalReward(), 0.0);
    }
}
