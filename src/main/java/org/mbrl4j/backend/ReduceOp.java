package org.mbrl4j.backend;

/** Reductions of {@link ReduceOps#reduce}. */
public enum ReduceOp {
    SUM,
    MEAN
}
