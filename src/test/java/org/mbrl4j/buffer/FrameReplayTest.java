package org.mbrl4j.buffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.testing.TestRandom;

/**
 * u8 frames (Ch, Hp, Wp) go through the builder, the buffer and sampled batches as bytes, unchanged:
 * byte 0 of each frame is the episode id and byte 1 the step, the rest are random 0..255.
 */
class FrameReplayTest {
    private static final ObsSpec FRAME = ObsSpec.frame(3, 4, 5);
    private static final int A = 2;
    private final TestRandom rnd = new TestRandom();

    private Observation frame(int id, int t) {
        byte[] pixels = new byte[FRAME.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rnd.nextInt(256);
        }
        pixels[0] = (byte) id;
        pixels[1] = (byte) t;
        return new Observation.U8(pixels);
    }

    /** Builds an episode of {@code length} (< 256) steps and returns the frames it was given. */
    private List<Observation> record(EpisodeBuilder builder, int id, int length) {
        List<Observation> frames = new ArrayList<>();
        frames.add(frame(id, 0));
        builder.start(frames.getFirst());
        for (int t = 0; t < length; t++) {
            frames.add(frame(id, t + 1));
            builder.add(new float[] {(float) rnd.uniform(-1, 1), t}, t, false, frames.getLast());
        }
        return frames;
    }

    @Test
    void framesAreStoredAsBytesAndComeBackByteExact() {
        EpisodeBuilder builder = new EpisodeBuilder(FRAME, A);
        List<Observation> frames = record(builder, 7, 150); // beyond the builder's initial 64 steps
        Episode e = builder.build();
        ObsArray.U8 stored = assertInstanceOf(ObsArray.U8.class, e.obs(), "u8 frames are held as bytes");
        assertEquals(151 * FRAME.size(), stored.values().length, "one byte per pixel: (T_e+1)·Ch·Hp·Wp");
        assertEquals(FRAME, e.obsSpec());
        for (int t = 0; t <= 150; t++) {
            assertEquals(frames.get(t), e.obs().get(t), "t " + t);
        }
        var wrong = assertThrows(IllegalStateException.class, () -> e.obs().f32());
        assertTrue(wrong.getMessage().contains("u8[3, 4, 5]"), wrong.getMessage());
    }

    @Test
    void sampledWindowsOfFramesAreTheStoredBytes() {
        EpisodeBuffer buf = new EpisodeBuffer(FRAME, A, 100_000);
        EpisodeBuilder builder = new EpisodeBuilder(FRAME, A);
        List<List<Observation>> episodes = new ArrayList<>();
        for (int id = 0; id < 5; id++) {
            episodes.add(record(builder, id, rnd.nextInt(50, 200)));
            buf.add(builder.build());
        }
        int b = rnd.nextInt(1, 40);
        int length = 50;
        Batch batch = buf.sample(b, length, new Rng(rnd.nextLong(), 9));
        ObsArray.U8 obs = assertInstanceOf(ObsArray.U8.class, batch.obs());
        assertEquals((length + 1) * b * FRAME.size(), obs.values().length, "(T+1, B, Ch, Hp, Wp) bytes");
        for (int i = 0; i < b; i++) {
            byte[] first = ((Observation.U8) obs.get(i)).values();
            int id = first[0];
            int start = Byte.toUnsignedInt(first[1]);
            for (int t = 0; t <= length; t++) {
                Observation got = obs.get(t * b + i);
                assertEquals(episodes.get(id).get(start + t), got, "seed " + rnd.seed() + " column " + i + " t " + t);
            }
        }
    }

    @Test
    void observationsOfAnotherSpecAreRefused() {
        EpisodeBuilder builder = new EpisodeBuilder(FRAME, A);
        var e = assertThrows(IllegalArgumentException.class,
                () -> builder.start(new Observation.F32(new float[FRAME.size()])));
        assertTrue(e.getMessage().contains("u8[3, 4, 5]"), e.getMessage());
        EpisodeBuffer buf = new EpisodeBuffer(ObsSpec.frame(3, 5, 4), A, 1000);
        record(builder, 0, 3);
        var add = assertThrows(IllegalArgumentException.class, () -> buf.add(builder.build()));
        assertTrue(add.getMessage().contains("u8[3, 4, 5]") && add.getMessage().contains("u8[3, 5, 4]"),
                add.getMessage());
    }

    @Test
    void obsArrayCopiesRowsAndChecksBounds() {
        ObsArray a = ObsArray.allocate(FRAME, 4);
        Observation f = frame(1, 2);
        a.set(2, f);
        assertEquals(f, a.get(2));
        ObsArray dst = ObsArray.allocate(FRAME, 3);
        a.copyRows(1, dst, 0, 3);
        assertEquals(f, dst.get(1));
        assertArrayEquals(new byte[FRAME.size()], ((Observation.U8) dst.get(0)).values());
        assertEquals(a.rows(2, 3).get(0), f);
        assertThrows(IllegalArgumentException.class, () -> a.copyRows(2, dst, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> a.get(4));
        ObsArray vectors = ObsArray.allocate(ObsSpec.vector(FRAME.size()), 4);
        assertThrows(IllegalArgumentException.class, () -> a.copyRows(0, vectors, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ObsArray.U8(FRAME, new byte[FRAME.size() + 1]));
        assertThrows(IllegalArgumentException.class, () -> new ObsArray.F32(FRAME, new float[FRAME.size()]));
    }
}
