package org.mbrl4j.agent.planetlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.UpdateSchedule;

/** The notebook's schedule next to TD-MPC2's one-update-per-step default. */
class PlanetLiteScheduleTest {

    @Test
    void perStepIsPretrainingThenOneUpdatePerStep() {
        UpdateSchedule s = UpdateSchedule.PER_STEP;
        assertEquals(0, s.updatesAt(999, 1000));
        assertEquals(1000, s.updatesAt(1000, 1000));
        assertEquals(1, s.updatesAt(1001, 1000));
        assertEquals(1, s.updatesAt(5000, 1000));
    }

    @Test
    void theNotebookRuns100UpdatesAfterEvery100PlannedSteps() {
        var cfg = PlanetLiteUpdateTest.config("seed_steps=1000", "steps=6000");
        var run = org.mbrl4j.agent.RunSpec.derive(cfg.run(), "pendulum", org.mbrl4j.env.ObsSpec.vector(3), 1, 200);
        UpdateSchedule s = PlanetLiteSpec.derive(run, cfg.planetLite()).updateSchedule();
        long total = 0;
        for (long step = 0; step <= 6000; step++) {
            int n = s.updatesAt(step, 1000);
            if (n > 0) {
                assertEquals(0, (step - 1000) % 100, "updates only after a whole iteration, at step " + step);
                assertEquals(100, n);
            }
            total += n;
        }
        assertEquals(0, s.updatesAt(1000, 1000), "no pretraining: the first iteration plans with the initial model");
        assertEquals(100, s.updatesAt(1100, 1000));
        assertEquals(5000, total, "50 iterations of 100 updates");
    }
}
