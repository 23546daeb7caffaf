package org.mbrl4j.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.TestRandom;

/**
 * Windows of any length L: 1 (single transitions), a TD-MPC2 horizon, and PlaNet's 50-step chunks.
 * Observations are tagged obs_t = (episode id, t), so each window says where it came from.
 */
class EpisodeBufferWindowsTest {
    private static final int A = 1;
    private final TestRandom rnd = new TestRandom();

    private static Episode tagged(int id, int length) {
        float[] obs = new float[(length + 1) * 2];
        for (int t = 0; t <= length; t++) {
            obs[2 * t] = id;
            obs[2 * t + 1] = t;
        }
        float[] act = new float[length];
        float[] rew = new float[length];
        for (int t = 0; t < length; t++) {
            act[t] = t;
            rew[t] = 1000f * id + t;
        }
        return Episode.ofVectors(2, A, obs, act, rew, new float[length]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5, 50})
    void windowsOfLengthLAreLConsecutiveTransitionsOfOneLongEnoughEpisode(int length) {
        EpisodeBuffer buf = new EpisodeBuffer(org.mbrl4j.env.ObsSpec.vector(2), A, 1_000_000);
        int episodes = rnd.nextInt(4, 10);
        int[] lengths = new int[episodes];
        for (int id = 0; id < episodes; id++) {
            // half of them too short for a 50-step chunk, all long enough for L = 1
            lengths[id] = id % 2 == 0 ? rnd.nextInt(1, 50) : rnd.nextInt(50, 400);
            buf.add(tagged(id, lengths[id]));
        }
        int b = rnd.nextInt(1, 200);
        Batch batch = buf.sample(b, length, new Rng(rnd.nextLong(), 5));
        assertEquals(length, batch.length());
        assertEquals((length + 1) * b, batch.obs().count());
        assertEquals(length * b, batch.reward().length);
        float[] obs = batch.obs().f32();
        Set<Integer> sampled = new HashSet<>();
        for (int i = 0; i < b; i++) {
            int id = (int) obs[batch.obsOffset(0, i)];
            int start = (int) obs[batch.obsOffset(0, i) + 1];
            String ctx = "seed " + rnd.seed() + " L " + length + " column " + i + " episode " + id + " start " + start;
            assertTrue(lengths[id] >= length, ctx + ": episode of " + lengths[id] + " transitions sampled");
            assertTrue(start + length <= lengths[id], ctx + ": the window leaves its episode");
            for (int t = 0; t <= length; t++) {
                assertEquals(id, obs[batch.obsOffset(t, i)], ctx);
                assertEquals(start + t, obs[batch.obsOffset(t, i) + 1], ctx);
            }
            for (int t = 0; t < length; t++) {
                assertEquals(start + t, batch.action()[batch.actionOffset(t, i)], ctx);
                assertEquals(1000f * id + start + t, batch.reward()[t * b + i], ctx);
            }
            sampled.add(id);
        }
        if (length >= 50) {
            assertTrue(sampled.stream().allMatch(id -> id % 2 == 1), "only the long episodes: " + sampled);
        }
    }

    @Test
    void aWindowLongerThanEveryEpisodeIsRefusedAndTheMessageSaysWhy() {
        EpisodeBuffer buf = new EpisodeBuffer(org.mbrl4j.env.ObsSpec.vector(2), A, 10_000);
        buf.add(tagged(0, 49));
        buf.add(tagged(1, 12));
        var e = assertThrows(IllegalArgumentException.class, () -> buf.sample(8, 50, new Rng(1, 1)));
        assertEquals("EpisodeBuffer.sample: a window of 50 transitions needs an episode with at least 50 transitions"
                + " (shorter episodes are never sampled), but the buffer holds 2 episodes with 61 transitions"
                + " (longest: 49)", e.getMessage());
        assertTrue(!buf.canSample(50) && buf.canSample(49));
        buf.add(tagged(2, 50));
        Batch exact = buf.sample(4, 50, new Rng(1, 1));
        for (int i = 0; i < 4; i++) {
            assertEquals(2f, exact.obs().f32()[exact.obsOffset(0, i)], "the one episode of exactly 50 transitions");
            assertEquals(0f, exact.obs().f32()[exact.obsOffset(0, i) + 1], "whose only window starts at 0");
        }
    }
}
