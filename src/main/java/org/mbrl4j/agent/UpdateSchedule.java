package org.mbrl4j.agent;

/**
 * When the trainer runs an agent's updates, counted in agent steps after {@code seed_steps}: at the
 * first learning step ({@code step == seed_steps}) {@code seed_steps} updates in a row when
 * {@code pretrain} is set, none otherwise; after that {@code updatesPerPeriod} updates at every
 * {@code period}-th step. {@link #PER_STEP} is TD-MPC2's (pretraining, then one update per step);
 * PlaNet-lite's is the notebook's "100 updates after every 100 planned steps" (no pretraining).
 *
 * @param pretrain          run the seed_steps pretraining burst at step == seed_steps
 * @param period            agent steps between update blocks, >= 1
 * @param updatesPerPeriod  updates in each block, >= 1
 */
public record UpdateSchedule(boolean pretrain, int period, int updatesPerPeriod) {

    /** Pretraining at seed_steps, then one update per agent step. */
    public static final UpdateSchedule PER_STEP = new UpdateSchedule(true, 1, 1);

    public UpdateSchedule {
        if (period < 1 || updatesPerPeriod < 1) {
            throw new IllegalArgumentException("UpdateSchedule: period=" + period + " and updatesPerPeriod="
                    + updatesPerPeriod + " must be >= 1");
        }
    }

    /**
     * The updates to run at agent step {@code step} (after acting at it), for a run with
     * {@code seedSteps} random steps; 0 before seed_steps.
     */
    public int updatesAt(long step, int seedSteps) {
        if (step < seedSteps) {
            return 0;
        }
        if (step == seedSteps) {
            return pretrain ? seedSteps : 0;
        }
        return (step - seedSteps) % period == 0 ? updatesPerPeriod : 0;
    }
}
