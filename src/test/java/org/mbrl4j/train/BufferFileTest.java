package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.buffer.ObsArray;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.io.FileDType;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.io.SafeTensorsFile;
import org.mbrl4j.io.TensorData;
import org.mbrl4j.testing.TestRandom;

/** The replay buffer file keeps observations in their own element type; format 1 files still load. */
class BufferFileTest {
    private static final ObsSpec FRAME = ObsSpec.frame(3, 4, 5);
    private final TestRandom rnd = new TestRandom();

    @TempDir
    Path dir;

    private EpisodeBuffer randomFrames(int episodes) {
        var buffer = new EpisodeBuffer(FRAME, 1, 100_000);
        var builder = new EpisodeBuilder(FRAME, 1);
        for (int e = 0; e < episodes; e++) {
            builder.start(frame());
            int length = rnd.nextInt(1, 80);
            for (int t = 0; t < length; t++) {
                builder.add(new float[] {(float) rnd.uniform(-1, 1)}, rnd.gaussian(), t == length - 1 && e == 0,
                        frame());
            }
            buffer.add(builder.build());
        }
        return buffer;
    }

    private Observation frame() {
        byte[] pixels = new byte[FRAME.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) rnd.nextInt(256);
        }
        return new Observation.U8(pixels);
    }

    @Test
    void framesRoundTripByteExactAndAreStoredAsU8() throws Exception {
        EpisodeBuffer buffer = randomFrames(4);
        Path file = dir.resolve("f.buffer.safetensors");
        BufferFile.write(file, buffer, 77, 1);
        SafeTensorsFile raw = SafeTensors.read(file);
        assertEquals(BufferFile.FORMAT, raw.metadata().get(SafeTensors.FORMAT_KEY));
        TensorData obs = raw.tensor("obs");
        long rows = buffer.transitions() + buffer.episodes();
        assertEquals(FileDType.U8, obs.dtype());
        assertArrayEquals(new int[] {(int) rows, 3, 4, 5}, obs.shape());
        assertEquals(rows * FRAME.size(), obs.byteSize(), "one byte per pixel in the file");

        EpisodeBuffer back = BufferFile.read(file, 77, FRAME, 1, 100_000);
        assertEquals(buffer.episodes(), back.episodes());
        for (int e = 0; e < buffer.episodes(); e++) {
            var want = buffer.episode(e);
            var got = back.episode(e);
            ObsArray.U8 stored = assertInstanceOf(ObsArray.U8.class, got.obs(), "read back as bytes");
            assertArrayEquals(((ObsArray.U8) want.obs()).values(), stored.values(), "seed " + rnd.seed());
            assertArrayEquals(want.action(), got.action());
            assertArrayEquals(want.reward(), got.reward());
            assertArrayEquals(want.terminated(), got.terminated());
        }
        var otherSpec = assertThrows(CheckpointException.class,
                () -> BufferFile.read(file, 77, ObsSpec.frame(3, 5, 4), 1, 100_000));
        assertTrue(otherSpec.getMessage().contains("tensor 'obs' is U8 with shape [" + rows + ", 3, 4, 5], expected"
                + " U8 (Σ(T_e + 1), 3, 5, 4)"), otherSpec.getMessage());
        var vectors = assertThrows(CheckpointException.class,
                () -> BufferFile.read(file, 77, ObsSpec.vector(FRAME.size()), 1, 100_000));
        assertTrue(vectors.getMessage().contains("expected F32 (Σ(T_e + 1), 60)"), vectors.getMessage());
    }

    /** The f32 buffer of the golden checkpoint, written before typed observations (format 1). */
    @Test
    void aFormatOneBufferLoadsAndIsWrittenBackWithTheSameTensors() throws Exception {
        Path v1 = dir.resolve("final.buffer.safetensors");
        try (InputStream in = BufferFileTest.class.getResourceAsStream(
                "/golden/tdmpc2/checkpoint-v1/final.buffer.safetensors")) {
            Files.copy(in, v1);
        }
        SafeTensorsFile old = SafeTensors.read(v1);
        assertEquals(BufferFile.FORMAT_V1, old.metadata().get(SafeTensors.FORMAT_KEY));
        long step = Long.parseLong(old.metadata().get("step"));
        EpisodeBuffer buffer = BufferFile.read(v1, step, ObsSpec.vector(3), 1, 1_000_000);
        int[] lengths = old.tensor("episode_length").ints();
        assertEquals(lengths.length, buffer.episodes());
        assertEquals(java.util.Arrays.stream(lengths).sum(), buffer.transitions());

        Path v2 = dir.resolve("again.buffer.safetensors");
        BufferFile.write(v2, buffer, step, 1);
        SafeTensorsFile now = SafeTensors.read(v2);
        for (String name : List.of("obs", "action", "reward", "terminated")) {
            TensorData a = old.tensor(name);
            TensorData b = now.tensor(name);
            assertEquals(FileDType.F32, b.dtype(), name);
            assertArrayEquals(a.shape(), b.shape(), name);
            assertArrayEquals(a.floats(), b.floats(), name + ": bit for bit");
        }
        assertArrayEquals(lengths, now.tensor("episode_length").ints());
    }

    @Test
    void anUnknownFormatIsRefusedNamingBothVersions() throws Exception {
        Path file = dir.resolve("x.buffer.safetensors");
        SafeTensors.write(file, java.util.Map.of(SafeTensors.FORMAT_KEY, "mbrl4j-buffer/9", "step", "1"), List.of());
        var e = assertThrows(CheckpointException.class, () -> BufferFile.read(file, 1, FRAME, 1, 10));
        assertTrue(e.getMessage().contains("format 'mbrl4j-buffer/9', expected mbrl4j-buffer/2 (or mbrl4j-buffer/1)"),
                e.getMessage());
    }
}
