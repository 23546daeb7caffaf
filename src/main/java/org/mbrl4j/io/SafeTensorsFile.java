package org.mbrl4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The content of a safetensors file: the {@code __metadata__} strings (without the checksum entries)
 * and the tensors, both in the order the header lists them.
 *
 * @param checksum the verified CRC32C of the header, which covers the metadata and every tensor's
 *     CRC32C (a fingerprint of the content); empty for a file written without checksums
 */
public record SafeTensorsFile(Map<String, String> metadata, Map<String, TensorData> tensors, OptionalLong checksum) {

    public SafeTensorsFile {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /** The tensor called {@code name}; the error lists the names present. */
    public TensorData tensor(String name) {
        TensorData t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in the file; it holds " + tensors.keySet());
        }
        return t;
    }
}
