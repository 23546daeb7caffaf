package org.mbrl4j.agent.planetlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.UpdateSchedule;
import org.mbrl4j.config.Config;

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

    /** configs/planet-lite-pendulum.yaml over the trainer's steps 0 .. steps-1 (OnlineTrainer's loop). */
    @Test
    void theNotebookRuns100UpdatesAfterEvery100PlannedSteps() {
        var cfg = Config.load(Optional.of(Path.of("configs/planet-lite-pendulum.yaml")), List.of("device=cpu")).config();
        var run = org.mbrl4j.agent.RunSpec.derive(cfg.run(), "pendulum", org.mbrl4j.env.ObsSpec.vector(3), 1, 200);
        UpdateSchedule s = PlanetLiteSpec.derive(run, cfg.planetLite()).updateSchedule();
        int seedSteps = run.seedSteps();
        assertEquals(1000, seedSteps);
        long total = 0;
        long planned = 0;
        for (long step = 0; step < cfg.run().steps(); step++) {
            planned += step > seedSteps ? 1 : 0; // random while step <= seed_steps
            int n = s.updatesAt(step, seedSteps);
            if (n > 0) {
                assertEquals(0, (step - 1000) % 100, "updates only after a whole iteration, at step " + step);
                assertEquals(100, n);
            }
            total += n;
        }
        assertEquals(0, s.updatesAt(1000, 1000), "no pretraining: the first iteration plans with the initial model");
        assertEquals(100, s.updatesAt(1100, 1000));
        assertEquals(5000, planned, "50 iterations of 100 planned steps");
        assertEquals(5000, total, "50 iterations of 100 updates, the last after the last planned step");
    }
}
