package org.mbrl4j.agent;

/** Acting for data collection (exploration, dropout off, disagreement bonus) or for evaluation. */
public enum ActMode {
    TRAIN,
    EVAL
}
