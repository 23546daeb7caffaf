package org.mbrl4j.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.testing.TestRandom;

/** Every malformed file is an IOException naming the file, the problem, and that it is corrupt. */
class SafeTensorsCorruptionTest {
    private final TestRandom rnd = new TestRandom();

    @TempDir
    Path dir;

    private Path raw(String name, long headerLength, byte[] header, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(header);
        Path p = dir.resolve(name + ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    private Path raw(String name, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        return raw(name, h.length, h, dataBytes);
    }

    private static void assertCorrupt(Path file, String... fragments) {
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(file));
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "message names the file: " + m);
        assertTrue(m.contains("corrupt or not a safetensors file"), m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "expected '" + f + "' in: " + m);
        }
    }

    private static String f32(String name, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    @Test
    void tooShortFile() throws IOException {
        Path p = dir.resolve("short.safetensors");
        Files.write(p, new byte[rnd.nextInt(0, 8)]);
        assertCorrupt(p, "file too short");
    }

    @Test
    void headerLengthOutOfRange() throws IOException {
        byte[] h = "{}".getBytes(StandardCharsets.UTF_8);
        assertCorrupt(raw("beyond", 1000, h, 0), "header length 1000 out of range");
        assertCorrupt(raw("zero", 0, h, 0), "header length 0 out of range");
        assertCorrupt(raw("unsigned", -1, h, 0), "header length 18446744073709551615 out of range");
    }

    @Test
    void malformedJson() throws IOException {
        assertCorrupt(raw("truncated", "{\"a\": ", 0), "malformed JSON");
        assertCorrupt(raw("trailing", "{}  x", 0), "malformed JSON");
        assertCorrupt(raw("duplicate", "{" + f32("a", "[1]", 0, 4) + "," + f32("a", "[1]", 4, 8) + "}", 8),
                "malformed JSON", "Duplicate");
        assertCorrupt(raw("array", "[1, 2]", 0), "does not start with '{'");
    }

    @Test
    void unknownDtype() throws IOException {
        assertCorrupt(raw("f16", "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
                "tensor 'h'", "dtype 'F16'");
        assertCorrupt(raw("nodtype", "{\"h\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "tensor 'h'", "dtype");
    }

    @Test
    void badEntries() throws IOException {
        assertCorrupt(raw("notobj", "{\"h\": 3}", 0), "tensor 'h'", "entry must be an object");
        assertCorrupt(raw("negshape", "{" + f32("h", "[-2]", 0, 8) + "}", 8), "tensor 'h'", "shape");
        assertCorrupt(raw("floatshape", "{" + f32("h", "[2.0]", 0, 8) + "}", 8), "tensor 'h'", "shape");
        assertCorrupt(raw("oneoffset", "{\"h\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}", 8),
                "tensor 'h'", "data_offsets");
        assertCorrupt(raw("meta", "{\"__metadata__\":{\"step\": 5}}", 0), "__metadata__['step'] must be a string");
    }

    @Test
    void shapeAndOffsetsDisagree() throws IOException {
        assertCorrupt(raw("mismatch", "{" + f32("w", "[3]", 0, 8) + "}", 8), "tensor 'w'", "span 8 bytes",
                "needs 12");
        assertCorrupt(raw("reversed", "{" + f32("w", "[2]", 8, 0) + "}", 8), "tensor 'w'", "needs 8");
    }

    @Test
    void offsetsOutsideOverlappingOrLeavingGaps() throws IOException {
        assertCorrupt(raw("outside", "{" + f32("w", "[2]", 0, 8) + "}", 4), "tensor 'w'", "outside the 4-byte");
        assertCorrupt(raw("overlap", "{" + f32("a", "[2]", 0, 8) + "," + f32("b", "[2]", 4, 12) + "}", 12),
                "tensor 'b'", "overlaps tensor 'a'");
        assertCorrupt(raw("gap", "{" + f32("a", "[2]", 0, 8) + "," + f32("b", "[2]", 12, 20) + "}", 20),
                "gap of 4 unused bytes", "'b'");
        assertCorrupt(raw("trailing", "{" + f32("a", "[2]", 0, 8) + "}", 12), "12 bytes", "cover only 8");
    }

    @Test
    void truncatedOrBitFlippedRealFile() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, Map.of("format", SafeTensors.CHECKPOINT_FORMAT),
                List.of(TensorData.f32("w", rnd.floats(16, -1, 1), 4, 4), TensorData.i32("i", new int[] {1, 2}, 2)));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - rnd.nextInt(1, 9)));
        assertCorrupt(cut, "outside");
        byte[] flipped = bytes.clone();
        flipped[0] ^= 0x40; // header length off by 64
        Path bad = dir.resolve("flipped.safetensors");
        Files.write(bad, flipped);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(bad));
        assertTrue(e.getMessage().contains("corrupt or not a safetensors file"), e.getMessage());
    }
}
