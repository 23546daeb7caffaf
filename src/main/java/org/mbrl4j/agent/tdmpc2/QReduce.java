package org.mbrl4j.agent.tdmpc2;

/** How two randomly chosen Q heads are combined into one value (tdmpc2-facts §2.7). */
public enum QReduce {
    /** Elementwise minimum: the TD target. */
    MIN,
    /** Average: planning and the policy loss. */
    AVG
}
