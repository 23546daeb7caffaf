package org.mbrl4j.io;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The checksums {@link SafeTensors#write} puts into the metadata block and {@link SafeTensorsReader}
 * verifies: {@code crc32c.tensor.<name>} = CRC32C of each tensor's little-endian bytes, and
 * {@code crc32c.header} = CRC32C of the whole header (JSON and padding) as written with that value's
 * eight hex digits set to {@code 00000000}. The header checksum covers the metadata, the shapes and
 * offsets and every tensor checksum, so any changed byte of the file is detected: in the header by
 * the header checksum (or a header that no longer parses), in the data by the tensor's checksum.
 * Values are eight lowercase hex digits.
 */
final class Checksums {
    private Checksums() {}

    /** Prefix of every checksum key; user metadata may not use it. */
    static final String PREFIX = "crc32c.";
    static final String HEADER_KEY = PREFIX + "header";
    static final String TENSOR_PREFIX = PREFIX + "tensor.";
    static final String PLACEHOLDER = "00000000";

    static String tensorKey(String tensorName) {
        return TENSOR_PREFIX + tensorName;
    }

    static String hex(long crc) {
        return String.format("%08x", crc);
    }

    static boolean isHex(String value) {
        return value.matches("[0-9a-f]{8}");
    }

    /** The bytes {@code "crc32c.header":"<value>"} as the compact JSON header holds them. */
    static byte[] headerEntry(String value) {
        return ("\"" + HEADER_KEY + "\":\"" + value + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The position of the value of the header checksum entry in {@code header}, or -1 when the entry
     * {@code "crc32c.header":"<value>"} is not there exactly once.
     */
    static int headerValueAt(byte[] header, String value) {
        byte[] entry = headerEntry(value);
        int first = indexOf(header, entry, 0);
        if (first < 0 || indexOf(header, entry, first + 1) >= 0) {
            return -1;
        }
        return first + entry.length - 1 - value.length();
    }

    /** CRC32C of {@code header} with the header checksum's value (at {@code valueAt}) read as zeros. */
    static long headerCrc(byte[] header, int valueAt) {
        byte[] copy = header.clone();
        byte[] zeros = PLACEHOLDER.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(zeros, 0, copy, valueAt, zeros.length);
        var crc = new CRC32C();
        crc.update(copy);
        return crc.getValue();
    }

    /** Whether {@code metadata} holds any checksum key. */
    static boolean anyIn(Map<String, String> metadata) {
        return metadata.keySet().stream().anyMatch(k -> k.startsWith(PREFIX));
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
