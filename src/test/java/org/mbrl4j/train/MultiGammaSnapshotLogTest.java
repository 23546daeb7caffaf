package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * multi_gamma.jsonl (docs/multi-gamma.md#logging): one snapshot per evaluation once the buffer can be sampled, the
 * standard and debug tiers, training bit for bit the same whichever tier logs, no file without
 * auxiliary heads, and the cut back to a checkpoint on resume.
 */
class MultiGammaSnapshotLogTest {
    private static final String MULTI_GAMMA = "multi_gamma.jsonl";
    private static final String GAMMAS = "multi_gamma.gammas=[0.975,0.95,0.99]";
    private static final Set<String> DEBUG_EXAMPLE_KEYS = Set.of("targets", "preds", "target_lower_bin",
            "target_lower_weight", "pred_top2_bins", "pred_top2_probs");
    /** train.csv columns that measure time rather than training. */
    private static final Set<String> TIMING = Set.of("steps_per_second", "elapsed_s", "cpu_s");

    @TempDir
    Path work;

    record Update(long step, Map<String, Double> metrics) {}

    /**
     * Two runs that differ only in multi_gamma.debug_logging: evaluations at 0, 200, 400 and the final one
     * at 450 (snapshots at 400 and 450: at 200 the first episode is not yet in the buffer), updates from 200
     * to 449, so 49 updates follow the first snapshot. Every update's metrics, train.csv's loss columns and
     * eval.csv are identical.
     */
    @Test
    void debugLoggingLeavesTrainingBitIdenticalAndOnlyAddsDetail() throws Exception {
        var standard = new ArrayList<Update>();
        var debug = new ArrayList<Update>();
        TrainResult a = run(standard, "exp_name=standard", "multi_gamma.debug_logging=false");
        TrainResult b = run(debug, "exp_name=debug", "multi_gamma.debug_logging=true",
                "multi_gamma.log_num_examples=6");
        assertEquals(449, standard.size(), "200 pretraining updates, then one per step to 449");
        assertEquals(standard, debug, "every update's metrics");
        assertEquals(Files.readAllLines(a.dir().evalCsv()), Files.readAllLines(b.dir().evalCsv()));
        assertEquals(withoutTiming(a.dir().trainCsv()), withoutTiming(b.dir().trainCsv()));

        JsonNode s = first(a.dir().probeLog(MULTI_GAMMA), 400, 450);
        JsonNode d = first(b.dir().probeLog(MULTI_GAMMA), 400, 450);
        for (JsonNode r : List.of(s, d)) {
            assertEquals(400, r.get("step").asLong());
            assertEquals(400, r.get("env_step").asLong());
            assertEquals(0.975, r.get("primary_gamma").asDouble(), 1e-7);
            assertEquals("[0.95,0.99]", r.get("gammas").toString());
            assertEquals(8, r.get("batch_size").asInt());
            assertEquals(3, r.get("horizon").asInt());
            assertEquals(2, r.get("summary").size());
        }
        assertEquals("standard", s.get("tier").asText());
        assertEquals("debug", d.get("tier").asText());
        assertEquals(4, s.get("examples").size(), "min(4, log_num_examples=8)");
        assertEquals(6, d.get("examples").size(), "log_num_examples=6");
        for (int i = 0; i < 2; i++) {
            JsonNode ss = s.get("summary").get(i);
            JsonNode ds = d.get("summary").get(i);
            assertFalse(ss.has("ce_per_step"));
            assertEquals(3, ds.get("ce_per_step").size());
            for (String k : List.of("gamma", "mae", "rmse", "ce")) {
                assertTrue(Double.isFinite(ss.get(k).asDouble()), k + " in " + ss);
                assertEquals(ss.get(k), ds.get(k), "the same batch and draws whatever the tier: " + k);
            }
        }
        for (int e = 0; e < 4; e++) {
            JsonNode se = s.get("examples").get(e);
            JsonNode de = d.get("examples").get(e);
            assertFalse(se.has("bootstrap"));
            assertEquals(3, de.get("bootstrap").size());
            for (int i = 0; i < 2; i++) {
                JsonNode sg = se.get("gammas").get(i);
                JsonNode dg = de.get("gammas").get(i);
                for (String k : List.of("gamma", "target", "pred", "abs_err")) {
                    assertEquals(sg.get(k), dg.get(k), k);
                }
                assertEquals(Math.abs(sg.get("pred").asDouble() - sg.get("target").asDouble()),
                        sg.get("abs_err").asDouble(), 1e-5);
                DEBUG_EXAMPLE_KEYS.forEach(k -> assertFalse(sg.has(k), "standard tier has no " + k));
                DEBUG_EXAMPLE_KEYS.forEach(k -> assertEquals(3, dg.get(k).size(), k));
                assertEquals(2, dg.get("pred_top2_bins").get(0).size());
                assertEquals(sg.get("target"), dg.get("targets").get(0), "the t = 0 entry of the steps");
            }
        }
    }

    @Test
    void runsWithoutAuxiliaryHeadsWriteNoSnapshotFile() throws Exception {
        // no updates (seed_steps above steps); the evaluation at 400 finds one episode in the buffer
        String[] base = {"steps=400", "seed_steps=1000", "eval_freq=400", "save_agent=false"};
        var off = TrainerFixture.train(TrainerFixture.config(work, with(base, "exp_name=off", "multi_gamma.enabled=false",
                GAMMAS))).result();
        var single = TrainerFixture.train(TrainerFixture.config(work, with(base, "exp_name=single",
                "multi_gamma.enabled=true", "multi_gamma.gammas=[0.975]"))).result();
        var on = TrainerFixture.train(TrainerFixture.config(work, with(base, "exp_name=on", "multi_gamma.enabled=true",
                GAMMAS))).result();
        assertEquals(List.of(0L, 400L), off.evals().stream().map(EvalResult::step).toList());
        assertFalse(Files.exists(off.dir().probeLog(MULTI_GAMMA)), "multi_gamma.enabled=false");
        assertFalse(Files.exists(single.dir().probeLog(MULTI_GAMMA)), "only the primary discount");
        assertEquals(400, single(on.dir().probeLog(MULTI_GAMMA)).get("step").asLong(),
                "the control: with auxiliary heads the evaluation at 400 is snapshotted");
    }

    @Test
    void resumingCutsSnapshotsBackToTheCheckpoint() throws Exception {
        var dir = new RunDirectory(work);
        Files.write(dir.probeLog(MULTI_GAMMA), List.of("{\"step\":200,\"tier\":\"standard\"}",
                "{\"step\":400,\"tier\":\"standard\"}", "{\"step\":600,\"tier\":\"standard\"}"));
        var text = new StringWriter();
        var progress = new ProgressLine(new PrintWriter(text), false, 10, System::nanoTime, 400, 1000,
                ProgressLine.Evaluations.NONE);
        try (var logs = new TrainingLogs(dir, false, 1, "t", Optional.of(MULTI_GAMMA), 400, 0, progress)) {
            // the evaluation at the checkpoint's step ran (with its snapshot) before the checkpoint was taken
        }
        assertEquals(List.of(200L, 400L), Files.readAllLines(dir.probeLog(MULTI_GAMMA)).stream()
                .map(l -> parse(l).get("step").asLong()).toList());
    }

    private TrainResult run(List<Update> updates, String... extra) throws Exception {
        var options = OnlineTrainer.Options.of(new PrintWriter(new StringWriter()), false)
                .withUpdateListener((s, m) -> updates.add(new Update(s, m)));
        return TrainerFixture.train(TrainerFixture.config(work, with(new String[] {"steps=450", "batch_size=8", "save_agent=false",
                "multi_gamma.enabled=true", GAMMAS}, extra)), Optional.empty(), options).result();
    }

    /** The lines of a train.csv without its timing columns. */
    private static List<List<String>> withoutTiming(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.getFirst().split(","));
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                if (!TIMING.contains(header.get(i))) {
                    kept.add(cells[i]);
                }
            }
            out.add(kept);
        }
        assertTrue(out.getFirst().contains("multi_gamma/ce_0.95"), out.getFirst().toString());
        return out;
    }

    /** The first record, after checking the steps of all. */
    private static JsonNode first(Path jsonl, long... steps) throws Exception {
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(java.util.Arrays.stream(steps).boxed().toList(), lines.stream()
                .map(l -> parse(l).get("step").asLong()).toList(), lines.toString());
        return parse(lines.getFirst());
    }

    private static JsonNode single(Path jsonl) throws Exception {
        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(1, lines.size(), lines.toString());
        return parse(lines.getFirst());
    }

    private static JsonNode parse(String line) {
        try {
            return JsonlLog.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }

    private static String[] with(String[] base, String... more) {
        var all = new ArrayList<>(Arrays.asList(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
