package org.mbrl4j.config;

import java.util.Arrays;
import java.util.List;

/**
 * The trainer's features beyond the reference loop (docs/training-features.md); every one is off by
 * default, so a run without these keys computes what it always did.
 *
 * @param trainer              online (act, store, update) or offline (updates over {@code dataset} only)
 * @param dataset              trainer=offline: the dataset file ({@code mbrl export-buffer}); null otherwise
 * @param utd                  updates per agent step after seed_steps, any positive number: at and above 1
 *                             floor(n·utd) − floor((n−1)·utd) updates at the n-th learning step (2 → 2 each
 *                             step, 2.5 → 2, 3, 2, 3, …); below 1 one update every round(1/utd)-th learning
 *                             step (0.5 → every 2nd, 0.3 → every 3rd); the pretraining burst is unchanged
 * @param policyUpdatesPerStep extra policy-prior-only updates at every learning step (after seed_steps), each on
 *                             a batch of its own; 0 disables
 * @param validationFraction   the share of finished training episodes held out of the replay buffer into the
 *                             validation buffer, each by a draw of its own (a pure function of seed and episode
 *                             number); 0 disables
 * @param validationRecentEval keep the last evaluation's episodes as the recent-evaluation buffer
 * (validation.csv: at each evaluation the world model's losses on both buffers; docs/training-features.md#validation)
 * @param logGrads             per-component gradient norms, parameter norms and update/parameter ratios in
 *                             train.csv (docs/training-features.md#gradient-logging)
 * @param resetEvery           agent steps (offline: iterations) between parameter resets after seed_steps; 0 disables
 *                             (docs/training-features.md#resets)
 * @param resetComponents      the components each reset resets, comma-separated (encoder, dynamics, reward, pi, q, …)
 * @param resetAlpha           α of θ ← α·θ + β·θ₀ (0: full reset)
 * @param resetBeta            β of θ ← α·θ + β·θ₀ (1 with α = 0: full reset)
 */
public record TrainerConfig(
        TrainerKind trainer,
        @Nullable String dataset,
        double utd,
        int policyUpdatesPerStep,
        double validationFraction,
        boolean validationRecentEval,
        boolean logGrads,
        int resetEvery,
        String resetComponents,
        double resetAlpha,
        double resetBeta) {

    public TrainerConfig {
        var c = new Checks();
        c.notNull("trainer", trainer, Choice.allowed(TrainerKind.class));
        c.require(dataset == null || !dataset.isBlank(), "dataset", dataset, "must be a file path or null");
        c.require(trainer != TrainerKind.OFFLINE || dataset != null, "dataset", dataset,
                "must name a dataset file with trainer=offline (write one with: mbrl export-buffer CHECKPOINT OUT)");
        c.positive("utd", utd);
        c.require(Double.isFinite(utd), "utd", utd, "must be finite");
        c.atLeast("policy_updates_per_step", policyUpdatesPerStep, 0);
        c.require(validationFraction >= 0 && validationFraction < 1, "validation_fraction", validationFraction,
                "must be in [0, 1)");
        c.atLeast("reset_every", resetEvery, 0);
        c.require(resetComponents != null && resetComponentList().stream().allMatch(n -> n.matches("[a-z_]+")),
                "reset_components", resetComponents, "must be component names separated by commas (pi,q)");
        c.require(Double.isFinite(resetAlpha), "reset_alpha", resetAlpha, "must be finite");
        c.require(Double.isFinite(resetBeta), "reset_beta", resetBeta, "must be finite");
        c.throwIfAny();
    }

    /** The components of {@code reset_components}, in order. */
    public List<String> resetComponentList() {
        return resetComponents == null ? List.of()
                : Arrays.stream(resetComponents.split(",")).map(String::strip).toList();
    }

    /** Whether validation.csv is written: a validation fraction or the recent-evaluation buffer is set. */
    public boolean validates() {
        return validationFraction > 0 || validationRecentEval;
    }
}
