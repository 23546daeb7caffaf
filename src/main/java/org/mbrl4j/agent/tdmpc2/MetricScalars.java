package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.Tensor;

/**
 * The update's scalar metrics gathered on the backend: each recorded one-element tensor is copied into a
 * persistent vector (device to device), slot after slot in recording order. Eagerly, {@link #flushInto}
 * downloads the queued slots once and puts the values into the metrics map: one synchronization per read-out
 * instead of one per metric. A captured update never reads: the slots stay on the device, {@link #layout()}
 * names them, {@link UpdateMetricSums} adds them to its device sums each update, and {@link #read} downloads
 * them when the trainer asks after one update. A squared norm recorded with
 * {@link #recordNorm} is read out as its square root, as {@code GradClip#lastNorm}.
 */
final class MetricScalars {
    /** More than one update records (TD-MPC2: at most 13). */
    static final int CAPACITY = 32;

    /** A slot's metric name and whether it holds a squared norm. */
    record Entry(String name, boolean sqrt) {
        double value(float stored) {
            return sqrt ? (double) (float) Math.sqrt(stored) : (double) stored;
        }
    }

    private final Backend backend;
    private final Tensor values;
    private final List<Entry> pending = new ArrayList<>();
    private int flushed;

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

    /** One download of the slots queued since the last flush into {@code metrics}, in recording order. */
    void flushInto(Map<String, Double> metrics) {
        int n = pending.size() - flushed;
        if (n == 0) {
            return;
        }
        float[] v = new float[n];
        backend.download(values.rows(flushed, n), v, 0);
        for (int i = 0; i < n; i++) {
            Entry e = pending.get(flushed + i);
            metrics.put(e.name(), e.value(v[i]));
        }
        flushed = pending.size();
    }

    /** Slots recorded so far in this update. */
    int size() {
        return pending.size();
    }

    /** Slots [from, to) on the backend. */
    Tensor slots(int from, int to) {
        return values.rows(from, to - from);
    }

    /** The names of the slots recorded in this update, in order. */
    List<Entry> layout() {
        return List.copyOf(pending);
    }

    /** One download of the slots of {@code layout}: the metrics by name, in order. */
    Map<String, Double> read(List<Entry> layout) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (layout.isEmpty()) {
            return out;
        }
        float[] v = new float[layout.size()];
        backend.download(values.rows(0, v.length), v, 0);
        for (int i = 0; i < v.length; i++) {
            out.put(layout.get(i).name(), layout.get(i).value(v[i]));
        }
        return out;
    }

    /** Starts an update: the slots are reused from the first. */
    void discard() {
        pending.clear();
        flushed = 0;
    }

    private Tensor slot(String name) {
        if (pending.size() == CAPACITY) {
            throw new IllegalStateException("metric '" + name + "': " + CAPACITY + " metrics are queued already; read"
                    + " them out (flushInto) first");
        }
        return values.rows(pending.size(), 1);
    }
}
