package org.mbrl4j.agent.planner;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * The small constant tensors of planning (discount powers, index rows, thresholds), uploaded once into
 * persistent device memory and reused by every later plan, so a captured plan uploads nothing and
 * reads them at fixed addresses. A constant is keyed by its name and shape; asking again with other
 * values is a programming error.
 */
public final class PinnedConstants {
    private final Backend backend;
    private final Map<List<Object>, Entry> entries = new HashMap<>();

    private record Entry(Tensor tensor, float[] floats, int[] ints) {}

    public PinnedConstants(Backend backend) {
        this.backend = backend;
    }

    /** The persistent F32 tensor {@code name} of {@code shape} holding {@code values}. */
    public Tensor floats(String name, float[] values, int... shape) {
        Entry e = entries.computeIfAbsent(key(name, shape),
                k -> new Entry(backend.fromArray(values.clone(), shape), values.clone(), null));
        if (e.floats() == null || !Arrays.equals(e.floats(), values)) {
            throw new IllegalArgumentException("pinned constant '" + name + "' " + Arrays.toString(shape)
                    + " was made with other values; give each distinct constant its own name");
        }
        return e.tensor();
    }

    /** The persistent I32 tensor {@code name} of {@code shape} holding {@code values}. */
    public Tensor ints(String name, int[] values, int... shape) {
        Entry e = entries.computeIfAbsent(key(name, shape),
                k -> new Entry(backend.fromArray(values.clone(), shape), null, values.clone()));
        if (e.ints() == null || !Arrays.equals(e.ints(), values)) {
            throw new IllegalArgumentException("pinned constant '" + name + "' " + Arrays.toString(shape)
                    + " was made with other values; give each distinct constant its own name");
        }
        return e.tensor();
    }

    private static List<Object> key(String name, int[] shape) {
        return List.of(name, Arrays.toString(shape));
    }
}
