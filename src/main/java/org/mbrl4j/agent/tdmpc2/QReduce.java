package org.mbrl4j.agent.tdmpc2;

/** How two randomly chosen Q heads are combined into one value (docs/tdmpc2.md#q-ensemble). */
public enum QReduce {
    /** Elementwise minimum: the TD target. */
    MIN,
    /** Average: planning and the policy loss. */
    AVG
}
