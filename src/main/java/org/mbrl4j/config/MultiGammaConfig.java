package org.mbrl4j.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Auxiliary value heads at several discounts (docs/multi-gamma.md#config, the {@code multi_gamma:} block).
 * {@code gammas[0]} is the primary discount; the others train auxiliary heads with
 * {@code loss_weight} each. Rules that need no env are checked here; the rule that
 * {@code gammas[0]} equals the env-derived primary discount is {@link #checkPrimary}.
 *
 * @param enabled         build and train the auxiliary heads
 * @param gammas          discounts, primary first; at most {@value #MAX_GAMMAS}
 * @param head            joint or separate heads
 * @param lossWeight      weight of each auxiliary cross-entropy (the primary's excluded)
 * @param debugLogging    richer diagnostics in snapshots
 * @param logNumExamples  most examples in a debug snapshot
 */
public record MultiGammaConfig(
        boolean enabled,
        List<Double> gammas,
        MultiGammaHead head,
        double lossWeight,
        boolean debugLogging,
        int logNumExamples) {

    /** One primary discount plus at most five auxiliary ones (docs/multi-gamma.md#scope-and-invariants). */
    public static final int MAX_GAMMAS = 6;
    /** Tolerance of the gammas[0] == primary discount rule (docs/multi-gamma.md#config). */
    public static final double PRIMARY_TOLERANCE = 1e-6;

    public MultiGammaConfig {
        gammas = gammas == null ? List.of() : List.copyOf(gammas);
        var c = new Checks();
        c.require(!(enabled && gammas.isEmpty()), "multi_gamma.gammas", gammas,
                "must list the discounts when multi_gamma.enabled=true, primary first, e.g. [0.99, 0.97, 0.995]");
        c.require(gammas.size() <= MAX_GAMMAS, "multi_gamma.gammas", gammas,
                "has " + gammas.size() + " discounts; at most " + MAX_GAMMAS + " (the primary plus 5 auxiliary)");
        for (int i = 0; i < gammas.size(); i++) {
            double g = gammas.get(i);
            c.require(g > 0 && g < 1, "multi_gamma.gammas", gammas, "gammas[" + i + "]=" + Values.format(g) + " must be in (0, 1)");
        }
        c.notNull("multi_gamma.head", head, Choice.allowed(MultiGammaHead.class));
        c.nonNegative("multi_gamma.loss_weight", lossWeight);
        c.atLeast("multi_gamma.log_num_examples", logNumExamples, 1);
        c.throwIfAny();
    }

    /** True when auxiliary heads are built: enabled with more than the primary discount (docs/multi-gamma.md#scope-and-invariants). */
    public boolean trainsAuxiliaryHeads() {
        return enabled && gammas.size() > 1;
    }

    /** The discounts of the auxiliary heads (gammas without the primary); empty for the baseline. */
    public List<Double> auxiliaryGammas() {
        return trainsAuxiliaryHeads() ? gammas.subList(1, gammas.size()) : List.of();
    }

    /** Conditions that are allowed but probably not what the user meant. */
    public List<String> warnings() {
        var warnings = new ArrayList<String>();
        if (enabled && gammas.size() == 1) {
            warnings.add("multi_gamma.gammas=" + Values.format(gammas) + " has only the primary discount:"
                    + " the run is the baseline (no auxiliary heads). Add discounts, e.g. ["
                    + Values.format(gammas.getFirst()) + ", 0.97, 0.995], or set multi_gamma.enabled=false.");
        }
        return warnings;
    }

    /**
     * docs/multi-gamma.md#config: {@code gammas[0]} must equal the primary discount derived from the env's episode
     * length (within {@value #PRIMARY_TOLERANCE}). A no-op when disabled.
     *
     * @throws ConfigException naming the key, both values and the rule
     */
    public void checkPrimary(double primaryDiscount) {
        if (!enabled || gammas.isEmpty()) {
            return;
        }
        double first = gammas.getFirst();
        if (!(Math.abs(first - primaryDiscount) <= PRIMARY_TOLERANCE)) {
            throw ConfigException.of("multi_gamma.gammas", "multi_gamma.gammas[0]=" + Values.format(first)
                    + ": must equal the primary discount " + Values.format(primaryDiscount)
                    + " derived from the task's episode length (within " + Values.format(PRIMARY_TOLERANCE)
                    + "); put " + Values.format(primaryDiscount) + " first in multi_gamma.gammas");
        }
    }
}
