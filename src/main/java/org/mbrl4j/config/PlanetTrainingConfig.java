package org.mbrl4j.config;

/**
 * PlaNet's training (docs/planet.md#loss, #schedule): the loss weights, Adam, the replay chunks and the
 * updates per collected episode. Defaults are the paper's and the code's (ecosystem-facts §A.1).
 *
 * @param lr                  Adam learning rate
 * @param adamEps             Adam epsilon
 * @param gradClipNorm        global gradient-norm clip
 * @param batchSize           replay chunks per update (B)
 * @param chunkLength         transitions per chunk (L)
 * @param freeNats            the KL term is max(KL, free_nats) per step
 * @param klScale             weight of the KL term
 * @param rewardLossScale     weight of the reward NLL (the code's reward_loss_scale)
 * @param imageBits           bit depth the frames are reduced to
 * @param updatesPerEpisode   updates after every collected episode (C)
 */
public record PlanetTrainingConfig(
        double lr,
        double adamEps,
        double gradClipNorm,
        int batchSize,
        int chunkLength,
        double freeNats,
        double klScale,
        double rewardLossScale,
        int imageBits,
        int updatesPerEpisode) {

    public PlanetTrainingConfig {
        var c = new Checks();
        c.positive("planet.lr", lr);
        c.positive("planet.adam_eps", adamEps);
        c.positive("planet.grad_clip_norm", gradClipNorm);
        c.atLeast("planet.batch_size", batchSize, 1);
        c.atLeast("planet.chunk_length", chunkLength, 1);
        c.nonNegative("planet.free_nats", freeNats);
        c.nonNegative("planet.kl_scale", klScale);
        c.nonNegative("planet.reward_loss_scale", rewardLossScale);
        c.require(imageBits >= 1 && imageBits <= 8, "planet.image_bits", imageBits, "must be in [1, 8]");
        c.atLeast("planet.updates_per_episode", updatesPerEpisode, 1);
        c.throwIfAny();
    }
}
