package org.mbrl4j.config;

/**
 * PlaNet's model sizes (docs/planet.md#model): the RSSM (code defaults: GRU state 200, stochastic state
 * 30, 200-unit dense layers, std = softplus + 0.1), the conv encoder and decoder of conv_ha with a
 * channel depth (32 in PlaNet: encoder 32-64-128-256, decoder 128-64-32-3), and the reward head
 * (code: 3 × 300 ReLU).
 *
 * @param deterSize    deterministic (GRU) state size
 * @param stochSize    stochastic state size
 * @param hiddenSize   units of the RSSM's dense layers (before the GRU, prior, posterior)
 * @param minStd       added to softplus(·) for the prior's and posterior's std
 * @param cnnDepth     the first conv's channels; the encoder has depth·{1, 2, 4, 8}, the embedding 32·depth
 * @param rewardUnits  units of each hidden layer of the reward head
 * @param rewardLayers hidden layers of the reward head
 */
public record PlanetModelConfig(
        int deterSize,
        int stochSize,
        int hiddenSize,
        double minStd,
        int cnnDepth,
        int rewardUnits,
        int rewardLayers) {

    public PlanetModelConfig {
        var c = new Checks();
        c.atLeast("planet.deter_size", deterSize, 1);
        c.atLeast("planet.stoch_size", stochSize, 1);
        c.atLeast("planet.hidden_size", hiddenSize, 1);
        c.positive("planet.min_std", minStd);
        c.atLeast("planet.cnn_depth", cnnDepth, 1);
        c.atLeast("planet.reward_units", rewardUnits, 1);
        c.atLeast("planet.reward_layers", rewardLayers, 1);
        c.throwIfAny();
    }
}
