package org.mbrl4j.agent.planetlite;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.UpdateSchedule;
import org.mbrl4j.agent.planner.PlannerSettings;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.ObsType;
import org.mbrl4j.config.PlanetLiteCemConfig;
import org.mbrl4j.config.PlanetLiteConfig;
import org.mbrl4j.config.WarmStart;

/**
 * What PlaNet-lite derives once from the run and its {@code planet_lite:} block (STYLE practice 8):
 * the planner settings of its CEM and its update schedule.
 *
 * @param run    the run spec (observation and action sizes, seed steps, seed)
 * @param config the {@code planet_lite:} block
 */
public record PlanetLiteSpec(RunSpec run, PlanetLiteConfig config) {

    /**
     * @throws ConfigException when the run observes pixels (the MLP takes state vectors) or a window of
     *     {@code planet_lite.sequence_length} transitions is longer than an episode
     */
    public static PlanetLiteSpec derive(RunSpec run, PlanetLiteConfig config) {
        if (run.run().obs() != ObsType.STATE) {
            throw ConfigException.of("obs", "obs=" + run.run().obs().yamlName() + ": planet-lite models state vectors"
                    + " (obs=state); pixel observations are the PlaNet agent's (algorithm=planet)");
        }
        int window = config.training().sequenceLength();
        if (window > run.episodeLength()) {
            throw ConfigException.of("planet_lite.sequence_length", "planet_lite.sequence_length=" + window
                    + ": must be <= the episode length " + run.episodeLength() + " of " + run.envName()
                    + " (replay windows lie inside one episode)");
        }
        return new PlanetLiteSpec(run, config);
    }

    public int obsDim() {
        return run.obsDim();
    }

    public int actionDim() {
        return run.actionDim();
    }

    public long seed() {
        return run.run().seed();
    }

    /**
     * The shared planner's settings for the notebook's CEM: candidates and elites as num_samples and
     * num_elites, the std starting at init_std (max_std) and clamped below at min_std. The agent clears
     * the warm start before every plan, so each plan's mean starts at zero as the notebook's does.
     */
    public PlannerSettings plannerSettings() {
        PlanetLiteCemConfig c = config.cem();
        return new PlannerSettings(c.horizon(), actionDim(), c.iterations(), c.candidates(), c.elites(),
                (float) c.minStd(), (float) c.initStd(), WarmStart.SHIFT, 0, seed());
    }

    /** No pretraining; updates_per_iteration updates after every iteration_steps planned steps. */
    public UpdateSchedule updateSchedule() {
        return new UpdateSchedule(false, config.training().iterationSteps(), config.training().updatesPerIteration());
    }

    /** The schedule, for the run banner. */
    public Map<String, String> derivedValues() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("update schedule", config.training().updatesPerIteration() + " updates after every "
                + config.training().iterationSteps() + " steps from seed_steps=" + run.seedSteps() + " (no pretraining)");
        return out;
    }
}
