package org.mbrl4j.config;

/**
 * PlaNet-lite's CEM planner (docs/planet-lite.md#cem; the notebook's PLANNING_HORIZON, CEM_CANDIDATES,
 * CEM_ELITES, CEM_ITERATIONS and CEM_GAMMA). Actions are planned in the normalised box [-1, 1].
 *
 * @param horizon    planning horizon H
 * @param candidates action sequences sampled per iteration (J)
 * @param elites     top sequences the mean and std are refit to (M), at most candidates
 * @param iterations sample-score-refit iterations per plan
 * @param discount   planning discount: a candidate scores Σ_t discount^t · r̂_t
 * @param initStd    the sampling std every plan starts from (the notebook's (high − low) / 2 is 1 in
 *                   the normalised box)
 * @param minStd     lower clamp of the refit std (the notebook adds 1e-6 instead)
 */
public record PlanetLiteCemConfig(
        int horizon,
        int candidates,
        int elites,
        int iterations,
        double discount,
        double initStd,
        double minStd) {

    public PlanetLiteCemConfig {
        var c = new Checks();
        c.atLeast("planet_lite.horizon", horizon, 1);
        c.atLeast("planet_lite.candidates", candidates, 1);
        c.atLeast("planet_lite.elites", elites, 1);
        c.atMost("planet_lite.elites", elites, "planet_lite.candidates", candidates);
        c.atLeast("planet_lite.iterations", iterations, 1);
        c.inOpenClosed("planet_lite.discount", discount, 0, 1);
        c.positive("planet_lite.init_std", initStd);
        c.positive("planet_lite.min_std", minStd);
        c.atMost("planet_lite.min_std", minStd, "planet_lite.init_std", initStd);
        c.throwIfAny();
    }
}
