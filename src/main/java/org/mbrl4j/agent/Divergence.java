package org.mbrl4j.agent;

import java.util.List;
import java.util.Locale;

/**
 * The first sign that an agent's training diverged: a loss, a gradient norm (before clipping) or
 * another value its update reports, or the action it chose, was NaN or infinite, or a loss exceeded the
 * run's limit ({@code divergence_loss_limit}: finite, but blown up).
 *
 * @param update   the number of the update that produced it (1 = the agent's first, restored updates
 *                 counted); for an action, the number of updates applied before it
 * @param quantity the value's name as the update reports it (train.csv's column, e.g. {@code grad_norm}),
 *                 or {@code action}
 * @param value    the value: NaN, an infinity, or a finite value above {@code limit}
 * @param limit    the limit a finite value exceeded, or NaN when the value is not finite
 * @param keys     the config keys most likely to fix it with their values, most likely first, e.g.
 *                 {@code lr=0.0003}
 */
public record Divergence(long update, String quantity, double value, double limit, List<String> keys) {

    /** A non-finite value. */
    public Divergence(long update, String quantity, double value, List<String> keys) {
        this(update, quantity, value, Double.NaN, keys);
    }

    public Divergence {
        if (update < 0) {
            throw new IllegalArgumentException("divergence: update=" + update + " must be >= 0");
        }
        if (quantity == null || quantity.isBlank()) {
            throw new IllegalArgumentException("divergence: quantity must be named, got '" + quantity + "'");
        }
        if (Double.isFinite(value) && !(value > limit)) {
            throw new IllegalArgumentException("divergence: " + quantity + "=" + value + " is finite"
                    + (Double.isNaN(limit) ? "" : " and not above the limit " + limit));
        }
        keys = List.copyOf(keys);
    }

    /** {@code "grad_norm = Infinity at update 201"}, {@code "reward_loss = 2.5E7 at update 3, above divergence_loss_limit=10000"}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s = %s at update %d", quantity, value, update)
                + (Double.isFinite(value) ? ", above divergence_loss_limit=" + plain(limit) : "");
    }

    private static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
