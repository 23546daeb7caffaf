package org.mbrl4j.agent;

/**
 * What to sample from the replay buffer for one computation: {@code batchSize} windows of
 * {@code transitions} consecutive transitions each (TD-MPC2: batch_size windows of horizon
 * transitions; PlaNet trains on 50-transition chunks).
 */
public record BatchShape(int batchSize, int transitions) {
    public BatchShape {
        if (batchSize < 1 || transitions < 1) {
            throw new IllegalArgumentException("BatchShape: batchSize=" + batchSize + " and transitions="
                    + transitions + " must be >= 1");
        }
    }
}
