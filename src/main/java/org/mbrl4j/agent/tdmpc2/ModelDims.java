package org.mbrl4j.agent.tdmpc2;

import org.mbrl4j.backend.Bins;
import java.util.List;
import org.mbrl4j.config.ModelConfig;
import org.mbrl4j.config.MultiGammaConfig;
import org.mbrl4j.config.MultiGammaHead;
import org.mbrl4j.config.Tdmpc2Config;

/**
 * The sizes a world model is built from: the model keys of the config (after the model-size preset)
 * plus the env's observation and action dims.
 *
 * @param dynamicsHeads planner_num_dynamics_heads: head 0 is the primary dynamics, heads 1.. exist
 *     for the planner's disagreement score (docs/planner.md#disagreement)
 * @param auxGammas the auxiliary discounts of docs/multi-gamma.md#config (multi_gamma.gammas without the primary); empty
 *     when the feature is off or lists only the primary, in which case no auxiliary heads exist
 * @param auxHead joint (one projection) or separate (one linear per auxiliary discount)
 */
public record ModelDims(int obsDim, int actionDim, int latentDim, int encDim, int mlpDim, int numEncLayers,
        int numQ, Bins bins, int simnormDim, float dropout, boolean episodic, int dynamicsHeads, float logStdMin,
        float logStdMax, List<Double> auxGammas, MultiGammaHead auxHead) {

    public ModelDims {
        if (obsDim < 1 || actionDim < 1) {
            throw new IllegalArgumentException("obsDim=" + obsDim + " and actionDim=" + actionDim + " must be >= 1");
        }
        if (latentDim % simnormDim != 0) {
            throw new IllegalArgumentException("latent_dim=" + latentDim + " must be divisible by simnorm_dim="
                    + simnormDim);
        }
        if (numQ < 2) {
            throw new IllegalArgumentException("num_q=" + numQ + " must be >= 2 (the TD target takes the min of two heads)");
        }
        auxGammas = auxGammas == null ? List.of() : List.copyOf(auxGammas);
        if (dynamicsHeads < 1) {
            throw new IllegalArgumentException("planner_num_dynamics_heads=" + dynamicsHeads + " must be >= 1");
        }
    }

    /** @param episodic the run's {@code episodic}: a termination head exists */
    public static ModelDims of(Tdmpc2Config config, boolean episodic, int obsDim, int actionDim) {
        ModelConfig m = config.model();
        return new ModelDims(obsDim, actionDim, m.latentDim(), m.encDim(), m.mlpDim(), m.numEncLayers(), m.numQ(),
                new Bins(m.numBins(), (float) m.vmin(), (float) m.vmax()), m.simnormDim(), (float) m.dropout(),
                episodic, config.planner().plannerNumDynamicsHeads(), (float) m.logStdMin(),
                (float) m.logStdMax(), auxiliaryGammas(config.multiGamma()), config.multiGamma().head());
    }

    /** docs/multi-gamma.md#scope-and-invariants: auxiliary heads exist only when enabled with more than one discount. */
    static List<Double> auxiliaryGammas(MultiGammaConfig mg) {
        return mg.enabled() && mg.gammas().size() > 1 ? mg.gammas().subList(1, mg.gammas().size()) : List.of();
    }

    /** A copy without auxiliary heads. */
    public ModelDims withoutAuxiliary() {
        return new ModelDims(obsDim, actionDim, latentDim, encDim, mlpDim, numEncLayers, numQ, bins, simnormDim, dropout,
                episodic, dynamicsHeads, logStdMin, logStdMax, List.of(), auxHead);
    }

    /** Encoder hidden widths: max(num_enc_layers - 1, 1) layers of enc_dim (docs/tdmpc2.md#encoder). */
    public int[] encoderHidden() {
        int[] h = new int[Math.max(numEncLayers - 1, 1)];
        java.util.Arrays.fill(h, encDim);
        return h;
    }

    public int[] mlpHidden() {
        return new int[] {mlpDim, mlpDim};
    }
}
