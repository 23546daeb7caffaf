package org.mbrl4j.agent;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@link ActInfo} scalars of many acts, summed: per key the sum over the acts that reported it and
 * how many did ({@code counts}), in the order of one act's {@link ActInfo#logScalars()}. The mean of a
 * key is {@code sums.get(k) / counts.get(k)}, the per-act mean the trainer would have formed itself.
 *
 * @param acts the acts summed (those that planned)
 */
public record ActInfoTotals(long acts, Map<String, Double> sums, Map<String, Long> counts) {
    /** No acts. */
    public static final ActInfoTotals EMPTY = new ActInfoTotals(0, Map.of(), Map.of());

    public ActInfoTotals {
        if (acts < 0) {
            throw new IllegalArgumentException("ActInfoTotals: acts=" + acts + " must be >= 0");
        }
        if (!sums.keySet().equals(counts.keySet())) {
            throw new IllegalArgumentException("ActInfoTotals: sums keys " + sums.keySet() + " and counts keys "
                    + counts.keySet() + " must be the same");
        }
        counts.forEach((k, n) -> {
            if (n < 1 || n > acts) {
                throw new IllegalArgumentException("ActInfoTotals: count of " + k + " is " + n + ", must be in [1, acts="
                        + acts + "]");
            }
        });
        sums = Collections.unmodifiableMap(new LinkedHashMap<>(sums));
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }
}
