package org.mbrl4j.config;

/**
 * World-model architecture (docs/tdmpc2.md#world-model) and the two-hot support. With {@code model_size} set,
 * {@link ModelSize#apply} replaces the sizes with the preset's.
 *
 * @param modelSize     preset, or null to use the explicit sizes below (which equal the 5M preset)
 * @param numEncLayers  encoder MLP layers
 * @param encDim        encoder hidden width
 * @param mlpDim        hidden width of dynamics, reward, policy and Q MLPs
 * @param latentDim     latent width
 * @param numQ          Q ensemble size
 * @param dropout       dropout in the first layer of each Q head
 * @param simnormDim    SimNorm group size; divides latent_dim
 * @param numBins       two-hot bins
 * @param vmin          lower bin edge (symlog space)
 * @param vmax          upper bin edge (symlog space)
 * @param logStdMin     policy log-std lower bound
 * @param logStdMax     policy log-std upper bound
 * @param numChannels   channels of each layer of the pixel encoder (obs=rgb; docs/pixels.md#encoder)
 */
public record ModelConfig(
        @Nullable ModelSize modelSize,
        int numEncLayers,
        int encDim,
        int mlpDim,
        int latentDim,
        int numQ,
        double dropout,
        int simnormDim,
        int numBins,
        double vmin,
        double vmax,
        double logStdMin,
        double logStdMax,
        int numChannels) {

    public ModelConfig {
        var c = new Checks();
        c.atLeast("num_enc_layers", numEncLayers, 1);
        c.atLeast("enc_dim", encDim, 1);
        c.atLeast("mlp_dim", mlpDim, 1);
        c.atLeast("latent_dim", latentDim, 1);
        c.require(numQ >= 2, "num_q", numQ, "must be >= 2 (TD targets take the min of two random Q heads)");
        c.require(dropout >= 0 && dropout < 1, "dropout", dropout, "must be in [0, 1)");
        c.atLeast("simnorm_dim", simnormDim, 1);
        c.require(simnormDim < 1 || latentDim % simnormDim == 0, "simnorm_dim", simnormDim,
                "must divide latent_dim=" + latentDim);
        c.atLeast("num_bins", numBins, 2);
        c.below("vmin", vmin, "vmax", vmax);
        c.below("log_std_min", logStdMin, "log_std_max", logStdMax);
        c.atLeast("num_channels", numChannels, 1);
        c.throwIfAny();
    }

    /** The same architecture with the preset's sizes; {@code num_q} changes only where the preset sets it. */
    ModelConfig withPreset(ModelSize size) {
        return new ModelConfig(size, size.numEncLayers(), size.encDim(), size.mlpDim(), size.latentDim(),
                size.numQ().orElse(numQ), dropout, simnormDim, numBins, vmin, vmax, logStdMin, logStdMax,
                numChannels);
    }
}
