package org.mbrl4j.agent.tdmpc2;

import org.mbrl4j.agent.planner.MppiScorer;
import org.mbrl4j.agent.planner.MppiSettings;
import org.mbrl4j.agent.planner.Planner;
import org.mbrl4j.agent.planner.PlannerSettings;
import org.mbrl4j.agent.planner.PlanningModel;
import org.mbrl4j.config.PlannerConfig;

/**
 * The TD-MPC2 planner's settings, read from the run's config in one place ({@link #of}): the shared
 * loop's and the docs/planner.md MPPI scorer's.
 */
public record Tdmpc2PlannerSettings(PlannerSettings core, MppiSettings mppi) {

    /**
     * The config keys of docs/planner.md#plan-algorithm and the derived values (action dim, iterations, discount).
     * Multitask tasks never get here: {@code RunSpec.derive} rejects them.
     */
    public static Tdmpc2PlannerSettings of(Tdmpc2Spec spec) {
        PlannerConfig c = spec.config().planner();
        PlannerSettings core = new PlannerSettings(c.horizon(), spec.actionDim(), spec.iterations(), c.numSamples(),
                c.numElites(), (float) c.minStd(), (float) c.maxStd(), c.plannerWarmStart(), c.logDetailedEvery(),
                spec.seed());
        MppiSettings mppi = new MppiSettings(c.plannerNumSeedPolicyTrajectories(), (float) c.plannerTemperatureTrain(),
                (float) c.plannerTemperatureEval(), (float) c.plannerLambdaDisagreement(), c.plannerHeadModeEval(),
                c.plannerNumDynamicsHeads(), spec.discount());
        return new Tdmpc2PlannerSettings(core, mppi);
    }

    /** The docs/planner.md MPPI planner over {@code model} (TD-MPC2: a {@link WorldModelPlanning}). */
    public Planner planner(PlanningModel model) {
        return new Planner(core, new MppiScorer(model, mppi));
    }
}
