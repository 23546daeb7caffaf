package org.mbrl4j.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.TestRandom;

/** EpisodeBuilder records an env rollout into an Episode the buffer can sample. */
class EpisodeBufferBuilderTest {
    private final TestRandom rnd = new TestRandom();

    @Test
    void recordsAWholePendulumEpisodeBeyondTheInitialCapacity() {
        Env env = Envs.make("pendulum");
        EpisodeBuilder builder = new EpisodeBuilder(3, 1);
        List<float[]> observations = new ArrayList<>();
        List<Float> rewards = new ArrayList<>();
        float[] obs = env.reset(rnd.nextLong());
        builder.start(obs);
        observations.add(obs);
        Step s;
        do {
            float[] a = {(float) rnd.uniform(-1, 1)};
            s = env.step(a);
            builder.add(a, s.reward(), s.terminated(), s.observation());
            observations.add(s.observation());
            rewards.add((float) s.reward());
        } while (!s.done());
        Episode e = builder.build();
        assertEquals(200, e.length());
        for (int t = 0; t <= 200; t++) {
            float[] row = new float[3];
            System.arraycopy(e.obs(), t * 3, row, 0, 3);
            assertArrayEquals(observations.get(t), row, "t " + t);
        }
        for (int t = 0; t < 200; t++) {
            assertEquals(rewards.get(t), e.reward()[t]);
            assertEquals(0f, e.terminated()[t]);
        }
        EpisodeBuffer buf = new EpisodeBuffer(3, 1, 1_000_000);
        buf.add(e);
        Batch b = buf.sample(16, 3, new Rng(rnd.nextLong(), 0));
        assertEquals(4 * 16 * 3, b.obs().length);
        assertThrows(IllegalStateException.class, () -> builder.add(new float[1], 0, false, new float[3]),
                "build() clears the builder");
    }

    @Test
    void rejectsMisuse() {
        EpisodeBuilder builder = new EpisodeBuilder(2, 1);
        assertThrows(IllegalStateException.class, () -> builder.add(new float[1], 0, false, new float[2]));
        builder.start(new float[2]);
        assertThrows(IllegalStateException.class, builder::build);
        assertThrows(IllegalArgumentException.class, () -> builder.add(new float[2], 0, false, new float[2]));
        assertThrows(IllegalArgumentException.class, () -> builder.add(new float[1], 0, false, new float[3]));
        builder.add(new float[1], 1, true, new float[2]);
        assertThrows(IllegalStateException.class, () -> builder.add(new float[1], 0, false, new float[2]));
        Episode e = builder.build();
        assertEquals(1f, e.terminated()[0]);
    }
}
