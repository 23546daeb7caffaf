package org.mbrl4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The safetensors format (huggingface/safetensors): an 8-byte little-endian unsigned header length
 * N, then N bytes of UTF-8 JSON, then the byte buffer holding every tensor's little-endian data.
 * <pre>
 *   {"__metadata__": {string: string, ...},
 *    "name": {"dtype": "F32" | "I32" | "U8", "shape": [d0, d1, ...], "data_offsets": [begin, end]}, ...}
 * </pre>
 * Offsets are relative to the start of the byte buffer, end exclusive. This writer lists the tensors
 * in name order, packs them back to back, and pads the header with spaces to a multiple of 8 bytes so
 * that the buffer starts 8-byte aligned, as the reference implementation does. Files are replaced
 * atomically ({@link AtomicFile}). The reader ({@link SafeTensorsReader}) validates everything.
 *
 * <p>Integrity: the writer adds a CRC32C of every tensor's bytes and of the header itself to the
 * metadata ({@link Checksums}: keys {@code crc32c.*}, which other readers see as plain strings); the
 * reader verifies them, refuses a file whose bytes changed, and returns the metadata without them.
 * Files written without checksums (by older versions or other tools) still load.
 *
 * <p>Checkpoint convention: the metadata carries {@link #FORMAT_KEY} = {@link #CHECKPOINT_FORMAT},
 * whose trailing number is bumped on any incompatible change of the tensor names or layout. The reader
 * itself is generic and does not require it; checkpoint loaders check it.
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** The header key of the string-to-string metadata block (safetensors spec). */
    public static final String METADATA_KEY = "__metadata__";
    /** Metadata key naming the file's content format. */
    public static final String FORMAT_KEY = "format";
    /** The format written by mbrl4j checkpoints, version 1. */
    public static final String CHECKPOINT_FORMAT = "mbrl4j-checkpoint/1";
    /** Header alignment in bytes (reference writer: the header is padded to a multiple of 8). */
    public static final int HEADER_ALIGNMENT = 8;
    /** Bytes of the header-length prefix (a u64). */
    public static final int LENGTH_PREFIX_BYTES = 8;
    /** Largest header accepted, in bytes (the reference implementation's MAX_HEADER_SIZE = 100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Chunk size of buffered writes. */
    private static final int CHUNK_BYTES = 1 << 20;

    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Writes {@code tensors} (any order; names must be unique) and {@code metadata} to {@code path}
     * atomically, with the checksums of {@link Checksums}.
     *
     * @return the header's CRC32C, which covers the metadata and every tensor's CRC32C: a fingerprint of
     *     the file's content ({@link SafeTensorsFile#checksum()} when read back)
     */
    public static long write(Path path, Map<String, String> metadata, Collection<TensorData> tensors)
            throws IOException {
        TreeMap<String, TensorData> byName = new TreeMap<>();
        for (TensorData t : tensors) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("SafeTensors.write " + path + ": duplicate tensor name '"
                        + t.name() + "'");
            }
        }
        for (String key : metadata.keySet()) {
            if (key != null && key.startsWith(Checksums.PREFIX)) {
                throw new IllegalArgumentException("SafeTensors.write " + path + ": metadata key '" + key
                        + "' uses the prefix '" + Checksums.PREFIX + "', which is reserved for the checksums");
            }
        }
        Map<String, String> withChecksums = new TreeMap<>(metadata);
        for (TensorData t : byName.values()) {
            withChecksums.put(Checksums.tensorKey(t.name()), Checksums.hex(crc(t)));
        }
        withChecksums.put(Checksums.HEADER_KEY, Checksums.PLACEHOLDER);
        byte[] header = header(withChecksums, byName.values());
        int valueAt = Checksums.headerValueAt(header, Checksums.PLACEHOLDER);
        long headerCrc = Checksums.headerCrc(header, valueAt);
        byte[] hex = Checksums.hex(headerCrc).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(hex, 0, header, valueAt, hex.length);
        AtomicFile.write(path, ch -> {
            ByteBuffer prefix = ByteBuffer.allocate(LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).flip();
            writeFully(ch, prefix);
            writeFully(ch, ByteBuffer.wrap(header));
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (TensorData t : byName.values()) {
                forEachChunk(t, chunk, c -> writeFully(ch, c));
            }
        });
        return headerCrc;
    }

    /** Reads and validates a whole file; see {@link SafeTensorsReader} for the checks. */
    public static SafeTensorsFile read(Path path) throws IOException {
        return SafeTensorsReader.read(path);
    }

    /** The JSON header padded with spaces to a multiple of {@link #HEADER_ALIGNMENT} bytes. */
    static byte[] header(Map<String, String> metadata, Collection<TensorData> sortedTensors) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            metadata.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new IllegalArgumentException("SafeTensors: metadata keys and values must be non-null, got "
                            + k + " = " + v);
                }
            });
            ObjectNode meta = root.putObject(METADATA_KEY);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (TensorData t : sortedTensors) {
            ObjectNode entry = root.putObject(t.name());
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(t.shape()).forEach(shape::add);
            long end = Math.addExact(offset, t.byteSize());
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("SafeTensors: cannot serialise the header", e);
        }
        int padded = Math.multiplyExact((json.length + HEADER_ALIGNMENT - 1) / HEADER_ALIGNMENT, HEADER_ALIGNMENT);
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    /** CRC32C of the tensor's little-endian bytes, as they are written. */
    static long crc(TensorData t) {
        var crc = new CRC32C();
        try {
            forEachChunk(t, ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN), crc::update);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a CRC does no I/O
        }
        return crc.getValue();
    }

    @FunctionalInterface
    private interface ChunkSink {
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** Hands the tensor's little-endian bytes to {@code sink}, one chunk at a time. */
    private static void forEachChunk(TensorData t, ByteBuffer chunk, ChunkSink sink) throws IOException {
        int n = Math.toIntExact(t.numel());
        int perChunk = CHUNK_BYTES / t.dtype().bytes();
        for (int off = 0; off < n; off += perChunk) {
            int len = Math.min(perChunk, n - off);
            chunk.clear();
            switch (t.dtype()) {
                case F32 -> chunk.asFloatBuffer().put(t.floats(), off, len);
                case I32 -> chunk.asIntBuffer().put(t.ints(), off, len);
                case U8 -> chunk.put(0, t.bytes(), off, len);
            }
            chunk.limit(len * t.dtype().bytes());
            sink.accept(chunk);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
