package org.mbrl4j.agent.planetlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.config.PlanetLiteLossTransitions;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.rng.Rng;

/**
 * How often the model loss reads each step of a 200-step episode (docs/planet-lite.md#loss): with
 * windows of 50 and {@code loss_transitions: all}, as often as windows cover it, min(t, 150) − max(0,
 * t − 49) + 1 of the 151 starts, so step 0 weighs 1/50 of a mid-episode step; with windows of 1, every
 * step alike (the notebook's uniform weights).
 */
class TransitionWeightsTest {
    private static final int STEPS = 200;
    private static final int DRAWS = 400;

    @Test
    void windowsOfFiftyWeighEachStepByTheWindowsThatCoverIt() {
        double[] reads = reads(50, 32);
        double perWindow = 32.0 * DRAWS / 151;
        for (int t : new int[] {0, 9, 49, 100, 150, 190, 199}) {
            int cover = Math.min(t, 150) - Math.max(0, t - 49) + 1;
            assertEquals(cover * perWindow, reads[t], 5 * Math.sqrt(cover * perWindow) + 1, "step " + t);
        }
    }

    @Test
    void windowsOfOneWeighEveryStepAlike() {
        double[] reads = reads(1, 1600);
        double expected = 1600.0 * DRAWS / STEPS;
        for (int t = 0; t < STEPS; t++) {
            assertEquals(expected, reads[t], 5 * Math.sqrt(expected), "step " + t);
        }
    }

    /** Reads per episode step over DRAWS batches of {@code batch} windows of {@code length}, loss on all. */
    private static double[] reads(int length, int batch) {
        var buffer = new EpisodeBuffer(ObsSpec.vector(1), 1, 1000);
        var builder = new EpisodeBuilder(ObsSpec.vector(1), 1);
        builder.start(new Observation.F32(new float[] {0}));
        for (int t = 0; t < STEPS; t++) {
            builder.add(new float[] {0}, 0, false, new Observation.F32(new float[] {t + 1}));
        }
        buffer.add(builder.build());
        var rng = new Rng(11, 12);
        double[] reads = new double[STEPS];
        for (int i = 0; i < DRAWS; i++) {
            TransitionRows rows = TransitionRows.of(buffer.sample(batch, length, rng), PlanetLiteLossTransitions.ALL);
            for (float step : rows.state()) {
                reads[(int) step]++;
            }
        }
        return reads;
    }
}
