package org.mbrl4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.testing.TestRandom;

/** AtomicFile and SafeTensors.write: the target holds the old or the new content, never a partial one. */
class SafeTensorsAtomicWriteTest {
    private final TestRandom rnd = new TestRandom();

    @TempDir
    Path dir;

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void overwriteReplacesTheFileAndLeavesNoTempFile() throws Exception {
        Path file = dir.resolve("model.safetensors");
        float[] first = rnd.floats(10, -1, 1);
        float[] second = rnd.floats(10, -1, 1);
        SafeTensors.write(file, Map.of("step", "1"), List.of(TensorData.f32("w", first, 10)));
        SafeTensors.write(file, Map.of("step", "2"), List.of(TensorData.f32("w", second, 10)));
        SafeTensorsFile back = SafeTensors.read(file);
        assertEquals("2", back.metadata().get("step"));
        assertArrayEquals(second, back.tensor("w").floats());
        assertEquals(List.of("model.safetensors"), listing());
    }

    @Test
    void failingBodyLeavesTheOldFileIntactAndNoTempFile() throws Exception {
        Path file = dir.resolve("state.bin");
        byte[] old = new byte[64];
        for (int i = 0; i < old.length; i++) {
            old[i] = (byte) rnd.nextInt(256);
        }
        Files.write(file, old);
        IOException boom = new IOException("disk full (simulated)");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(file, ch -> {
            ch.write(ByteBuffer.wrap(new byte[1000]));
            throw boom;
        }));
        assertSame(boom, e);
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of("state.bin"), listing());
        IllegalStateException unchecked = assertThrows(IllegalStateException.class,
                () -> AtomicFile.write(file, ch -> {
                    throw new IllegalStateException("bug in the writer");
                }));
        assertEquals("bug in the writer", unchecked.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of("state.bin"), listing());
    }

    @Test
    void failingRenameCleansUpTheTempFile() throws Exception {
        Path target = dir.resolve("occupied");
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "keep");
        assertThrows(IOException.class, () -> SafeTensors.write(target, Map.of(),
                List.of(TensorData.f32("w", new float[] {1}, 1))));
        assertTrue(Files.isDirectory(target));
        assertEquals("keep", Files.readString(target.resolve("keep.txt")));
        assertEquals(List.of("occupied"), listing());
    }

    @Test
    void missingDirectoryFailsWithoutCreatingAnything() throws Exception {
        Path file = dir.resolve("no-such-dir").resolve("x.safetensors");
        IOException e = assertThrows(IOException.class, () -> SafeTensors.write(file, Map.of(), List.of()));
        assertTrue(e.getMessage().contains("no-such-dir"), e.getMessage());
        assertFalse(Files.exists(file.getParent()));
        assertEquals(List.of(), listing());
    }
}
