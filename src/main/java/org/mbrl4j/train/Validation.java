package org.mbrl4j.train;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.BatchShape;
import org.mbrl4j.agent.HeldOutLosses;
import org.mbrl4j.buffer.Episode;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.TrainerConfig;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;

/**
 * The validation and recent-evaluation buffers (docs/training-features.md#validation) and their log
 * {@code validation.csv}.
 * <ul>
 *   <li>Validation buffer: finished training episode k is held out, never stored in the replay buffer and so
 *       never sampled for training, when u_k &lt; validation_fraction, u_k the first uniform of stream
 *       {@value #HOLD_OUT_STREAM} at block k·2^8 (a pure function of (seed, k), drawn from no stream training
 *       uses), unless the replay buffer holds no episode an update can sample yet. Offline, dataset episode k
 *       by the same rule.</li>
 *   <li>Recent-evaluation buffer: the episodes of the last evaluation, replaced at each evaluation.</li>
 * </ul>
 * After each evaluation, the agent's {@link HeldOutLosses} on one batch of the agent's shape from each buffer
 * that holds an episode long enough, drawn with stream {@value #LOSS_STREAM} + set at block step·2^32 (its
 * windows, then the losses' own draws): a row {@code step, env_step, set, episodes, transitions, <losses>}.
 * Neither buffer is saved with a checkpoint: after a resume the validation buffer refills from the next held-out
 * episodes (offline: from the dataset, the same split) and the recent one at the next evaluation.
 */
final class Validation implements Closeable {
    /** Stream of the held-out draws, one block of 2^8 per episode. */
    static final long HOLD_OUT_STREAM = 0x3010;
    /** Streams of the loss batches: this + 0 for the validation buffer, + 1 for the recent evaluation. */
    static final long LOSS_STREAM = 0x3011;
    static final String FILE_NAME = "validation.csv";
    static final String VALIDATION = "validation";
    static final String RECENT_EVAL = "recent_eval";

    private final TrainerConfig config;
    private final HeldOutLosses losses;
    private final BatchShape shape;
    private final long seed;
    private final int actionRepeat;
    private final Path path;
    private final EpisodeBuffer heldOut;
    private final ObsSpec obsSpec;
    private final int actionDim;
    private EpisodeBuffer recent;
    private final List<EpisodeBuilder> recording = new ArrayList<>();
    private final List<Episode> recorded = new ArrayList<>();
    private CsvLog csv;

    Validation(TrainerConfig config, HeldOutLosses losses, BatchShape shape, long seed, int actionRepeat, Path path,
            ObsSpec obsSpec, int actionDim, long capacity) {
        this.config = config;
        this.losses = losses;
        this.shape = shape;
        this.seed = seed;
        this.actionRepeat = actionRepeat;
        this.path = path;
        this.obsSpec = obsSpec;
        this.actionDim = actionDim;
        this.heldOut = new EpisodeBuffer(obsSpec, actionDim, capacity);
    }

    /**
     * The validation of a run, or empty when validation_fraction is 0 and validation_recent_eval false.
     *
     * @throws ConfigException when validation is on and the agent has no {@link HeldOutLosses}
     */
    static Optional<Validation> of(TrainerConfig config, Agent agent, long seed, int actionRepeat, RunDirectory dir,
            ObsSpec obsSpec, int actionDim, long capacity) {
        if (!config.validates()) {
            return Optional.empty();
        }
        HeldOutLosses losses = agent.heldOutLosses().orElseThrow(() -> ConfigException.of(
                config.validationFraction() > 0 ? "validation_fraction" : "validation_recent_eval",
                "algorithm " + agent.algorithm().yamlName() + " has no world-model losses to validate; set"
                + " validation_fraction=0 and validation_recent_eval=false"));
        return Optional.of(new Validation(config, losses, agent.batchShape(), seed, actionRepeat, dir.root().resolve(FILE_NAME),
                obsSpec, actionDim, capacity));
    }

