package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.UpdateSchedule;

/** The update-to-data ratio over an agent's schedule (docs/training-features.md#update-to-data-ratio). */
class UpdateRatioTest {
    private static final int SEED_STEPS = 100;

    @Test
    void utdOneIsTheScheduleItselfForEveryStep() {
        var planet = new UpdateSchedule(false, 100, 100);
        for (UpdateSchedule s : List.of(UpdateSchedule.PER_STEP, planet)) {
            for (long step = 0; step < 1000; step++) {
                assertEquals(s.updatesAt(step, SEED_STEPS), new UpdateRatio(1).updatesAt(s, step, SEED_STEPS),
                        s + " step " + step);
            }
        }
    }

    @Test
    void utdTwoMakesExactlyTwiceTheUpdatesAndHalfMakesHalf() {
        var one = total(1, 1000);
        assertEquals(SEED_STEPS + 899, one);
        assertEquals(SEED_STEPS + 2 * 899, total(2, 1000), "twice after the pretraining burst");
        assertEquals(SEED_STEPS + 3 * 899, total(3, 1000));
        assertEquals(SEED_STEPS + 449, total(0.5, 1000), "every 2nd learning step: steps 102, 104, ..., 998");
        assertEquals(SEED_STEPS, new UpdateRatio(2).updatesAt(UpdateSchedule.PER_STEP, SEED_STEPS, SEED_STEPS),
                "the pretraining burst is not scaled");
    }

    @Test
    void aNonIntegerRatioAboveOneAlternatesAndRunsFloorOfNTimesUtdInAll() {
        assertEquals(List.of(2, 3, 2, 3, 2, 3), perStep(2.5, 6));
        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 2), perStep(1.1, 10), "1.1 as the decimal 11/10");
        assertEquals(SEED_STEPS + 11 * 90, total(1.1, SEED_STEPS + 901));
    }

    @Test
    void aRatioBelowOneUpdatesEveryRoundedReciprocalStep() {
        assertEquals(List.of(0, 0, 1, 0, 0, 1), perStep(0.3, 6), "round(1/0.3) = 3");
        assertEquals(1.0 / 3, new UpdateRatio(0.3).effective());
        assertEquals(List.of(0, 0, 0, 1), perStep(0.25, 4));
        assertEquals(List.of(1, 1, 1), perStep(0.9, 3), "round(1/0.9) = 1: every step");
    }

    @Test
    void theRatioScalesTheBlocksOfAnotherSchedule() {
        var planet = new UpdateSchedule(false, 100, 100);
        assertEquals(250, new UpdateRatio(2.5).updatesAt(planet, SEED_STEPS + 100, SEED_STEPS));
        assertEquals(0, new UpdateRatio(2.5).updatesAt(planet, SEED_STEPS + 150, SEED_STEPS));
        assertEquals(0, new UpdateRatio(0.5).updatesAt(planet, SEED_STEPS + 100, SEED_STEPS));
        assertEquals(100, new UpdateRatio(0.5).updatesAt(planet, SEED_STEPS + 200, SEED_STEPS));
    }

    @Test
    void aRatioThatIsNotPositiveAndFiniteIsRefused() {
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> new UpdateRatio(bad), "utd=" + bad);
        }
    }

    /** Updates at the learning steps seed_steps + 1 .. seed_steps + n. */
    private static List<Integer> perStep(double utd, int n) {
        var out = new ArrayList<Integer>();
        for (long step = SEED_STEPS + 1; step <= SEED_STEPS + n; step++) {
            out.add(new UpdateRatio(utd).updatesAt(UpdateSchedule.PER_STEP, step, SEED_STEPS));
        }
        return out;
    }

    /** All updates of agent steps 0 .. steps − 1. */
    private static long total(double utd, long steps) {
        long n = 0;
        for (long step = 0; step < steps; step++) {
            n += new UpdateRatio(utd).updatesAt(UpdateSchedule.PER_STEP, step, SEED_STEPS);
        }
        return n;
    }
}
