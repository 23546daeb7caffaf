package org.mbrl4j.agent.tdmpc2;

/** Which copy of the Q ensemble a call reads (docs/tdmpc2.md#q-ensemble, docs/tdmpc2.md#target-and-detached-q). */
public enum QSet {
    /** The trained heads, with gradients (value loss, planning). */
    ONLINE,
    /** The Polyak-averaged copies, never in train mode (TD targets). */
    TARGET,
    /** The online heads read as constants: gradients reach only the inputs (policy loss). */
    DETACHED
}
