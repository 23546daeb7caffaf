package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.ActInfoTotals;

/**
 * planner.jsonl from summed infos ({@link PlannerLog#observe(String, ActInfoTotals)}, the device-sums path)
 * is the file the per-act path writes for the same acts: the same record, keys in the acts' order, a key
 * reported by only some acts averaged over those.
 */
class PlannerLogTotalsTest {
    @TempDir
    Path work;

    private static final List<Map<String, Double>> ACTS = List.of(
            Map.of("planner/value_chosen", 1.0, "planner/disagreement_chosen", 0.5, "planner/num_elites", 4.0),
            Map.of("planner/value_chosen", 2.0, "planner/num_elites", 4.0),
            Map.of("planner/value_chosen", 4.5, "planner/disagreement_chosen", 1.5, "planner/num_elites", 4.0));

    @Test
    void summedInfosWriteThePerActRecord() throws Exception {
        Path perAct = work.resolve("per-act.jsonl");
        try (PlannerLog log = new PlannerLog(perAct)) {
            for (Map<String, Double> act : ACTS) {
                log.observe(PlannerLog.TRAIN, ordered(act));
            }
            log.flush(PlannerLog.TRAIN, 30, 60);
        }
        Path summed = work.resolve("summed.jsonl");
        Map<String, Double> sums = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String key : List.of("planner/value_chosen", "planner/disagreement_chosen", "planner/num_elites")) {
            for (Map<String, Double> act : ACTS) {
                if (act.containsKey(key)) {
                    sums.merge(key, act.get(key), Double::sum);
                    counts.merge(key, 1L, Long::sum);
                }
            }
        }
        try (PlannerLog log = new PlannerLog(summed)) {
            log.observe(PlannerLog.TRAIN, ActInfoTotals.EMPTY);
            log.observe(PlannerLog.TRAIN, new ActInfoTotals(ACTS.size(), sums, counts));
            log.observe(PlannerLog.EVAL, ActInfoTotals.EMPTY);
            log.flush(PlannerLog.TRAIN, 30, 60);
            log.flush(PlannerLog.EVAL, 30, 60);
        }
        assertEquals(Files.readAllLines(perAct), Files.readAllLines(summed));
        assertEquals(1, Files.readAllLines(summed).size(), "no eval record without eval acts");
    }

    @Test
    void totalsRejectCountsOutsideTheActs() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ActInfoTotals(2,
                Map.of("planner/value_chosen", 1.0), Map.of("planner/value_chosen", 3L)));
        assertEquals("ActInfoTotals: count of planner/value_chosen is 3, must be in [1, acts=2]", e.getMessage());
    }

    private static Map<String, Double> ordered(Map<String, Double> act) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String key : List.of("planner/value_chosen", "planner/disagreement_chosen", "planner/num_elites")) {
            if (act.containsKey(key)) {
                m.put(key, act.get(key));
            }
        }
        return m;
    }
}
