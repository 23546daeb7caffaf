package org.mbrl4j.config;

/**
 * PlaNet's CEM over the RSSM prior (docs/planet.md#planner; ecosystem-facts §A.5): every plan starts
 * from mean 0 and std 1 (no warm start), candidates score the sum of the reward head's means over the
 * horizon, and the agent adds Gaussian exploration noise to the chosen action while training.
 *
 * @param horizon     planning horizon H
 * @param iterations  sample-score-refit iterations I
 * @param candidates  action sequences per iteration J
 * @param elites      top sequences the mean and std are refit to K, at most candidates
 * @param cemMinStd   lower clamp of the refit std (PlaNet adds 1e-6 to the variance: sqrt(1e-6) = 1e-3)
 * @param trainNoise  std of the exploration noise added to the planned action in training (0: none)
 */
public record PlanetCemConfig(
        int horizon,
        int iterations,
        int candidates,
        int elites,
        double cemMinStd,
        double trainNoise) {

    public PlanetCemConfig {
        var c = new Checks();
        c.atLeast("planet.horizon", horizon, 1);
        c.atLeast("planet.iterations", iterations, 1);
        c.atLeast("planet.candidates", candidates, 1);
        c.atLeast("planet.elites", elites, 1);
        c.atMost("planet.elites", elites, "planet.candidates", candidates);
        c.inOpenClosed("planet.cem_min_std", cemMinStd, 0, 1);
        c.nonNegative("planet.train_noise", trainNoise);
        c.throwIfAny();
    }
}
