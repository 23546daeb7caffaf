package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.testing.TestRandom;

/** Eval curves against a run's clock: the train.csv clock at each evaluation step. */
class EvalClockTest {
    @TempDir
    Path dir;

    private final TestRandom rnd = new TestRandom();

    @Test
    void theClockIsInterpolatedBetweenTrainRowsFromZeroAndHeldPastTheLast() throws Exception {
        int every = rnd.nextInt(100, 1000);
        int rows = rnd.nextInt(3, 9);
        double[] cpu = new double[rows];
        var train = new StringBuilder("step,env_step,episode_reward,elapsed_s,cpu_s\n");
        double t = 0;
        for (int i = 0; i < rows; i++) {
            t += rnd.uniform(1, 100);
            cpu[i] = t;
            train.append((i + 1) * every).append(',').append((i + 1) * every).append(",-1,").append(2 * t).append(',')
                    .append(t).append('\n');
        }
        long mid = (long) (1.5 * every) + 1; // between the first and second rows
        long past = (long) (rows + 2) * every;
        Path run = Files.createDirectories(dir.resolve("exp/seed1"));
        Files.writeString(run.resolve("train.csv"), train.toString());
        Files.writeString(run.resolve("eval.csv"), "step,episode_reward\n0,-1000\n" + mid + ",-500\n" + every
                + ",-700\n" + past + ",-150\n");
        EvalCurves.Series s = EvalClock.CPU_S.read(run.resolve("eval.csv"));
        double atMid = cpu[0] + (cpu[1] - cpu[0]) * (mid - every) / every;
        assertArrayEquals(new long[] {0, Math.round(cpu[0]), Math.round(atMid), Math.round(cpu[rows - 1])}, s.steps(),
                "seed " + rnd.seed());
        assertArrayEquals(new double[] {-1000, -700, -500, -150}, s.values());
        EvalCurves.Series wall = EvalClock.ELAPSED_S.read(run.resolve("eval.csv"));
        assertEquals(Math.round(2 * cpu[0]), wall.steps()[1]);
        assertArrayEquals(new long[] {0, every, mid, past}, EvalClock.STEP.read(run.resolve("eval.csv")).steps());
    }

    @Test
    void aTrainCsvWithoutTheClockIsNamed() throws Exception {
        Path run = Files.createDirectories(dir.resolve("old/seed1"));
        Files.writeString(run.resolve("eval.csv"), "step,episode_reward\n0,-1000\n");
        var missing = assertThrows(IOException.class, () -> EvalClock.CPU_S.read(run.resolve("eval.csv")));
        assertTrue(missing.getMessage().contains("train.csv: file not found"), missing.getMessage());
        Files.writeString(run.resolve("train.csv"), "step,env_step,elapsed_s\n1000,1000,12.5\n");
        var old = assertThrows(IOException.class, () -> EvalClock.CPU_S.read(run.resolve("eval.csv")));
        assertTrue(old.getMessage().contains("lacks the columns 'env_step' and 'cpu_s'"), old.getMessage());
        assertArrayEquals(new long[] {0}, EvalClock.ELAPSED_S.read(run.resolve("eval.csv")).steps());
        var bad = assertThrows(IllegalArgumentException.class, () -> EvalClock.parse("minutes"));
        assertEquals("x axis 'minutes': allowed step, elapsed_s, cpu_s", bad.getMessage());
    }
}
