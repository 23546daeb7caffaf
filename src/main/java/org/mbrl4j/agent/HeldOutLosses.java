package org.mbrl4j.agent;

import java.util.Map;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.rng.Rng;

/**
 * The world model's training losses on episodes it does not train on (docs/training-features.md#validation):
 * the loss formulas of an update, evaluated without a gradient and without dropout. Nothing training reads
 * changes: parameters, optimizer state, running statistics and the agent's streams stay as they were.
 */
@FunctionalInterface
public interface HeldOutLosses {

    /**
     * The losses on {@code batch} (of the agent's {@link Agent#batchShape()}) by name, in a stable order; any
     * randomness the losses need (TD-MPC2: the TD target's policy sample and head pair) comes from {@code rng},
     * the caller's own stream.
     */
    Map<String, Double> losses(Batch batch, Rng rng);
}
