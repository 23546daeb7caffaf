package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link AuxSnapshot} as a {@code multi_gamma.jsonl} record (docs/multi-gamma.md#logging); the trainer writes
 * {@code step} and {@code env_step} before these fields. Standard tier
 * ({@code multi_gamma.debug_logging=false}):
 * <pre>
 *   {"step":1200,"env_step":1200,"tier":"standard","primary_gamma":0.975,"gammas":[0.95,0.99],
 *    "batch_size":256,"horizon":3,
 *    "summary":[{"gamma":0.95,"mae":0.41,"rmse":0.63,"ce":3.2}, ...],
 *    "examples":[{"index":0,"gammas":[{"gamma":0.95,"target":-7.1,"pred":-6.8,"abs_err":0.3}, ...]}, ...]}
 * </pre>
 * The summary covers all T·B predictions of the batch; examples (the first min(4, log_num_examples)
 * windows) are at t = 0. The debug tier adds {@code ce_per_step} (T) to each summary entry, and to each
 * example its {@code bootstrap} (T scalars V̂_primary(s_{t+1})) and per discount {@code targets},
 * {@code preds}, {@code target_lower_bin}, {@code target_lower_weight} (the two-hot puts that weight on
 * that bin, the rest on the next), {@code pred_top2_bins} and {@code pred_top2_probs} (T pairs each),
 * for the first log_num_examples windows.
 */
final class AuxSnapshotRecord {
    private AuxSnapshotRecord() {}

    static Map<String, Object> of(AuxSnapshot s) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("tier", s.tier().name().toLowerCase(Locale.ROOT));
        r.put("primary_gamma", s.primaryGamma());
        r.put("gammas", s.gammas());
        r.put("batch_size", s.batchSize());
        r.put("horizon", s.horizon());
        List<Object> summary = new ArrayList<>();
        for (AuxSnapshot.Summary g : s.summary()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gamma", g.gamma());
            m.put("mae", g.mae());
            m.put("rmse", g.rmse());
            m.put("ce", g.ce());
            putIfPresent(m, "ce_per_step", g.cePerStep());
            summary.add(m);
        }
        r.put("summary", summary);
        List<Object> examples = new ArrayList<>();
        for (AuxSnapshot.Example e : s.examples()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", e.index());
            putIfPresent(m, "bootstrap", e.bootstrap());
            List<Object> gammas = new ArrayList<>();
            for (AuxSnapshot.ExampleGamma g : e.gammas()) {
                gammas.add(example(g));
            }
            m.put("gammas", gammas);
            examples.add(m);
        }
        r.put("examples", examples);
        return r;
    }

    private static Map<String, Object> example(AuxSnapshot.ExampleGamma g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gamma", g.gamma());
        m.put("target", g.target());
        m.put("pred", g.pred());
        m.put("abs_err", g.absErr());
        AuxSnapshot.Steps st = g.steps();
        if (st != null) {
            m.put("targets", st.targets());
            m.put("preds", st.preds());
            m.put("target_lower_bin", st.targetLowerBin());
            m.put("target_lower_weight", st.targetLowerWeight());
            m.put("pred_top2_bins", List.of(st.predTop2Bins()));
            m.put("pred_top2_probs", List.of(st.predTop2Probs()));
        }
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
