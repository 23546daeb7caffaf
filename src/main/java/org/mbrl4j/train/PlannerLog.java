package org.mbrl4j.train;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mbrl4j.agent.ActInfoTotals;

/**
 * {@code planner.jsonl}: the means of the planner statistics ({@link PlannerInfoSource}) over the
 * acts since the previous record of the same category, one line per record:
 * <pre>
 *   {"category":"train","step":2000,"env_step":2000,"acts":1000,"planner/value_chosen":12.5,...}
 *   {"category":"eval","step":2000,"env_step":2000,"acts":2000,"planner/value_chosen":14.1,...}
 * </pre>
 * Train records follow the {@code train.csv} cadence, eval records come once per evaluation. The
 * file is created with its first record, so runs whose agent reports nothing have none.
 */
final class PlannerLog implements Closeable {
    static final String TRAIN = "train";
    static final String EVAL = "eval";

    private final Path path;
    private final Map<String, Map<String, double[]>> sums = new LinkedHashMap<>(); // category → key → {sum, n}
    private final Map<String, Long> acts = new LinkedHashMap<>();
    private JsonlLog out;

    PlannerLog(Path path) {
        this.path = path;
    }

    /** Adds one act's statistics to {@code category}'s next record. */
    void observe(String category, Map<String, Double> info) {
        if (info.isEmpty()) {
            return;
        }
        acts.merge(category, 1L, Long::sum);
        Map<String, double[]> s = sums.computeIfAbsent(category, c -> new LinkedHashMap<>());
        info.forEach((k, v) -> {
            double[] a = s.computeIfAbsent(k, x -> new double[2]);
            a[0] += v;
            a[1]++;
        });
    }

    /** Adds the summed statistics of many acts ({@link ActInfoTotals}) to {@code category}'s next record. */
    void observe(String category, ActInfoTotals totals) {
        if (totals.acts() == 0) {
            return;
        }
        acts.merge(category, totals.acts(), Long::sum);
        Map<String, double[]> s = sums.computeIfAbsent(category, c -> new LinkedHashMap<>());
        totals.sums().forEach((k, v) -> {
            double[] a = s.computeIfAbsent(k, x -> new double[2]);
            a[0] += v;
            a[1] += totals.counts().get(k);
        });
    }

    /** Writes {@code category}'s record when acts were observed since the last one. */
    void flush(String category, long step, long envStep) throws IOException {
        Map<String, double[]> s = sums.remove(category);
        long n = acts.getOrDefault(category, 0L);
        acts.remove(category);
        if (s == null || n == 0) {
            return;
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("category", category);
        record.put("step", step);
        record.put("env_step", envStep);
        record.put("acts", n);
        s.forEach((k, a) -> record.put(k, a[0] / a[1]));
        if (out == null) {
            out = new JsonlLog(path);
        }
        out.record(record);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
