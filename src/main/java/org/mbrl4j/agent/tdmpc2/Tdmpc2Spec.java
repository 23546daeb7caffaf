package org.mbrl4j.agent.tdmpc2;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.Tdmpc2Config;
import org.mbrl4j.config.TrainingConfig;
import org.mbrl4j.env.ObsDType;

/**
 * What TD-MPC2 derives once from the run and its block of the config (STYLE practice 8); the run
 * banner prints {@link #derivedValues()}.
 *
 * @param run the run's env-dependent values
 * @param config the TD-MPC2 block (after the model-size preset)
 * @param discount the primary γ of the discount heuristic (docs/tdmpc2.md#discount-heuristic)
 * @param iterations planner iterations: +2 when the action dim is at least 20 (docs/tdmpc2.md#derived-values)
 */
public record Tdmpc2Spec(RunSpec run, Tdmpc2Config config, double discount, int iterations) {

    /** Action dims from which the reference adds two planner iterations. */
    public static final int LARGE_ACTION_DIM = 20;

    /**
     * @throws ConfigException when multi_gamma.gammas[0] is not the derived discount
     * @throws IllegalArgumentException when the run's observations are neither f32 vectors nor u8
     *     frames (Ch, Hp, Wp)
     * @throws ConfigException (key obs) when frames are too small for the pixel encoder
     */
    public static Tdmpc2Spec derive(RunSpec run, Tdmpc2Config config) {
        if (run.obs().dtype() != ObsDType.F32 && run.obs().shape().length != 3) {
            throw new IllegalArgumentException("TD-MPC2 takes f32 state vectors or u8 frames (Ch, Hp, Wp), but env "
                    + run.envName() + " observes " + run.obs());
        }
        try {
            PixelEncoderDims.of(run.obs(), config.model().numChannels());
        } catch (IllegalArgumentException e) {
            throw ConfigException.of("obs", "obs=rgb: env " + run.envName() + " observes " + run.obs() + ": "
                    + e.getMessage());
        }
        TrainingConfig t = config.training();
        double discount = discount(run.episodeLength(), t.discountDenom(), t.discountMin(), t.discountMax());
        config.multiGamma().checkPrimary(discount);
        int iterations = config.planner().iterations() + (run.actionDim() >= LARGE_ACTION_DIM ? 2 : 0);
        return new Tdmpc2Spec(run, config, discount, iterations);
    }

    /** γ = clip((frac − 1)/frac, min, max) with frac = episode_length / discount_denom. */
    public static double discount(int episodeLength, double denom, double min, double max) {
        double frac = episodeLength / denom;
        return Math.min(Math.max((frac - 1) / frac, min), max);
    }

    public int obsDim() {
        return run.obsDim();
    }

    /** The pixel encoder's sizes when the run observes u8 frames (docs/pixels.md#encoder); empty for state. */
    public java.util.Optional<PixelEncoderDims> pixelEncoder() {
        return PixelEncoderDims.of(run.obs(), config.model().numChannels());
    }

    public int actionDim() {
        return run.actionDim();
    }

    public long seed() {
        return run.run().seed();
    }

    /** The planner's settings: the planner keys with the derived iterations and discount. */
    public Tdmpc2PlannerSettings plannerSettings() {
        return Tdmpc2PlannerSettings.of(this);
    }

    /** The derived values, for the run banner. */
    public Map<String, String> derivedValues() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("discount", Double.toString(discount));
        out.put("iterations", Integer.toString(iterations));
        pixelEncoder().ifPresent(p -> out.put("pixel_encoder", p.describe(config.model().latentDim())));
        return out;
    }
}
