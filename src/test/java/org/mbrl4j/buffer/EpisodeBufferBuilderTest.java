package org.mbrl4j.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.TestRandom;

/** EpisodeBuilder records an env rollout into an Episode the buffer can sample. */
class EpisodeBufferBuilderTest {
    private final TestRandom rnd = new TestRandom();

    @Test
    void recordsAWholePendulumEpisodeBeyondTheInitialCapacity() {
        Env env = Envs.make("pendulum");
        EpisodeBuilder builder = new EpisodeBuilder(env.spec().observation(), 1);
        List<Observation> observations = new ArrayList<>();
        List<Float> rewards = new ArrayList<>();
        Observation obs = env.reset(rnd.nextLong());
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
            assertEquals(observations.get(t), e.obs().get(t), "t " + t);
        }
        for (int t = 0; t < 200; t++) {
            assertEquals(rewards.get(t), e.reward()[t]);
            assertEquals(0f, e.terminated()[t]);
        }
        EpisodeBuffer buf = new EpisodeBuffer(ObsSpec.vector(3), 1, 1_000_000);
        buf.add(e);
        Batch b = buf.sample(16, 3, new Rng(rnd.nextLong(), 0));
        assertEquals(4 * 16 * 3, b.obs().f32().length);
        assertThrows(IllegalStateException.class, () -> builder.add(new float[1], 0, false, f32(0, 0, 0)),
                "build() clears the builder");
    }

    @Test
    void rejectsMisuse() {
        EpisodeBuilder builder = new EpisodeBuilder(ObsSpec.vector(2), 1);
        assertThrows(IllegalStateException.class, () -> builder.add(new float[1], 0, false, f32(0, 0)));
        builder.start(f32(0, 0));
        assertThrows(IllegalStateException.class, builder::build);
        assertThrows(IllegalArgumentException.class, () -> builder.add(new float[2], 0, false, f32(0, 0)));
        var size = assertThrows(IllegalArgumentException.class, () -> builder.add(new float[1], 0, false,
                f32(0, 0, 0)));
        assertTrue(size.getMessage().contains("nextObs is f32[3]") && size.getMessage().contains("f32[2]"),
                size.getMessage());
        var dtype = assertThrows(IllegalArgumentException.class, () -> builder.add(new float[1], 0, false,
                new Observation.U8(new byte[2])));
        assertTrue(dtype.getMessage().contains("u8[2]"), dtype.getMessage());
        builder.add(new float[1], 1, true, f32(0, 0));
        assertThrows(IllegalStateException.class, () -> builder.add(new float[1], 0, false, f32(0, 0)));
        Episode e = builder.build();
        assertEquals(1f, e.terminated()[0]);
    }

    private static Observation f32(float... values) {
        return new Observation.F32(values);
    }
}
