package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line's evaluation display and an ETA that counts the evaluations to come (a fake clock). */
class ProgressLineTest {
    private static final long MS = 1_000_000L;
    /** 2 episodes of 100 acts per evaluation. */
    private static final long ACTS_EACH = 200;

    private final AtomicLong clock = new AtomicLong(0);
    private final AtomicInteger left = new AtomicInteger(3);
    private final StringWriter text = new StringWriter();
    private final ProgressLine line = new ProgressLine(new PrintWriter(text), false, 0, clock::get, 0, 1000,
            new ProgressLine.Evaluations(left::get, ACTS_EACH));

    /** One evaluation of 200 acts at {@code msPerAct}; the progress line sees every act. */
    private void evaluate(long step, long msPerAct) {
        line.evaluationStarted(2);
        for (int act = 0; act < ACTS_EACH; act++) {
            clock.addAndGet(msPerAct * MS);
            line.evaluationAct(step, step, act < ACTS_EACH / 2 ? 0 : 1);
        }
        line.evaluationEnded();
        left.decrementAndGet();
    }

    private List<String> lines() {
        return text.toString().lines().toList();
    }

    @Test
    void anEvaluationShowsItsEpisodesAndItsOwnRate() {
        evaluate(0, 10);
        assertEquals("step 0/1000 (0.0%) | env step 0 | evaluating 1/2 episodes, 100.0 steps/s | ETA n/a",
                lines().get(99), "no training step yet: no training rate, no ETA");
        assertEquals("step 0/1000 (0.0%) | env step 0 | evaluating 2/2 episodes, 100.0 steps/s | ETA n/a",
                lines().get(199));
    }

    @Test
    void theEtaAddsTheEvaluationsToCome() {
        evaluate(0, 10); // 2 s
        clock.addAndGet(2_000 * MS); // 100 training steps in 2 s: 50 steps/s, the evaluation's time excluded
        line.update(100, 100, -150.25, "");
        // 900 steps at 50 steps/s, and 2 evaluations of 200 acts at 10 ms
        assertEquals(18 + 4, line.etaSeconds(100), 1e-9);
        assertEquals("step 100/1000 (10.0%) | env step 100 | eval -150.3 | 50.0 steps/s | ETA 22s",
                lines().getLast());
    }

    @Test
    void theEtaAtTheLastStepIsTheLastEvaluationNotZero() {
        evaluate(0, 10);
        clock.addAndGet(2_000 * MS);
        evaluate(500, 10);
        clock.addAndGet(18_000 * MS); // steps 100..1000 at 50 steps/s
        assertEquals(1, left.get());
        line.update(1000, 1000, -100, "");
        assertEquals("step 1000/1000 (100.0%) | env step 1000 | eval -100.0 | 50.0 steps/s | ETA 2s",
                lines().getLast());

        line.evaluationStarted(2);
        for (int act = 0; act < ACTS_EACH / 2; act++) {
            clock.addAndGet(10 * MS);
            line.evaluationAct(1000, 1000, 0);
        }
        assertEquals(1, line.etaSeconds(1000), 1e-9, "half of the last evaluation is left");
        assertTrue(lines().getLast().endsWith("| evaluating 1/2 episodes, 100.0 steps/s | ETA 1s"), lines().getLast());
    }

    /** A resumed run before its first evaluation: an evaluation act is estimated as one training step. */
    @Test
    void beforeAnyEvaluationAnActCostsATrainingStep() {
        left.set(1);
        clock.addAndGet(2_000 * MS);
        line.update(100, 100, Double.NaN, "");
        assertEquals(18 + ACTS_EACH / 50.0, line.etaSeconds(100), 1e-9);
    }

    @Test
    void afterRestartRateTheEtaUsesOnlyTheStepsSinceThenAndKeepsEvaluationsOut() {
        left.set(0);
        // 100 cheap seed steps at 1 ms each, then (after the restart) steps at 100 ms
        for (long s = 1; s <= 100; s++) {
            clock.addAndGet(MS);
        }
        assertEquals(1000, line.rate(100), 1e-9);
        line.restartRate(100);
        evaluate(100, 5); // an evaluation after the restart stays out of the rate
        left.set(0);
        clock.addAndGet(10_000 * MS); // 100 steps in 10 s of training
        assertEquals(10, line.rate(200), 1e-9, "only the steps and training time since the restart");
        assertEquals(80, line.etaSeconds(200), 1e-9, "800 steps left at 10 steps/s");
    }
}
