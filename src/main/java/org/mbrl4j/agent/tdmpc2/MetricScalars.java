package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.Tensor;

/**
 * The update's scalar metrics gathered on the backend: each recorded one-element tensor is copied into a
 * persistent vector (device to device), and {@link #flushInto} downloads the vector once and puts the values,
 * in recording order, into the metrics map: one synchronization per read-out instead of one per metric. A
 * squared norm recorded with {@link #recordNorm} is read out as its square root, as {@code GradClip#lastNorm}.
 */
final class MetricScalars {
    /** More than one update records (TD-MPC2: at most 9 before a read-out). */
    static final int CAPACITY = 32;

    private record Entry(String name, boolean sqrt) {}

    private final Backend backend;
    private final Tensor values;
    private final List<Entry> pending = new ArrayList<>();

    MetricScalars(Backend backend) {
        this.backend = backend;
        this.values = backend.zeros(CAPACITY);
    }

    /** Queues {@code scalar} (one element) under {@code name}. */
    void record(String name, Tensor scalar) {
        backend.copy(scalar, slot(name));
        pending.add(new Entry(name, false));
    }

    /** Queues sqrt({@code squaredNorm}) under {@code name}, the root taken on the host in double. */
    void recordNorm(String name, Tensor squaredNorm) {
        backend.copy(squaredNorm, slot(name));
        pending.add(new Entry(name, true));
    }

    /** One download of every queued value into {@code metrics}, in recording order; empties the queue. */
    void flushInto(Map<String, Double> metrics) {
        if (pending.isEmpty()) {
            return;
        }
        float[] v = new float[pending.size()];
        backend.download(values.rows(0, v.length), v, 0);
        for (int i = 0; i < v.length; i++) {
            Entry e = pending.get(i);
            metrics.put(e.name(), e.sqrt() ? (double) (float) Math.sqrt(v[i]) : (double) v[i]);
        }
        pending.clear();
    }

    /** Drops whatever an interrupted update left queued. */
    void discard() {
        pending.clear();
    }

    private Tensor slot(String name) {
        if (pending.size() == CAPACITY) {
            throw new IllegalStateException("metric '" + name + "': " + CAPACITY + " metrics are queued already; read"
                    + " them out (flushInto) first");
        }
        return values.rows(pending.size(), 1);
    }
}
