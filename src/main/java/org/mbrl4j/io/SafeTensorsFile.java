package org.mbrl4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a safetensors file: the {@code __metadata__} strings and the tensors, both in the
 * order the header lists them.
 */
public record SafeTensorsFile(Map<String, String> metadata, Map<String, TensorData> tensors) {

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
