package org.mbrl4j.agent.planner;

/** Which action a plan returns after its last iteration. */
public enum ActionChoice {
    /** The first action of the best-scored candidate (elite 0; docs/planner.md's evaluation argmax). */
    BEST_ELITE,
    /** The first action of an elite drawn from the final elite weights (docs/planner.md's training pick). */
    DRAWN_ELITE,
    /** The first action of the final refit mean (the CEM). */
    MEAN_FIRST_ACTION
}