    /** A resumed run first cuts validation.csv back to the rows up to its checkpoint's step {@code step}. */
    void resumeAt(long step) throws IOException {
        if (Files.exists(path)) {
            LogTruncation.keepWhile(path, 1, l -> LogTruncation.firstCell(l) <= step);
        }
    }

    /** Whether training episode (or dataset episode) {@code k} is held out for validation. */
    boolean holdsOut(long k) {
        return config.validationFraction() > 0
                && new Rng(seed, HOLD_OUT_STREAM, k << 8).uniform() < config.validationFraction();
    }

    /**
     * Stores finished training episode {@code k}: into the validation buffer when it is held out and
     * {@code train} already holds an episode an update can sample (so that no update ever finds the replay
     * buffer empty), else into {@code train}.
     */
    void store(Episode e, long k, EpisodeBuffer train) {
        if (holdsOut(k) && train.canSample(shape.transitions())) {
            heldOut.add(e);
        } else {
            train.add(e);
        }
    }

    /** {@code all} (a dataset) less its held-out episodes, which go into the validation buffer. */
    EpisodeBuffer split(EpisodeBuffer all) {
        var train = new EpisodeBuffer(all.obsSpec(), all.actionDim(), all.capacity());
        for (int k = 0; k < all.episodes(); k++) {
            store(all.episode(k), k, train);
        }
        return train;
    }

    /** Episodes held out so far. */
    int heldOutEpisodes() {
        return heldOut.episodes();
    }

    /** Records the evaluation's episodes when validation_recent_eval is set: pass it every reset. */
    void evalStarted(int episode, Observation obs) {
        if (!config.validationRecentEval()) {
            return;
        }
        while (recording.size() <= episode) {
            recording.add(new EpisodeBuilder(obsSpec, actionDim));
        }
        recording.get(episode).start(obs);
    }

    /** ... and every step. */
    void evalStepped(int episode, float[] action, Step s) {
        if (!config.validationRecentEval()) {
            return;
        }
        EpisodeBuilder b = recording.get(episode);
        b.add(action, s.reward(), s.terminated(), s.observation());
        if (s.done()) {
            recorded.add(b.build());
        }
    }

    /**
     * After the evaluation at agent step {@code step}: its episodes become the recent-evaluation buffer, then a
     * row per buffer that can be sampled.
     */
    void evaluated(long step) throws IOException {
        if (config.validationRecentEval()) {
            long transitions = recorded.stream().mapToLong(Episode::length).sum();
            recent = new EpisodeBuffer(obsSpec, actionDim, Math.max(1, transitions));
            recorded.forEach(recent::add);
            recorded.clear();
        }
        measure(step, VALIDATION, heldOut, 0);
        if (recent != null) {
            measure(step, RECENT_EVAL, recent, 1);
        }
    }

    private void measure(long step, String set, EpisodeBuffer buffer, int streamOffset) throws IOException {
        if (!buffer.canSample(shape.transitions())) {
            return;
        }
        Rng rng = new Rng(seed, LOSS_STREAM + streamOffset, step << 32);
        Map<String, Double> values = losses.losses(buffer.sample(shape.batchSize(), shape.transitions(), rng), rng);
        if (csv == null) {
            List<String> header = new ArrayList<>(List.of("step", "env_step", "set", "episodes", "transitions"));
            header.addAll(values.keySet());
            csv = CsvLog.open(path, header);
        }
        List<String> cells = new ArrayList<>(List.of(Long.toString(step), Long.toString(step * actionRepeat), set,
                Integer.toString(buffer.episodes()), Long.toString(buffer.transitions())));
        values.values().forEach(v -> cells.add(CsvLog.format(v)));
        csv.row(cells);
    }

    @Override
    public void close() throws IOException {
        if (csv != null) {
            csv.close();
        }
    }
}
