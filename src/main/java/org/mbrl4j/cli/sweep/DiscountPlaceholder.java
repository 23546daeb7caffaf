package org.mbrl4j.cli.sweep;

import java.util.List;
import java.util.Optional;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.config.Algorithm;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.config.TrainingConfig;

/**
 * {@code ${discount}} in an override value: the run's primary TD-MPC2 discount, derived from its task's
 * episode length in agent steps as the agent derives it ({@link Tdmpc2Spec#discount}), so that
 * {@code multi_gamma.gammas: "[${discount}, 0.97, 0.995]"} meets the gammas[0] rule on every task.
 */
final class DiscountPlaceholder {
    static final String TOKEN = "${discount}";
    private static final String PROVISIONAL = "0.99";

    private final EnvSpecs envs;

    DiscountPlaceholder(EnvSpecs envs) {
        this.envs = envs;
    }

    static boolean isUsedIn(List<String> overrides) {
        return overrides.stream().anyMatch(o -> o.contains(TOKEN));
    }

    /**
     * The overrides with {@code ${discount}} replaced, computed from the config the other overrides give.
     *
     * @throws SweepException when the run's algorithm has no such discount
     */
    List<String> expand(Optional<java.nio.file.Path> file, List<String> overrides, String run) {
        if (!isUsedIn(overrides)) {
            return overrides;
        }
        // The config that decides the discount (task, action_repeat, discount_*), with a provisional value
        // in place of the token: the overrides holding it may be needed for the config to be valid.
        List<String> provisional = overrides.stream().map(o -> o.replace(TOKEN, PROVISIONAL)).toList();
        MbrlConfig config = Config.load(file, provisional).config();
        if (config.run().algorithm() != Algorithm.TDMPC2) {
            throw new SweepException(run + ": " + TOKEN + " is TD-MPC2's primary discount, but the run's algorithm is "
                    + config.run().algorithm());
        }
        String gamma = Double.toString(primary(config));
        return overrides.stream().map(o -> o.replace(TOKEN, gamma)).toList();
    }

    private double primary(MbrlConfig config) {
        TrainingConfig t = config.tdmpc2().training();
        int length = envs.of(config.run()).maxEpisodeSteps();
        return Tdmpc2Spec.discount(length, t.discountDenom(), t.discountMin(), t.discountMax());
    }
}
