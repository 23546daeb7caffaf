package org.mbrl4j.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The registry of a model's trainable tensors under hierarchical names ({@code encoder.0.weight}),
 * in creation order. Every parameter owns a persistent gradient of its shape, so gradients
 * accumulate across backward passes until {@link #zeroGrad()}.
 */
public final class Parameters {
    private final Backend backend;
    private final Rng initRng;
    private final Map<String, Tensor> byName = new LinkedHashMap<>();

    /** Parameters live on {@code backend}; initial values are drawn from {@code initRng}. */
    public Parameters(Backend backend, Rng initRng) {
        this.backend = backend;
        this.initRng = initRng;
    }

    public Backend backend() {
        return backend;
    }

    /** A view of this registry that prefixes every name with {@code prefix + "."}. */
    public Scope scope(String prefix) {
        return new Scope(prefix);
    }

    /** Creates and initialises a parameter; names must be unique. */
    public Tensor create(String name, Init init, int... shape) {
        if (byName.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' already exists");
        }
        Tensor t = backend.tensor(DType.F32, true, shape);
        float[] values = new float[Math.toIntExact(t.numel())];
        init.fill(values, shape.length == 0 ? 1 : shape[shape.length - 1], initRng);
        backend.upload(values, 0, t);
        t.setGrad(backend.tensor(DType.F32, false, shape));
        byName.put(name, t);
        return t;
    }

    public Tensor get(String name) {
        Tensor t = byName.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; known: " + byName.keySet());
        }
        return t;
    }

    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(byName);
    }

    /** All parameters whose name starts with {@code prefix + "."} (or equals it), in order. */
    public List<Tensor> under(String prefix) {
        List<Tensor> out = new ArrayList<>();
        byName.forEach((n, t) -> {
            if (n.equals(prefix) || n.startsWith(prefix + ".")) {
                out.add(t);
            }
        });
        return out;
    }

    public List<Tensor> all() {
        return new ArrayList<>(byName.values());
    }

    public static List<Tensor> grads(List<Tensor> params) {
        List<Tensor> out = new ArrayList<>(params.size());
        for (Tensor p : params) {
            out.add(p.grad());
        }
        return out;
    }

    public long count(String prefix) {
        long n = 0;
        for (Tensor t : under(prefix)) {
            n += t.numel();
        }
        return n;
    }

    public long count() {
        long n = 0;
        for (Tensor t : byName.values()) {
            n += t.numel();
        }
        return n;
    }

    public void zeroGrad() {
        for (Tensor t : byName.values()) {
            backend.fillZero(t.grad());
        }
    }

    /** Copies every value (not gradients) from {@code other}, which must have the same names and shapes. */
    public void copyFrom(Parameters other) {
        if (!byName.keySet().equals(other.byName.keySet())) {
            throw new IllegalArgumentException("copyFrom: parameter names differ: " + byName.keySet() + " vs "
                    + other.byName.keySet());
        }
        byName.forEach((n, t) -> {
            Tensor s = other.byName.get(n);
            if (!java.util.Arrays.equals(s.shape(), t.shape())) {
                throw new IllegalArgumentException("copyFrom: '" + n + "' has shape " + Shapes.str(s.shape())
                        + ", expected " + Shapes.str(t.shape()));
            }
            backend.copy(s, t);
        });
    }

    /** Names prefixed by a fixed string. */
    public final class Scope {
        private final String prefix;

        private Scope(String prefix) {
            this.prefix = prefix;
        }

        public String name(String local) {
            return prefix + "." + local;
        }

        public Scope scope(String sub) {
            return new Scope(prefix + "." + sub);
        }

        public Tensor create(String local, Init init, int... shape) {
            return Parameters.this.create(name(local), init, shape);
        }

        public String prefix() {
            return prefix;
        }

        public Parameters registry() {
            return Parameters.this;
        }
    }
}
