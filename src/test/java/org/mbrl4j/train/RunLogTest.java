package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV, JSONL and console writers of a run. */
class RunLogTest {
    @TempDir
    Path dir;

    @Test
    void csvRowsAreOnDiskAsSoonAsTheyAreWritten() throws Exception {
        Path csv = dir.resolve("eval.csv");
        var log = EvalCsv.open(csv);
        log.row(0, -1200.5, 3.25);
        log.row(2000, Double.NaN, Double.NaN);
        // not closed: a crash now keeps both rows
        assertEquals(List.of("step,episode_reward,episode_reward_std", "0,-1200.5,3.25", "2000,NaN,NaN"),
                Files.readAllLines(csv));
        log.close();
        var again = EvalCsv.open(csv);
        again.row(4000, 12, 0);
        again.close();
        assertEquals(List.of("step,episode_reward,episode_reward_std", "0,-1200.5,3.25", "2000,NaN,NaN", "4000,12,0"),
                Files.readAllLines(csv), "reopening appends under the same header");
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {-1200.5, Double.NaN, 12},
                EvalCurves.read(csv).values(), "the plot reads episode_reward, not the std");
    }

    /** A run resumed from before the std column appends to its two-column eval.csv in its format. */
    @Test
    void anEvalCsvWithoutTheStdColumnKeepsItsTwoColumns() throws Exception {
        Path csv = dir.resolve("eval.csv");
        Files.writeString(csv, "step,episode_reward\n0,-1200.5\n");
        try (var log = EvalCsv.open(csv)) {
            log.row(2000, -800, 12.5);
        }
        assertEquals(List.of("step,episode_reward", "0,-1200.5", "2000,-800"), Files.readAllLines(csv));
        var read = EvalCurves.read(csv);
        assertEquals(List.of(0L, 2000L), java.util.Arrays.stream(read.steps()).boxed().toList());
    }

    @Test
    void aCsvWithAnotherHeaderIsNotAppendedTo() throws Exception {
        Path csv = dir.resolve("eval.csv");
        Files.writeString(csv, "step,reward,seed\n0,1,1\n");
        var e = assertThrows(java.io.IOException.class, () -> EvalCsv.open(csv));
        assertTrue(e.getMessage().contains("the existing header 'step,reward,seed' differs from this run's"
                + " 'step,episode_reward,episode_reward_std'"), e.getMessage());
    }

    @Test
    void trainCsvWritesMeansSinceThePreviousRow() throws Exception {
        Path csv = dir.resolve("train.csv");
        var t = new TrainCsv(csv);
        t.accumulate(metrics(1, 10));
        t.accumulate(metrics(3, 30));
        assertTrue(t.hasPending());
        t.row(100, 200, 2, -5.5, 12.25, 3, 2.5);
        assertTrue(!t.hasPending());
        t.accumulate(metrics(5, 50));
        t.row(200, 400, 3, -4, 10, 13, Double.NaN);
        t.close();
        assertEquals(List.of("step,env_step,updates,a,b,episode_reward,steps_per_second,elapsed_s,cpu_s",
                "100,200,2,2,20,-5.5,12.25,3,2.5", "200,400,3,5,50,-4,10,13,NaN"), Files.readAllLines(csv));

        var u = new TrainCsv(dir.resolve("u.csv"));
        u.accumulate(metrics(1, 1));
        u.row(1, 1, 1, 0, 0, 0, 0);
        u.accumulate(Map.of("c", 1.0));
        var e = assertThrows(IllegalStateException.class, () -> u.row(2, 2, 2, 0, 0, 0, 0));
        assertTrue(e.getMessage().contains("the update returned metric 'c', which is not a column"), e.getMessage());
    }

    @Test
    void truncationKeepsTheRowsBeforeTheCheckpoint() throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.writeString(csv, "step,x\n100,1\n200,2\n300,3\n400,4\n");
        assertEquals(2, LogTruncation.keepWhile(csv, 1, l -> LogTruncation.firstCell(l) < 300));
        assertEquals(List.of("step,x", "100,1", "200,2"), Files.readAllLines(csv));
        assertEquals(0, LogTruncation.keepWhile(csv, 1, l -> true));
        assertEquals(0, LogTruncation.keepWhile(dir.resolve("absent.csv"), 1, l -> false));
    }

    @Test
    void plannerRecordsAreMeansPerCategoryAndOnlyWhenThereIsInfo() throws Exception {
        Path jsonl = dir.resolve("planner.jsonl");
        var log = new PlannerLog(jsonl);
        log.observe(PlannerLog.TRAIN, Map.of());
        log.flush(PlannerLog.TRAIN, 10, 20);
        assertTrue(!Files.exists(jsonl), "no statistics, no file");
        log.observe(PlannerLog.TRAIN, Map.of("planner/value_chosen", 1.0, "planner/num_elites", 64.0));
        log.observe(PlannerLog.TRAIN, Map.of("planner/value_chosen", 3.0, "planner/num_elites", 64.0));
        log.observe(PlannerLog.EVAL, Map.of("planner/value_chosen", 7.0));
        log.flush(PlannerLog.TRAIN, 100, 200);
        log.flush(PlannerLog.EVAL, 100, 200);
        log.flush(PlannerLog.EVAL, 101, 202);
        log.close();
        var lines = Files.readAllLines(jsonl);
        assertEquals(2, lines.size(), lines.toString());
        var train = JsonlLog.JSON.readTree(lines.get(0));
        assertEquals("train", train.get("category").asText());
        assertEquals(100, train.get("step").asLong());
        assertEquals(200, train.get("env_step").asLong());
        assertEquals(2, train.get("acts").asLong());
        assertEquals(2.0, train.get("planner/value_chosen").asDouble());
        assertEquals(64.0, train.get("planner/num_elites").asDouble());
        assertEquals(7.0, JsonlLog.JSON.readTree(lines.get(1)).get("planner/value_chosen").asDouble());
    }

    @Test
    void jsonlWritesNonFiniteValuesAsNull() throws Exception {
        Path p = dir.resolve("x.jsonl");
        try (var log = new JsonlLog(p)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("a", Double.NaN);
            r.put("b", 2L);
            r.put("c", "x");
            log.record(r);
        }
        assertEquals(List.of("{\"a\":null,\"b\":2,\"c\":\"x\"}"), Files.readAllLines(p));
    }

    @Test
    void jsonlWritesNestedObjectsListsAndArrays() throws Exception {
        Path p = dir.resolve("nested.jsonl");
        try (var log = new JsonlLog(p)) {
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("f", new float[] {0.1f, Float.NaN});
            inner.put("i", new int[] {3, 4});
            log.record(Map.of("o", List.of(inner, new double[] {0.5}, List.of(new int[] {1, 2}))));
        }
        assertEquals(List.of("{\"o\":[{\"f\":[0.1,null],\"i\":[3,4]},[0.5],[[1,2]]]}"), Files.readAllLines(p));
    }

    @Test
    void progressLineShowsRateAndEtaAtMostOncePerInterval() {
        var clock = new AtomicLong(0);
        var text = new StringWriter();
        var p = new ProgressLine(new PrintWriter(text), false, 1.0, clock::get, 0, 1000,
                ProgressLine.Evaluations.NONE);
        clock.set(2_000_000_000L);
        p.update(100, 200, -150.25, "");
        clock.set(2_500_000_000L);
        p.update(110, 220, -150.25, "");
        assertEquals("step 100/1000 (10.0%) | env step 200 | eval -150.3 | 50.0 steps/s | ETA 18s\n",
                text.toString().replace(System.lineSeparator(), "\n"), "the second update came within the interval");
        clock.set(4_000_000_000L);
        p.update(200, 400, Double.NaN, "pretraining 3/10");
        assertTrue(text.toString().contains("step 200/1000 (20.0%) | env step 400 | eval n/a | 50.0 steps/s | ETA 16s"
                + " | pretraining 3/10"), text.toString());

        var tty = new StringWriter();
        var inPlace = new ProgressLine(new PrintWriter(tty), true, 1.0, clock::get, 0, 1000,
                ProgressLine.Evaluations.NONE);
        inPlace.update(1, 1, 0, "");
        inPlace.message("eval done");
        assertTrue(tty.toString().startsWith("\rstep 1/1000"), tty.toString());
        assertTrue(tty.toString().contains("\r" + " ".repeat(10)), "the line is cleared before a message");
        assertTrue(tty.toString().endsWith("eval done" + System.lineSeparator()), tty.toString());
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("45s", ProgressLine.duration(45.2));
        assertEquals("8m 54s", ProgressLine.duration(534));
        assertEquals("3h 07m", ProgressLine.duration(3 * 3600 + 7 * 60 + 5));
        assertEquals("2d 04h", ProgressLine.duration(2 * 86400 + 4 * 3600 + 100));
    }

    private static Map<String, Double> metrics(double a, double b) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("a", a);
        m.put("b", b);
        return m;
    }
}
