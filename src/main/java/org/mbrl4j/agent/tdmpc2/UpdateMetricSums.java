package org.mbrl4j.agent.tdmpc2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.BinaryOp;
import org.mbrl4j.backend.UnaryOp;
import org.mbrl4j.tensor.Tensor;

/**
 * The captured update's metrics summed on device across updates, so that one read gives the means over every
 * update since the previous read (a train.csv row's updates) with one download. A persistent F32 (n + 1) at a
 * fixed address: the n metric slots of the layout, then the count of updates. {@link #add} runs at the end of
 * each update (inside the captured graph): the slots, a squared norm as exp(log(x)/2), plus 1 for the count,
 * added to the sums unless the divergence flag is set ({@code copyUnlessHalted}): the halted update and every
 * update after it are not counted, as the eager path returns no metrics for them.
 *
 * <p>With u = 2^-24, n updates and M the largest |value| of a key over them, each mean differs from the mean of
 * the per-update metrics (taken in double) by at most n·u·M: (n - 1)·u·M from the float running sum, the rest
 * for its higher-order terms and the division. A norm's terms add (L + 6)·u·M, L the largest |ln s| of its
 * squared norms s over the updates (log to 1 ulp, halved, exp to 2 ulps, against a root rounded once). A read
 * over one update is exact.
 */
final class UpdateMetricSums {
    private final Backend backend;
    private final List<MetricScalars.Entry> layout;
    /** (n + 1): the metric sums, then the count. */
    private final Tensor sums;
    private final Tensor terms;
    private final Tensor next;

    UpdateMetricSums(Backend backend, List<MetricScalars.Entry> layout) {
        this.backend = backend;
        this.layout = List.copyOf(layout);
        int n = layout.size();
        this.sums = backend.zeros(n + 1);
        this.terms = backend.zeros(n + 1);
        this.next = backend.zeros(n + 1);
        backend.fill(terms.rows(n, 1), 1f);
    }

    /** Adds the update's metric slots (device ops only: capturable) unless {@code halt} is set. */
    void add(Tensor slots, Tensor halt) {
        int n = layout.size();
        backend.copy(slots, terms.rows(0, n));
        for (int i = 0; i < n; i++) {
            if (layout.get(i).sqrt()) {
                // sqrt(s) as exp(log(s) / 2) (no sqrt op); s = 0 gives exp(-inf) = 0
                Tensor t = terms.rows(i, 1);
                backend.pointwise().unary(UnaryOp.LOG, t, t);
                backend.pointwise().scale(t, 0.5f, t);
                backend.pointwise().unary(UnaryOp.EXP, t, t);
            }
        }
        backend.pointwise().binary(BinaryOp.ADD, sums, terms, next);
        backend.optim().copyUnlessHalted(next, sums, halt);
    }

    /**
     * The means since the last read by name (one download; empty when no update counted), then a fresh start.
     * Over one update the mean is that update's metrics: {@code lastUpdate} reads its slots exactly (a norm's root
     * taken in double), as the eager path returns them.
     */
    Map<String, Double> read(Supplier<Map<String, Double>> lastUpdate) {
        float[] s = backend.toArray(sums);
        int n = layout.size();
        double count = s[n];
        Map<String, Double> out = new LinkedHashMap<>();
        if (count == 1) {
            out = lastUpdate.get();
            backend.fill(sums, 0f);
        } else if (count > 1) {
            for (int i = 0; i < n; i++) {
                out.put(layout.get(i).name(), s[i] / count);
            }
            backend.fill(sums, 0f);
        }
        return out;
    }

    /** Updates counted since the last read (one download; tests). */
    long count() {
        return (long) backend.toArray(sums)[layout.size()];
    }
}
