package org.mbrl4j.agent.tdmpc2;

import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.ObsSpec;

/** Test helper: the TD-MPC2 spec of a config on an env of the given dims (f32 observations). */
public final class Tdmpc2Specs {
    private Tdmpc2Specs() {}

    public static Tdmpc2Spec of(MbrlConfig cfg, String envName, int obsDim, int actionDim, int episodeLength) {
        return Tdmpc2Spec.derive(RunSpec.derive(cfg.run(), envName, ObsSpec.vector(obsDim), actionDim, episodeLength),
                cfg.tdmpc2());
    }
}
