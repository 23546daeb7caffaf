package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.PolicyPriorUpdate;

/** utd, policy_updates_per_step and log_grads on real runs (docs/training-features.md): counted update by update. */
class TrainerFeaturesRunTest {
    @TempDir
    Path work;

    @Test
    void utdTwoRunsTwiceTheUpdatesAndPolicyOnlyUpdatesAndGradientStatisticsGetTheirOwnColumns() throws Exception {
        var full = new TreeMap<Long, Integer>();
        var policyOnly = new TreeMap<Long, Integer>();
        var options = OnlineTrainer.Options.of(new PrintWriter(new StringWriter()), false)
                .withUpdateListener((step, metrics) -> (isPolicyOnly(metrics) ? policyOnly : full)
                        .merge(step, 1, Integer::sum));
        var run = TrainerFixture.train(TrainerFixture.config(work, "steps=300", "utd=2", "policy_updates_per_step=1",
                "log_grads=true", "eval_freq=1000", "save_agent=false"), Optional.empty(), options).result();

        assertEquals(200, full.get(200L), "the pretraining burst is not scaled");
        for (long s = 201; s < 300; s++) {
            assertEquals(2, full.get(s), "utd=2: two updates at step " + s);
        }
        assertEquals(200 + 2 * 99, run.updates(), "the updates column counts full updates");
        assertEquals(200L, policyOnly.firstKey(), "policy-only updates start at seed_steps, after the burst");
        assertEquals(100, policyOnly.size());
        policyOnly.values().forEach(n -> assertEquals(1, n));

        List<String> csv = Files.readAllLines(run.dir().trainCsv());
        List<String> header = List.of(csv.get(0).split(","));
        assertTrue(header.contains("pi_only_pi_loss") && header.contains("pi_loss"), header.toString());
        for (String column : List.of("grad_norm_encoder", "grad_norm_q", "param_norm_dynamics", "update_ratio_reward",
                "param_norm_world", "update_ratio_pi", "pi_only_grad_norm_pi")) {
            assertTrue(header.contains(column), column + " in " + header);
        }
        int col = header.indexOf("pi_only_pi_loss");
        for (String row : csv.subList(1, csv.size())) {
            assertTrue(Double.isFinite(Double.parseDouble(row.split(",", -1)[col])), row);
        }
    }

    @Test
    void utdHalfRunsAnUpdateEveryOtherStep() throws Exception {
        var full = new TreeMap<Long, Integer>();
        var options = OnlineTrainer.Options.of(new PrintWriter(new StringWriter()), false)
                .withUpdateListener((step, metrics) -> full.merge(step, 1, Integer::sum));
        var run = TrainerFixture.train(TrainerFixture.config(work, "steps=300", "utd=0.5", "eval_freq=1000",
                "save_agent=false"), Optional.empty(), options).result();
        assertEquals(200 + 49, run.updates(), "steps 202, 204, ..., 298 after the burst");
        for (long s = 201; s < 300; s++) {
            assertEquals(s % 2 == 0 ? Integer.valueOf(1) : null, full.get(s), "step " + s);
        }
    }

    @Test
    void resetsPrintALineAndMarkTrainCsv() throws Exception {
        var console = new StringWriter();
        var run = TrainerFixture.train(TrainerFixture.config(work, "steps=400", "reset_every=150",
                "reset_components=encoder,pi", "reset_alpha=0.8", "reset_beta=0.2", "eval_freq=1000",
                "save_agent=false", "exp_name=resets"), Optional.empty(),
                OnlineTrainer.Options.of(new PrintWriter(console), false)).result();
        assertTrue(console.toString().contains("reset 2 at step 300: encoder, pi <- 0.8 * theta + 0.2 * theta0"),
                console.toString());
        assertFalse(console.toString().contains("reset 1 at"), "step 150 is before seed_steps: no reset");
        List<String> csv = Files.readAllLines(run.dir().trainCsv());
        int col = List.of(csv.get(0).split(",")).indexOf("reset");
        assertTrue(col > 0, csv.get(0));
        var marks = csv.stream().skip(1).map(r -> r.split(",", -1)[0] + ":" + r.split(",", -1)[col]).toList();
        assertEquals(List.of("200:0", "300:0.01", "399:0"), marks, "the row of steps 201..300 holds the reset");
    }

    private static boolean isPolicyOnly(Map<String, Double> metrics) {
        return metrics.keySet().stream().allMatch(k -> k.startsWith(PolicyPriorUpdate.METRIC_PREFIX));
    }
}
