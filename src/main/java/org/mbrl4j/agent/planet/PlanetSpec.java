package org.mbrl4j.agent.planet;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.UpdateSchedule;
import org.mbrl4j.agent.planner.PlannerSettings;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.ObsType;
import org.mbrl4j.config.PlanetCemConfig;
import org.mbrl4j.config.PlanetConfig;
import org.mbrl4j.config.WarmStart;

/**
 * What PlaNet derives once from the run and its {@code planet:} block (STYLE practice 8): the frame
 * shape it checks, the planner settings of its CEM, and its update schedule.
 *
 * @param run    the run spec (observation and action sizes, episode length, seed steps, seed)
 * @param config the {@code planet:} block
 */
public record PlanetSpec(RunSpec run, PlanetConfig config) {
    /** One observation: a 3×64×64 frame. */
    static final int[] FRAME = {3, ConvEncoder.SIZE, ConvEncoder.SIZE};

    /**
     * @throws ConfigException when the run does not observe single 64×64 RGB frames (obs=rgb,
     *     frame_stack=1), or a chunk of {@code planet.chunk_length} transitions is longer than an episode
     */
    public static PlanetSpec derive(RunSpec run, PlanetConfig config) {
        if (run.run().obs() != ObsType.RGB) {
            throw ConfigException.of("obs", "obs=" + run.run().obs().yamlName() + ": planet learns from pixels"
                    + " (obs=rgb); for state vectors use algorithm=planet-lite or tdmpc2");
        }
        if (!Arrays.equals(run.obs().shape(), FRAME)) {
            throw ConfigException.of("frame_stack", "frame_stack=" + run.run().frameStack() + ": planet takes one"
                    + " 3x64x64 frame per observation (its RSSM carries the history), but the env observes "
                    + run.obs() + "; set frame_stack=1");
        }
        int chunk = config.training().chunkLength();
        if (chunk > run.episodeLength()) {
            throw ConfigException.of("planet.chunk_length", "planet.chunk_length=" + chunk + ": must be <= the"
                    + " episode length " + run.episodeLength() + " of " + run.envName()
                    + " (replay chunks lie inside one episode)");
        }
        return new PlanetSpec(run, config);
    }

    public int actionDim() {
        return run.actionDim();
    }

    public long seed() {
        return run.run().seed();
    }

    /**
     * The shared planner's settings for PlaNet's CEM: J candidates, the top K, the std starting at 1
     * (max_std) and clamped below at cem_min_std. The agent clears the warm start before every plan,
     * so every plan starts from mean 0, std 1 (ecosystem-facts §A.5).
     */
    public PlannerSettings plannerSettings() {
        PlanetCemConfig c = config.cem();
        return new PlannerSettings(c.horizon(), actionDim(), c.iterations(), c.candidates(), c.elites(),
                (float) c.cemMinStd(), 1f, WarmStart.SHIFT, 0, seed());
    }

    /**
     * No pretraining; updates_per_episode updates after every episode-length of agent steps from
     * seed_steps, i.e. after every collected episode of a fixed-length task.
     */
    public UpdateSchedule updateSchedule() {
        return new UpdateSchedule(false, run.episodeLength(), config.training().updatesPerEpisode());
    }

    /** The schedule and the sizes, for the run banner. */
    public Map<String, String> derivedValues() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("update schedule", config.training().updatesPerEpisode() + " updates after every "
                + run.episodeLength() + " steps (one episode) from seed_steps=" + run.seedSteps() + " (no pretraining)");
        out.put("features", (config.model().stochSize() + config.model().deterSize()) + " ([s, h])");
        out.put("embedding", Integer.toString(32 * config.model().cnnDepth()));
        return out;
    }
}
