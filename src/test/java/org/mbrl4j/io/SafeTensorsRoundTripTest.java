package org.mbrl4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.testing.TestRandom;

class SafeTensorsRoundTripTest {
    private final TestRandom rnd = new TestRandom();

    @TempDir
    Path dir;

    private List<TensorData> randomTensors() {
        List<TensorData> out = new ArrayList<>();
        int n = rnd.nextInt(1, 8);
        for (int i = 0; i < n; i++) {
            int rank = rnd.nextInt(0, 4);
            int[] shape = new int[rank];
            int numel = 1;
            for (int d = 0; d < rank; d++) {
                shape[d] = rnd.nextInt(1, 7);
                numel *= shape[d];
            }
            String name = "t" + rnd.nextInt(1000) + "." + i;
            int kind = rnd.nextInt(3);
            if (kind == 0) {
                out.add(TensorData.f32(name, rnd.normals(numel, 10), shape));
            } else if (kind == 1) {
                int[] v = new int[numel];
                for (int k = 0; k < numel; k++) {
                    v[k] = (int) rnd.nextLong();
                }
                out.add(TensorData.i32(name, v, shape));
            } else {
                byte[] v = new byte[numel];
                for (int k = 0; k < numel; k++) {
                    v[k] = (byte) rnd.nextInt(256);
                }
                out.add(TensorData.u8(name, v, shape));
            }
        }
        return out;
    }

    @Test
    void roundTripKeepsValuesShapesDtypesAndMetadata() throws Exception {
        List<TensorData> tensors = randomTensors();
        tensors.add(TensorData.f32("special", new float[] {Float.NaN, Float.POSITIVE_INFINITY, -0.0f, Float.MIN_VALUE},
                2, 2));
        tensors.add(TensorData.f32("empty", new float[0], 0, 3));
        Map<String, String> meta = Map.of(SafeTensors.FORMAT_KEY, SafeTensors.CHECKPOINT_FORMAT, "step", "12345",
                "config", "{\"horizon\": 3, \"note\": \"ünïcødé γ\"}");
        Path file = dir.resolve("ckpt.safetensors");
        SafeTensors.write(file, meta, tensors);
        SafeTensorsFile back = SafeTensors.read(file);
        assertEquals(meta, back.metadata());
        assertEquals(tensors.size(), back.tensors().size());
        for (TensorData t : tensors) {
            TensorData r = back.tensor(t.name());
            String ctx = "seed " + rnd.seed() + " tensor " + t.name();
            assertEquals(t.dtype(), r.dtype(), ctx);
            assertArrayEquals(t.shape(), r.shape(), ctx);
            if (t.dtype() == FileDType.F32) {
                assertEquals(Arrays.toString(t.floats()), Arrays.toString(r.floats()), ctx);
                for (int i = 0; i < t.floats().length; i++) {
                    assertEquals(Float.floatToRawIntBits(t.floats()[i]), Float.floatToRawIntBits(r.floats()[i]), ctx);
                }
            } else if (t.dtype() == FileDType.I32) {
                assertArrayEquals(t.ints(), r.ints(), ctx);
            } else {
                assertArrayEquals(t.bytes(), r.bytes(), ctx);
            }
        }
        List<String> names = new ArrayList<>(back.tensors().keySet());
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(null);
        assertEquals(sorted, names, "tensors come back in name order");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> back.tensor("nope"));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    }

    @Test
    void byteLayoutFollowsTheSpec() throws Exception {
        float[] w = rnd.floats(6, -1, 1);
        int[] idx = {7, -3, Integer.MAX_VALUE};
        Path file = dir.resolve("layout.safetensors");
        SafeTensors.write(file, Map.of("k", "v"),
                List.of(TensorData.i32("b.idx", idx, 3), TensorData.f32("a.w", w, 2, 3)));
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = le.getLong(0);
        assertEquals(0, n % 8, "header padded to a multiple of 8");
        assertEquals(8 + n + 6 * 4 + 3 * 4, bytes.length);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{"));
        String trimmed = header.stripTrailing();
        assertTrue(header.substring(trimmed.length()).chars().allMatch(c -> c == ' '), "padding is spaces");
        JsonNode root = new ObjectMapper().readTree(trimmed);
        Iterator<String> keys = root.fieldNames();
        assertEquals("__metadata__", keys.next());
        assertEquals("a.w", keys.next());
        assertEquals("b.idx", keys.next());
        assertEquals("v", root.get("__metadata__").get("k").asText());
        assertEquals("F32", root.get("a.w").get("dtype").asText());
        assertEquals("[2,3]", root.get("a.w").get("shape").toString());
        assertEquals("[0,24]", root.get("a.w").get("data_offsets").toString());
        assertEquals("I32", root.get("b.idx").get("dtype").asText());
        assertEquals("[24,36]", root.get("b.idx").get("data_offsets").toString());
        int data = 8 + (int) n;
        for (int i = 0; i < 6; i++) {
            assertEquals(w[i], le.getFloat(data + 4 * i), "little-endian float " + i);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(idx[i], le.getInt(data + 24 + 4 * i), "little-endian int " + i);
        }
    }

    @Test
    void noMetadataAndNoTensorsIsAValidFile() throws Exception {
        Path file = dir.resolve("empty.safetensors");
        SafeTensors.write(file, Map.of(), List.of());
        SafeTensorsFile back = SafeTensors.read(file);
        assertTrue(back.metadata().isEmpty() && back.tensors().isEmpty(), "the header checksum is not user metadata");
        assertTrue(back.checksum().isPresent());

        Path bare = dir.resolve("bare.safetensors"); // as other writers make it: 8-byte length + "{}" padded to 8
        Files.write(bare, new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '});
        SafeTensorsFile plain = SafeTensors.read(bare);
        assertTrue(plain.metadata().isEmpty() && plain.tensors().isEmpty() && plain.checksum().isEmpty());
    }

    @Test
    void tensorDataValidatesItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> TensorData.f32("x", new float[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> TensorData.f32("", new float[1]));
        assertThrows(IllegalArgumentException.class, () -> TensorData.f32("__metadata__", new float[1]));
        assertThrows(IllegalArgumentException.class, () -> TensorData.i32("x", new int[0], -1));
        assertThrows(IllegalArgumentException.class, () -> new TensorData("x", FileDType.F32, new int[] {1}, null,
                new int[1], null));
        assertThrows(IllegalArgumentException.class, () -> new TensorData("x", FileDType.U8, new int[] {1}, null,
                null, null));
        assertEquals(6, TensorData.u8("u", new byte[6], 2, 3).byteSize());
        TensorData i = TensorData.i32("i", new int[] {1, 2}, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, i::floats);
        assertTrue(e.getMessage().contains("'i'") && e.getMessage().contains("I32"), e.getMessage());
        assertEquals(8, i.byteSize());
    }

    @Test
    void duplicateNamesAreRejectedBeforeAnyFileIsCreated() throws Exception {
        Path file = dir.resolve("dup.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
                Map.of(), List.of(TensorData.f32("w", new float[1], 1), TensorData.f32("w", new float[1], 1))));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
        assertFalse(Files.exists(file));
        try (var listing = Files.list(dir)) {
            assertEquals(0, listing.count());
        }
    }
}
