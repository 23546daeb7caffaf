package org.mbrl4j.agent;

import java.util.Map;
import org.mbrl4j.nn.Adam;

/**
 * What one update of a single model with Adam (PlaNet, PlaNet-lite) reports: its metrics, and the
 * divergence that stopped it, or null. The metrics report the values either way.
 */
public record ModelUpdateOutcome(Map<String, Double> metrics, Divergence divergence) {

    /** The update's divergence of a non-finite {@code value} of {@code quantity}, with the keys to change. */
    @FunctionalInterface
    public interface DivergenceOf {
        Divergence of(String quantity, double value, long update);
    }

    /**
     * Takes Adam's step when the metrics' loss ({@code lossKey}) and gradient norm ({@code gradNormKey})
     * are finite; otherwise no step, and the divergence of the first that is not (the loss first) at the
     * number of the update the step would have been.
     */
    public static ModelUpdateOutcome stepIfFinite(Adam adam, Map<String, Double> metrics, String lossKey,
            String gradNormKey, DivergenceOf divergenceOf) {
        long number = adam.steps() + 1L;
        for (String key : new String[] {lossKey, gradNormKey}) {
            double value = metrics.get(key);
            if (!Double.isFinite(value)) {
                return new ModelUpdateOutcome(metrics, divergenceOf.of(key, value, number));
            }
        }
        adam.step();
        return new ModelUpdateOutcome(metrics, null);
    }
}
