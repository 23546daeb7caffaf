package org.mbrl4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.testing.TestRandom;

/** The CRC32C of every tensor and of the header: any changed byte of a file is refused. */
class SafeTensorsChecksumTest {
    private final TestRandom rnd = new TestRandom();

    @TempDir
    Path dir;

    private Path written() throws IOException {
        Path file = dir.resolve("w.safetensors");
        SafeTensors.write(file, Map.of("format", "test/1", "note", "a b c"),
                List.of(TensorData.f32("model.w", rnd.floats(12, -1, 1), 3, 4),
                        TensorData.i32("idx", new int[] {4, 5}, 2), TensorData.u8("frames", new byte[] {1, 2, 3}, 3)));
        return file;
    }

    private Path withByteChanged(Path file, int at, int xor) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[at] ^= (byte) xor;
        Path out = dir.resolve("changed-" + at + ".safetensors");
        Files.write(out, bytes);
        return out;
    }

    @Test
    void checksumsAreVerifiedAndNotPartOfTheMetadata() throws IOException {
        Path file = written();
        SafeTensorsFile back = SafeTensors.read(file);
        assertEquals(Map.of("format", "test/1", "note", "a b c"), back.metadata());
        assertTrue(back.checksum().isPresent());
        assertEquals(back.checksum(), SafeTensors.read(file).checksum(), "a fingerprint of the content");
    }

    @Test
    void everySingleChangedByteIsRefused() throws IOException {
        Path file = written();
        int size = (int) Files.size(file);
        for (int at = 0; at < size; at++) {
            Path changed = withByteChanged(file, at, 1 + rnd.nextInt(0, 255));
            int where = at;
            IOException e = assertThrows(IOException.class, () -> SafeTensors.read(changed), () -> "byte " + where
                    + " of " + size + " changed, but the file was read");
            assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
            Files.delete(changed);
        }
    }

    @Test
    void aChangedDataByteNamesItsTensor() throws IOException {
        Path file = written();
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        // tensors are packed in name order: frames (3 bytes), idx (8), model.w (48)
        Path changed = withByteChanged(file, (int) (8 + headerLength + 3 + 8 + 20), 0x10);
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(changed));
        assertTrue(e.getMessage().contains("tensor 'model.w': CRC32C of its 48 bytes is "), e.getMessage());
        assertTrue(e.getMessage().contains("but the header records"), e.getMessage());
    }

    @Test
    void removedOrMisplacedChecksumEntriesAreRefused() throws IOException {
        Path file = written();
        String header = header(file);
        assertTrue(header.contains("\"crc32c.header\":\""), header);
        // renaming the header entry (one byte) leaves tensor checksums without a header checksum
        Path renamed = withByteChanged(file, 8 + header.indexOf("crc32c.header") + 7, 'h' ^ 'H');
        IOException e = assertThrows(IOException.class, () -> SafeTensors.read(renamed));
        assertTrue(e.getMessage().contains("tensor checksums but no 'crc32c.header' entry")
                || e.getMessage().contains("header checksum"), e.getMessage());
    }

    @Test
    void reservedKeysAreRejectedOnWrite() {
        var meta = new LinkedHashMap<String, String>();
        meta.put("crc32c.mine", "x");
        var e = assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(dir.resolve("r.safetensors"),
                meta, List.of()));
        assertTrue(e.getMessage().contains("'crc32c.mine'") && e.getMessage().contains("reserved"), e.getMessage());
    }

    private static String header(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
