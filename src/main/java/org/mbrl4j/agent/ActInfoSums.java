package org.mbrl4j.agent;

/**
 * An agent's act statistics summed where they are computed (on its device) instead of read after every
 * act ({@link Agent#actInfoSums()}): the trainer reads them once per record, not once per act.
 */
@FunctionalInterface
public interface ActInfoSums {
    /**
     * The totals of the acts in {@code mode} since the previous call for that mode (one download), and
     * starts the next sum at zero.
     */
    ActInfoTotals drain(ActMode mode);
}
