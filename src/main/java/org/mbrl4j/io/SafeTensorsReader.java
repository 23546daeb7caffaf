package org.mbrl4j.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Reads a safetensors file and checks it completely before any data is trusted, in the spirit of the
 * reference implementation's {@code SafeTensors::read_metadata}: the file holds the 8-byte prefix;
 * the header length is within [2, min(file − 8, {@link SafeTensors#MAX_HEADER_BYTES})]; the header
 * is one JSON object without duplicate keys; the metadata maps strings to strings; every tensor
 * entry has a known dtype, a shape of non-negative ints and two offsets with begin ≤ end ≤ buffer
 * size and end − begin = numel·dtype size; the entries, sorted by offset, tile the byte buffer
 * exactly (no overlap, no gap, no trailing bytes); when the file carries checksums ({@link Checksums}),
 * the header's and every tensor's CRC32C match, and no tensor lacks one. Any failure is an
 * {@link IOException} naming the file and the problem (and the tensor, for a data checksum).
 */
final class SafeTensorsReader {
    private SafeTensorsReader() {}

    private static final ValueLayout.OfFloat F32_LE =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The smallest header: "{}". */
    private static final int MIN_HEADER_BYTES = 2;

    /** A validated header entry; offsets relative to the byte buffer. */
    private record Entry(String name, FileDType dtype, int[] shape, long begin, long end) {}

    static SafeTensorsFile read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            long size = ch.size();
            if (size < SafeTensors.LENGTH_PREFIX_BYTES) {
                throw corrupt(path, "file too short: " + size + " bytes, but a safetensors file starts with an "
                        + SafeTensors.LENGTH_PREFIX_BYTES + "-byte header length");
            }
            long n = readPrefix(ch, path);
            long maxHeader = Math.min(size - SafeTensors.LENGTH_PREFIX_BYTES, SafeTensors.MAX_HEADER_BYTES);
            if (n < MIN_HEADER_BYTES || n > maxHeader) {
                throw corrupt(path, "header length " + Long.toUnsignedString(n) + " out of range [" + MIN_HEADER_BYTES
                        + ", " + maxHeader + "] for a file of " + size + " bytes");
            }
            MemorySegment file = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long dataStart = SafeTensors.LENGTH_PREFIX_BYTES + n;
            byte[] header = file.asSlice(SafeTensors.LENGTH_PREFIX_BYTES, n).toArray(ValueLayout.JAVA_BYTE);
            JsonNode root = parseHeader(header, path);
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : root.properties()) {
                if (field.getKey().equals(SafeTensors.METADATA_KEY)) {
                    metadata = metadata(field.getValue(), path);
                } else {
                    entries.add(entry(field.getKey(), field.getValue(), path));
                }
            }
            checkTiling(entries, size - dataStart, path);
            OptionalLong checksum = verifyChecksums(header, metadata, entries, file, dataStart, path);
            Map<String, TensorData> tensors = new LinkedHashMap<>();
            for (Entry e : entries) {
                tensors.put(e.name(), load(e, file, dataStart));
            }
            Map<String, String> plain = new LinkedHashMap<>(metadata);
            plain.keySet().removeIf(k -> k.startsWith(Checksums.PREFIX));
            return new SafeTensorsFile(plain, tensors, checksum);
        }
    }

    /**
     * Checks the header checksum and every tensor's; returns the header's, or empty for a file without
     * any checksum entry (written before checksums, or by another tool).
     */
    private static OptionalLong verifyChecksums(byte[] header, Map<String, String> metadata, List<Entry> entries,
            MemorySegment file, long dataStart, Path path) throws IOException {
        String recorded = metadata.get(Checksums.HEADER_KEY);
        if (recorded == null) {
            if (Checksums.anyIn(metadata)) {
                throw corrupt(path, "the metadata holds tensor checksums but no '" + Checksums.HEADER_KEY
                        + "' entry (a changed byte in the header?)");
            }
            return OptionalLong.empty();
        }
        int valueAt = Checksums.isHex(recorded) ? Checksums.headerValueAt(header, recorded) : -1;
        if (valueAt < 0) {
            throw corrupt(path, "header checksum entry '" + Checksums.HEADER_KEY + "' = '" + recorded
                    + "' is malformed (expected 8 hex digits, once, in the metadata)");
        }
        long headerCrc = Checksums.headerCrc(header, valueAt);
        if (!Checksums.hex(headerCrc).equals(recorded)) {
            throw corrupt(path, "header checksum mismatch: CRC32C of the header is " + Checksums.hex(headerCrc)
                    + ", but it records " + recorded + " (the header changed after it was written)");
        }
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            names.add(e.name());
            String want = metadata.get(Checksums.tensorKey(e.name()));
            if (want == null) {
                throw corrupt(path, "tensor '" + e.name() + "' has no checksum entry '" + Checksums.tensorKey(e.name())
                        + "'");
            }
            var crc = new CRC32C();
            crc.update(file.asSlice(dataStart + e.begin(), e.end() - e.begin()).asByteBuffer());
            String got = Checksums.hex(crc.getValue());
            if (!got.equals(want)) {
                throw corrupt(path, "tensor '" + e.name() + "': CRC32C of its " + (e.end() - e.begin()) + " bytes is "
                        + got + ", but the header records " + want + " (its data changed after it was written)");
            }
        }
        for (String key : metadata.keySet()) {
            boolean orphan = key.startsWith(Checksums.TENSOR_PREFIX)
                    && !names.contains(key.substring(Checksums.TENSOR_PREFIX.length()));
            if (orphan) {
                throw corrupt(path, "checksum entry '" + key + "' names no tensor of the file");
            }
        }
        return OptionalLong.of(headerCrc);
    }

    private static long readPrefix(FileChannel ch, Path path) throws IOException {
        ByteBuffer prefix = ByteBuffer.allocate(SafeTensors.LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (prefix.hasRemaining()) {
            if (ch.read(prefix, prefix.position()) < 0) {
                throw corrupt(path, "unexpected end of file in the header length");
            }
        }
        return prefix.getLong(0);
    }

    private static JsonNode parseHeader(byte[] header, Path path) throws IOException {
        if (header[0] != '{') {
            throw corrupt(path, "header does not start with '{' (first byte 0x"
                    + Integer.toHexString(header[0] & 0xFF) + ")");
        }
        JsonNode root;
        try {
            root = SafeTensors.JSON.readTree(header);
        } catch (JacksonException e) {
            throw corrupt(path, "malformed JSON header: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw corrupt(path, "header is not a JSON object");
        }
        return root;
    }

    private static Map<String, String> metadata(JsonNode node, Path path) throws IOException {
        if (!node.isObject()) {
            throw corrupt(path, SafeTensors.METADATA_KEY + " must be an object of strings, got " + node.getNodeType());
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> kv : node.properties()) {
            if (!kv.getValue().isTextual()) {
                throw corrupt(path, SafeTensors.METADATA_KEY + "['" + kv.getKey() + "'] must be a string, got "
                        + kv.getValue().getNodeType());
            }
            out.put(kv.getKey(), kv.getValue().textValue());
        }
        return out;
    }

    private static Entry entry(String name, JsonNode node, Path path) throws IOException {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw corrupt(path, where + ": entry must be an object, got " + node.getNodeType());
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) {
            throw corrupt(path, where + ": missing or non-string \"dtype\"");
        }
        FileDType dtype = dtype(dtypeNode.textValue(), where, path);
        int[] shape = shape(node.get("shape"), where, path);
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !isNonNegativeLong(off.get(0))
                || !isNonNegativeLong(off.get(1))) {
            throw corrupt(path, where + ": \"data_offsets\" must be [begin, end] of non-negative integers, got " + off);
        }
        long begin = off.get(0).longValue();
        long end = off.get(1).longValue();
        long numel = numel(shape);
        if (numel > Integer.MAX_VALUE) {
            throw corrupt(path, where + ": shape " + Arrays.toString(shape) + " has more elements than a Java"
                    + " array holds (2^31 - 1)");
        }
        long bytes = numel * dtype.bytes();
        if (end < begin || end - begin != bytes) {
            throw corrupt(path, where + ": data_offsets [" + begin + ", " + end + "] span " + (end - begin)
                    + " bytes, but shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes);
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** Elements of {@code shape}, or any value above Integer.MAX_VALUE when there are more than that. */
    private static long numel(int[] shape) {
        if (Arrays.stream(shape).anyMatch(d -> d == 0)) {
            return 0;
        }
        long n = 1;
        for (int d : shape) {
            n *= d; // n <= 2^31 - 1 and d <= 2^31 - 1 before this: no overflow
            if (n > Integer.MAX_VALUE) {
                return n;
            }
        }
        return n;
    }

    private static FileDType dtype(String name, String where, Path path) throws IOException {
        for (FileDType d : FileDType.values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        throw corrupt(path, where + ": unknown or unsupported dtype '" + name
                + "' (this reader supports F32, I32, U8)");
    }

    private static int[] shape(JsonNode node, String where, Path path) throws IOException {
        if (node == null || !node.isArray()) {
            throw corrupt(path, where + ": missing or non-array \"shape\"");
        }
        int[] shape = new int[node.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
                throw corrupt(path, where + ": shape " + node + " must hold integers in [0, 2^31 - 1]");
            }
            shape[i] = d.intValue();
        }
        return shape;
    }

    /** Sorted by offset, the entries must cover [0, bufferBytes) exactly once. */
    private static void checkTiling(List<Entry> entries, long bufferBytes, Path path) throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        String previous = null;
        for (Entry e : sorted) {
            if (e.end() > bufferBytes) {
                throw corrupt(path, "tensor '" + e.name() + "': data_offsets [" + e.begin() + ", " + e.end()
                        + "] lie outside the " + bufferBytes + "-byte data buffer");
            }
            if (e.begin() < expected) {
                throw corrupt(path, "tensor '" + e.name() + "' (bytes " + e.begin() + ".." + e.end()
                        + ") overlaps tensor '" + previous + "' (ends at " + expected + ")");
            }
            if (e.begin() > expected) {
                throw corrupt(path, "gap of " + (e.begin() - expected) + " unused bytes before tensor '" + e.name()
                        + "' at offset " + expected);
            }
            expected = e.end();
            previous = e.name();
        }
        if (expected != bufferBytes) {
            throw corrupt(path, "data buffer has " + bufferBytes + " bytes but the tensors cover only " + expected
                    + " (truncated header or trailing bytes)");
        }
    }

    private static TensorData load(Entry e, MemorySegment file, long dataStart) {
        int n = Math.toIntExact((e.end() - e.begin()) / e.dtype().bytes());
        long at = dataStart + e.begin();
        return switch (e.dtype()) {
            case F32 -> {
                float[] a = new float[n];
                MemorySegment.copy(file, F32_LE, at, a, 0, n);
                yield new TensorData(e.name(), e.dtype(), e.shape(), a, null, null);
            }
            case I32 -> {
                int[] a = new int[n];
                MemorySegment.copy(file, I32_LE, at, a, 0, n);
                yield new TensorData(e.name(), e.dtype(), e.shape(), null, a, null);
            }
            case U8 -> {
                byte[] a = new byte[n];
                MemorySegment.copy(file, ValueLayout.JAVA_BYTE, at, a, 0, n);
                yield new TensorData(e.name(), e.dtype(), e.shape(), null, null, a);
            }
        };
    }

    private static boolean isNonNegativeLong(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0;
    }

    static IOException corrupt(Path path, String what) {
        return new IOException(path + ": " + what + "; the file is corrupt or not a safetensors file");
    }
}
