package org.mbrl4j.agent;

import java.util.Map;
import org.mbrl4j.buffer.Batch;

/**
 * The policy-only update pathway of an agent with a policy prior (docs/training-features.md#policy-only-updates):
 * the policy loss and the policy optimizer's step alone, on latents the world model computes without a
 * gradient; the world model, its optimizer and the targets stay as they are.
 */
@FunctionalInterface
public interface PolicyPriorUpdate {

    /** Metric names of this pathway start with this prefix ({@code pi_only_pi_loss}). */
    String METRIC_PREFIX = "pi_only_";

    /**
     * One policy-only update on {@code batch} (of the agent's {@link Agent#batchShape()}); metrics by name,
     * each prefixed {@link #METRIC_PREFIX}.
     *
     * @throws DivergedException as {@link Agent#update} does
     */
    Map<String, Double> updatePolicy(Batch batch);
}
