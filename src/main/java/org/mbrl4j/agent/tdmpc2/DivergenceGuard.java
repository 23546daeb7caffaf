package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.agent.Divergence;
import org.mbrl4j.config.TrainingConfig;

/**
 * TD-MPC2's divergence check: the first non-finite value an update reports becomes a {@link Divergence}
 * naming the config keys most likely to fix it: lr, the coefficient of the quantity's loss, grad_clip_norm,
 * then the other loss coefficients. Eagerly the values are host values the update downloads anyway, so the
 * check adds no device synchronization; a captured update checks on the device ({@link DeviceGate}) and
 * this guard turns the frozen values into the same {@link Divergence} when the flag is read.
 */
final class DivergenceGuard {
    /** The loss coefficient that scales each quantity, by prefix of its name. */
    private static final Map<String, String> COEFFICIENT_OF = Map.of("consistency_loss", "consistency_coef",
            "extra_dynamics_loss", "consistency_coef", "reward_loss", "reward_coef", "value_loss", "value_coef",
            "termination_loss", "termination_coef", "multi_gamma/", "multi_gamma.loss_weight", "pi_",
            "entropy_coef");

    private final TrainingConfig cfg;
    private final boolean episodic;
    private final Double auxLossWeight;

    /**
     * @param auxLossWeight multi_gamma.loss_weight when the model has auxiliary heads, else null
     */
    DivergenceGuard(TrainingConfig cfg, boolean episodic, Double auxLossWeight) {
        this.cfg = cfg;
        this.episodic = episodic;
        this.auxLossWeight = auxLossWeight;
    }

    /**
     * Throws a {@link DivergedException} for the first value of {@code metrics}, in their order, that is
     * not finite, or for a world-model loss ({@code *_loss}: not the policy's, not the coefficient-weighted
     * total) above
     * {@code divergence_loss_limit} when it is set: a cross-entropy over the value bins starts near
     * ln(num_bins) and stays there or below while training is healthy; one of thousands of nats means
     * logits of thousands, a model that has blown up while staying finite (e.g. lr=1e3).
     */
    void requireFinite(Map<String, Double> metrics, long update) {
        for (var e : metrics.entrySet()) {
            requireFinite(e.getKey(), e.getValue(), update);
            double limit = cfg.divergenceLossLimit();
            String q = e.getKey();
            if (limit > 0 && q.endsWith("_loss") && !q.startsWith("pi_") && !q.equals("total_loss")
                    && e.getValue() > limit) {
                List<String> keys = new ArrayList<>(keys(q));
                keys.add("divergence_loss_limit=" + format(limit) + " (0: stop on NaN or inf only)");
                throw new DivergedException(new Divergence(update, q, e.getValue(), limit, keys));
            }
        }
    }

    void requireFinite(String quantity, double value, long update) {
        if (!Double.isFinite(value)) {
            throw new DivergedException(divergence(quantity, value, update));
        }
    }

    Divergence divergence(String quantity, double value, long update) {
        return new Divergence(update, quantity, value, keys(quantity));
    }

    /** lr, the quantity's coefficient, grad_clip_norm, then the other coefficients, each with its value. */
    List<String> keys(String quantity) {
        var coefficients = new java.util.LinkedHashMap<String, Double>();
        coefficients.put("consistency_coef", cfg.consistencyCoef());
        coefficients.put("reward_coef", cfg.rewardCoef());
        coefficients.put("value_coef", cfg.valueCoef());
        if (episodic) {
            coefficients.put("termination_coef", cfg.terminationCoef());
        }
        if (auxLossWeight != null) {
            coefficients.put("multi_gamma.loss_weight", auxLossWeight);
        }
        coefficients.put("entropy_coef", cfg.entropyCoef());
        List<String> keys = new ArrayList<>(List.of("lr=" + format(cfg.lr())));
        COEFFICIENT_OF.forEach((prefix, key) -> {
            if (quantity.startsWith(prefix) && coefficients.containsKey(key)) {
                keys.add(key + "=" + format(coefficients.remove(key)));
            }
        });
        keys.add("grad_clip_norm=" + format(cfg.gradClipNorm()));
        coefficients.forEach((k, v) -> keys.add(k + "=" + format(v)));
        return keys;
    }

    /** Plain decimals between 1e-6 and 1e15 (20, 0.0003), else Java's exponent form (1.0E30). */
    static String format(double v) {
        double a = Math.abs(v);
        return a == 0 || (a >= 1e-6 && a < 1e15)
                ? new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString()
                : Double.toString(v);
    }
}
