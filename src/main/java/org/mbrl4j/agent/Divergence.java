package org.mbrl4j.agent;

import java.util.List;
import java.util.Locale;

/**
 * The first sign that an agent's training diverged: a loss, a gradient norm (before clipping) or
 * another value its update reports, or the action it chose, was NaN or infinite.
 *
 * @param update   the number of the update that produced it (1 = the agent's first, restored updates
 *                 counted); for an action, the number of updates applied before it
 * @param quantity the value's name as the update reports it (train.csv's column, e.g. {@code grad_norm}),
 *                 or {@code action}
 * @param value    the value: NaN or an infinity
 * @param keys     the config keys most likely to fix it with their values, most likely first, e.g.
 *                 {@code lr=0.0003}
 */
public record Divergence(long update, String quantity, double value, List<String> keys) {

    public Divergence {
        if (update < 0) {
            throw new IllegalArgumentException("divergence: update=" + update + " must be >= 0");
        }
        if (quantity == null || quantity.isBlank()) {
            throw new IllegalArgumentException("divergence: quantity must be named, got '" + quantity + "'");
        }
        if (Double.isFinite(value)) {
            throw new IllegalArgumentException("divergence: " + quantity + "=" + value + " is finite");
        }
        keys = List.copyOf(keys);
    }

    /** {@code "grad_norm = Infinity at update 201"}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s = %s at update %d", quantity, value, update);
    }
}
