package org.mbrl4j.agent.planetlite;

import java.util.Arrays;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.ObsArray;
import org.mbrl4j.config.PlanetLiteLossTransitions;

/**
 * The M one-step transitions (s, a, r, s') the model loss reads from a replay batch, as row-major
 * host arrays: every transition of the B windows of T (M = T·B, time-major as the batch) or only each
 * window's first (M = B, the notebook's {@code obs_batch[:, 0, :]}).
 *
 * @param state     (M, O)
 * @param action    (M, A)
 * @param reward    (M)
 * @param nextState (M, O)
 */
record TransitionRows(int rows, int obsDim, int actionDim, float[] state, float[] action, float[] reward,
        float[] nextState) {

    /**
     * @throws IllegalArgumentException when the batch holds pixel observations
     */
    static TransitionRows of(Batch batch, PlanetLiteLossTransitions which) {
        if (!(batch.obs() instanceof ObsArray.F32 f32)) {
            throw new IllegalArgumentException("planet-lite update: the batch holds " + batch.obs().spec()
                    + " observations; the MLP model takes f32 state vectors");
        }
        int b = batch.batchSize();
        int m = which == PlanetLiteLossTransitions.ALL ? batch.length() * b : b;
        int o = batch.obsDim();
        int a = batch.actionDim();
        // Time-major: rows t·B + b of obs 0..T-1 are the states, of obs 1..T the next states.
        float[] obs = f32.values();
        return new TransitionRows(m, o, a, Arrays.copyOfRange(obs, 0, m * o),
                Arrays.copyOfRange(batch.action(), 0, m * a), Arrays.copyOfRange(batch.reward(), 0, m),
                Arrays.copyOfRange(obs, b * o, b * o + m * o));
    }
}
