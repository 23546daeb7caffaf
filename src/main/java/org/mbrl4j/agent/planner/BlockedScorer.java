package org.mbrl4j.agent.planner;

import org.mbrl4j.agent.ActMode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * A {@link Scorer} whose rollout and scoring can also run block by block: each block of candidates is
 * carried through the whole chain (dynamics, reward, bootstrap value) before the next, so its activations
 * stay in cache (the CPU twin of a batched rollout kernel; the backend picks the block,
 * {@link org.mbrl4j.backend.Backend#rowBlock}). The results are bit for bit those of
 * {@link #rollout}, {@link CandidateBatch#concat} and {@link #score} over all candidates at once.
 */
interface BlockedScorer extends Scorer {

    /** Bytes of activations one candidate holds in the widest op of its chain in {@code mode}. */
    long candidateBytes(int horizon, ActMode mode);

    /**
     * Steps 2-7 of the iteration loop for E episodes in blocks of about {@code blockRows} candidates.
     *
     * @param sampled (E·N, T, A) the Gaussian samples
     * @param fixed the fixed candidates, or null
     * @param keepLatents whether to return latents_cat (D, E·C, T+1, L) (detailed infos); else its latents are null
     */
    Scored rolloutAndScore(Pass p, Tensor z0, Tensor sampled, Rollout fixed, int episodes, ActMode mode, Rng rng,
            int blockRows, boolean keepLatents);

    /** latents_cat (or null) and actions_cat (E·C, T, A) with their scores. */
    record Scored(Rollout candidates, CandidateScores scores) {}
}
