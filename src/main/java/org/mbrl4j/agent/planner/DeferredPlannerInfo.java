package org.mbrl4j.agent.planner;

import java.util.Arrays;

/**
 * A plan's {@link PlannerBasicInfo} left in device memory ({@link PlanOutputs}) and read back on the
 * first call of {@link #basic()} (by the trainer's log, or before the next plan overwrites it), so a
 * plan itself reads back nothing but its action.
 */
final class DeferredPlannerInfo implements PlannerInfo {
    private final PlanOutputs outputs;
    private final int episode;
    private final long generation;
    private final boolean disagreements;
    private PlannerBasicInfo basic;

    DeferredPlannerInfo(PlanOutputs outputs, int episode, boolean disagreements) {
        this.outputs = outputs;
        this.episode = episode;
        this.generation = outputs.generation();
        this.disagreements = disagreements;
    }

    @Override
    public PlannerBasicInfo basic() {
        if (basic == null) {
            if (outputs.generation() != generation) {
                throw new IllegalStateException("planner info of plan " + generation + " read after plan "
                        + outputs.generation() + " overwrote it");
            }
            int k = outputs.numElites();
            int a = outputs.actionDim();
            float[] f = outputs.hostFloats(episode);
            int[] i = outputs.hostInts(episode);
            float[] values = Arrays.copyOfRange(f, a + k, a + 2 * k);
            float[] dis = disagreements ? Arrays.copyOfRange(f, a + 2 * k, a + 3 * k) : null;
            basic = PlannerInfos.basic(values, dis, Arrays.copyOfRange(i, 0, k), i[k]);
        }
        return basic;
    }
}
