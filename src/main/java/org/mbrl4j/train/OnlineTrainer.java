package org.mbrl4j.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActInfoSums;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.BatchShape;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.agent.Divergence;
import org.mbrl4j.agent.EvalProbe;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.buffer.Episode;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.config.Source;
import org.mbrl4j.config.TrainerKind;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.env.render.FrameRenderer;
import org.mbrl4j.io.AtomicFile;
import org.mbrl4j.rng.Rng;

/**
 * Online training of any {@link Agent} (the loop of tdmpc2/trainer/online_trainer.py, docs/tdmpc2.md
 * docs/tdmpc2.md#online-trainer); the agent is the run's {@code algorithm} ({@link Agents#create}). The loop runs exactly
 * {@code steps} agent steps, {@code step = 0 .. steps - 1} (the reference's {@code _step <= steps} runs one more):
 * <ol>
 *   <li>Flags: {@code step % eval_freq == 0} flags an evaluation (step 0 included: the untrained
 *       agent), {@code step % checkpoint_every == 0} (step > 0) a checkpoint; both run at the next
 *       episode boundary.</li>
 *   <li>At an episode boundary: the flagged evaluation ({@link Evaluator}, its own env, EVAL mode),
 *       the pictures of its episode 0 ({@link EvalPictures}: the agent's {@link Agent#evalFigure()},
 *       the eval_video GIF) and, when the agent has an {@link EvalProbe}, its record ({@link ProbeLog}); the
 *       finished episode goes into the replay buffer; the flagged checkpoint; then a new episode
 *       with reset seed {@link EpisodeSeeds#train}(seed, episode index) and
 *       {@code agent.resetEpisode()}.</li>
 *   <li>Acting: uniform random actions in [-1, 1] while {@code step <= seed_steps}, else
 *       {@code agent.act(obs, TRAIN, step)}.</li>
 *   <li>Learning: nothing before seed_steps; at {@code step == seed_steps}, seed_steps updates in a
 *       row (pretraining on the random episodes); after that one update per agent step. An agent may
 *       report another {@link Agent#updateSchedule()} (PlaNet-lite: no pretraining, 100 updates after
 *       every 100 steps). Each update
 *       samples the agent's {@link Agent#batchShape()} from the buffer (TD-MPC2: batch_size windows
 *       of horizon transitions). The trainer's {@code utd} scales the updates after the burst, and
 *       {@code policy_updates_per_step} adds policy-only updates ({@link UpdatePlan}; both off by default).</li>
 *   <li>The end, at {@code step == steps}: the final evaluation (always, whatever eval_freq), the
 *       finished episode into the buffer, then the final checkpoint: the last eval.csv row and
 *       final.safetensors describe the same parameters, so {@code mbrl eval} on it repeats that row.</li>
 * </ol>
 * Evaluations draw from the agent's evaluation streams ({@link org.mbrl4j.agent.EvalActor}), never from
 * a stream training uses, so eval_episodes and eval_freq cannot change the training trajectory.
 * Steps are agent steps; env steps = agent steps × action_repeat (eval.csv's step column).
 *
 * <p><b>Checkpoints and resume.</b> Checkpoints are taken at episode boundaries (and at the end), so
 * the env's state never needs saving. With the replay buffer saved beside the checkpoint
 * ({@link BufferFile}) a resumed run continues bit for bit: same batches, same actions, same metrics
 * as an uninterrupted one. Without the buffer file the agent keeps acting but no update runs until the
 * buffer again holds seed_steps transitions. The final checkpoint is taken mid-episode: resuming from
 * it (to train longer) starts a new episode.
 *
 * <p><b>Divergence.</b> An agent takes no optimizer step on a non-finite loss or gradient norm and never
 * returns a non-finite action ({@link Agent#divergence()}); it throws a {@link DivergedException} when it
 * can tell at once (TD-MPC2), and the trainer also reads its flag once per log_every, before every
 * evaluation and checkpoint, and at the end. A diverged run then stops: the train.csv row of the healthy
 * updates, checkpoints/{@value #LAST_GOOD}.safetensors (the agent's last good state, with the buffer, unless
 * save_agent=false), and a {@link DivergedException} whose message names the step, the value and the keys to
 * change (the CLI prints it last and exits 3).
 */
public final class OnlineTrainer implements AutoCloseable {

    /** Called after every update with the agent step it belongs to. */
    @FunctionalInterface
    public interface UpdateListener {
        void updated(long step, Map<String, Double> metrics);
    }

    /**
     * @param console     where the banner, progress line and messages go
     * @param interactive redraw the progress line in place (a terminal), else print a line every 10 s
     * @param plannerInfo how to read the agent's planner statistics for planner.jsonl
     * @param onUpdate    observer of every update's metrics
     */
    public record Options(PrintWriter console, boolean interactive, PlannerInfoSource plannerInfo,
            UpdateListener onUpdate) {
        /** Planner statistics from the agent, no update listener. */
        public static Options of(PrintWriter console, boolean interactive) {
            return new Options(console, interactive, PlannerInfoSource.AGENT, (s, m) -> {});
        }

        public Options withPlannerInfo(PlannerInfoSource f) {
            return new Options(console, interactive, f, onUpdate);
        }

        public Options withUpdateListener(UpdateListener l) {
            return new Options(console, interactive, plannerInfo, l);
        }
    }

    /** The checkpoint a diverged run leaves: its last good state. */
    public static final String LAST_GOOD = "last_good";

    private static final double TERMINAL_PROGRESS_SECONDS = 1;
    private static final double LOG_PROGRESS_SECONDS = 10;

    private final LoadedConfig loaded;
    private final RunConfig run;
    private final RunSpec spec;
    private final Env env;
    private final Evaluator evaluator;
    private final Agent agent;
    private final UpdatePlan updatePlan;
    private final Optional<ResetSchedule> resets;
    /** The validation and recent-evaluation buffers, when the run has them (opened in {@link #run}). */
    private Optional<Validation> validation = Optional.empty();
    private final PlannerInfoSource plannerInfo;
    /** The agent's planner infos summed on its device, read once per record; empty: read after every act. */
    private final Optional<ActInfoSums> plannerSums;
    private final EvalPictures pictures;
    private final RunPlacement placement;
    private final RunDirectory dir;
    private final Options options;
    private final Optional<Checkpoint> resume;
    private final String backendName;
    private final String configYaml;
    private final Rng seedRng;
    private final Rng bufferRng;
    private final EpisodeBuilder builder;
    private EpisodeBuffer buffer;
    private final List<EvalResult> evals = new ArrayList<>();

    private long step;
    private long episodesStarted;
    private long updates;
    private double lastEpisodeReward;
    private double lastEvalReward;
    private final RunClock clock;
    private boolean evalPending;
    /** The final evaluation (at step == steps) has run. */
    private boolean finalEvaluated;
    private boolean checkpointPending;
    /** Resumed without the buffer file: no updates until it holds seed_steps transitions again. */
    private boolean refilling;
    /** The number of the last save (its buffer file's generation); 0 before the first. */
    private long saveGeneration;

    /**
     * Builds the env, the run spec and the agent; with {@code resume}, checks the checkpoint's
     * architecture against {@code loaded} and restores the agent and the trainer's counters.
     *
     * @throws ConfigException for an unknown task or an invalid derived value
     * @throws CheckpointException for an unusable checkpoint
     */
    public OnlineTrainer(LoadedConfig loaded, Backend backend, Optional<Checkpoint> resume, Options options) {
        if (loaded.config().trainer().trainer() != TrainerKind.ONLINE) {
            throw ConfigException.of("trainer", "trainer=" + loaded.config().trainer().trainer().yamlName()
                    + ": the online trainer runs with trainer=online (OfflineTrainer runs trainer=offline)");
        }
        this.loaded = loaded;
        this.run = loaded.config().run();
        this.options = options;
        this.resume = resume;
        this.env = TrainEnvs.make(run);
        this.spec = RunSpec.of(run, env.spec());
        Optional<EpisodeVideo> video = run.evalVideo() ? Optional.of(evalVideo(env)) : Optional.empty();
        Supplier<Env> evalEnvs = () -> TrainEnvs.make(run);
        this.evaluator = new Evaluator(video.map(v -> v.recording(evalEnvs)).orElse(evalEnvs), run.seed(),
                run.evalEpisodes(), run.actionRepeat(),
                loaded.config().execution().evalBatchFor(backend.device(), run.evalEpisodes()));
        this.placement = RunPlacement.decide(run, resume.map(Checkpoint::path), LocalDateTime.now());
        this.dir = placement.dir();
        this.backendName = backend.describe();
        MbrlConfig c = loaded.config();
        this.configYaml = ConfigYaml.render(c.withRun(run.withoutOverwrite()),
                "resolved config of the mbrl4j run in " + dir.root()
                + placement.resumedFrom().map(p -> "\nresumed from " + p).orElse("")
                + "\nrerun with: ./mbrl train <this file> run_dir=auto (or another exp_name: a fresh run does not"
                + " write into a non-empty directory)");
        this.saveGeneration = resume.flatMap(Checkpoint::buffer).map(BufferLink::generation).orElse(0L);
        TrainerState s = TrainerState.initial();
        if (resume.isPresent()) {
            Checkpoint ck = resume.get();
            MbrlConfig saved = CheckpointConfig.load(ck, List.of()).config();
            CheckpointConfig.requireSameArchitecture(ck, saved, loaded.config());
            s = ck.trainer();
        }
        this.agent = Agents.create(backend, spec, loaded.config());
        resume.ifPresent(ck -> ck.restoreInto(agent, spec));
        this.pictures = new EvalPictures(dir, run.seed(), agent.evalFigure(), video);
        this.updatePlan = new UpdatePlan(c.trainer(), agent);
        this.resets = ResetSchedule.of(c.trainer(), agent);
        this.plannerInfo = options.plannerInfo();
        this.plannerSums = PlannerInfoSource.deviceSums(plannerInfo, agent);
        this.seedRng = new Rng(run.seed(), TrainerStreams.SEED_ACTIONS, s.seedActionCounter());
        this.bufferRng = new Rng(run.seed(), TrainerStreams.BUFFER, s.bufferCounter());
        this.builder = new EpisodeBuilder(env.spec().observation(), spec.actionDim());
        this.buffer = new EpisodeBuffer(env.spec().observation(), spec.actionDim(), spec.bufferCapacity());
        this.step = s.step();
        this.episodesStarted = s.episodesStarted();
        this.updates = s.updates();
        this.lastEpisodeReward = s.lastEpisodeReward();
        this.lastEvalReward = s.lastEvalReward();
        this.clock = new RunClock(s.elapsedSeconds(), s.cpuSeconds());
        this.evalPending = s.evalPending();
        this.checkpointPending = s.checkpointPending();
    }

    public RunSpec spec() {
        return spec;
    }

    public Agent agent() {
        return agent;
    }

    public RunDirectory directory() {
        return dir;
    }

    /**
     * Trains to {@code steps}; returns what was done. The logs are closed (and flushed) on any exit.
     *
     * @throws DivergedException when the training diverged, after the last good checkpoint is written
     * @throws TrainException when the run directory cannot be written (naming work_dir and the system's reason)
     */
    public TrainResult run() throws IOException {
        PrintWriter out = options.console();
        if (resume.isPresent() && step >= run.steps()) {
            // a finished run resumed again (by hand, or a requeued job): nothing to do, nothing written
            out.printf(Locale.ROOT, "nothing to train: %s is at agent step %d, and steps=%d; set steps above %d to"
                    + " train longer%n", resume.get().path(), step, run.steps(), step);
            out.flush();
            return new TrainResult(step, updates, episodesStarted, List.of(), dir, Optional.empty());
        }
        out.print(RunBanner.render(loaded, spec, agent.derivedValues(), agent.parameterCounts(), backendName, dir));
        placement.note().ifPresent(note -> out.println("  " + note));
        updatePlan.describe().ifPresent(out::println);
        out.flush();
        try {
            prepareDirectory();
        } catch (IOException e) {
            throw new TrainException("work_dir=" + run.workDirPath() + ": cannot write the run directory " + dir.root()
                    + ": " + IoReason.of(e));
        }
        clock.start();
        var progress = new ProgressLine(out, options.interactive(),
                options.interactive() ? TERMINAL_PROGRESS_SECONDS : LOG_PROGRESS_SECONDS, System::nanoTime, step,
                run.steps(), new ProgressLine.Evaluations(this::evaluationsLeft,
                        (long) run.evalEpisodes() * spec.episodeLength()));
        resume.ifPresent(ck -> restoreBuffer(ck, progress));
        validation = Validation.of(loaded.config().trainer(), agent, run.seed(), run.actionRepeat(), dir,
                env.spec().observation(), spec.actionDim(), spec.bufferCapacity());
        if (resume.isPresent() && validation.isPresent()) {
            validation.get().resumeAt(step);
        }
        String title = run.task() + " / " + run.expName() + " / seed " + run.seed();
        try (var logs = new TrainingLogs(dir, run.saveCsv(), run.actionRepeat(), title,
                agent.evalProbe().map(EvalProbe::fileName), resume.isPresent() ? step : -1, clock.wallSeconds(), progress);
                var validationLog = validation.orElse(null)) {
            plannerSums.ifPresent(logs::readPlannerSums);
            try {
                Episode finished = loop(logs, progress);
                finish(finished, logs, progress);
            } catch (DivergedException e) {
                throw stopDiverged(e.divergence(), logs, progress);
            }
            logs.trainRow(step - 1, updates, lastEpisodeReward, clock);
            Optional<Path> saved = run.saveAgent() ? Optional.of(save(RunDirectory.FINAL, progress)) : Optional.empty();
            if (checkpointPending) { // after the final one: a kill between the two leaves an older latest to resume
                checkpointPending = false;
                save(RunDirectory.LATEST, progress);
            }
            progress.clear();
            out.printf(Locale.ROOT, "done: %d agent steps (%d env steps), %s, %s in %s; last eval return %.2f%n", step,
                    step * run.actionRepeat(), Plural.of(updates, "update"), Plural.of(evals.size(), "evaluation"),
                    clock.thisPart(), lastEvalReward);
            out.println("logs: " + dir.root());
            out.flush();
            return new TrainResult(step, updates, episodesStarted, evals, dir, saved);
        }
    }

    /** Agent steps up to {@code steps} (exclusive); returns the episode the last step finished, if it did. */
    private Episode loop(TrainingLogs logs, ProgressLine progress) throws IOException {
        boolean resumedHere = resume.isPresent(); // the checkpoint's flags are already those of this step
        Observation obs = null;
        Episode finished = null;
        while (step < run.steps()) {
            if (!resumedHere) {
                flag(step);
            }
            resumedHere = false;
            if (obs == null) {
                boundary(finished, logs, progress);
                finished = null;
                obs = startEpisode();
            }
            float[] action = act(obs, logs);
            Step s = env.step(action);
            if (s.terminated() && !run.episodic()) {
                throw ConfigException.of("episodic", "env " + spec.envName() + " reached a terminal state at agent"
                        + " step " + step + ", but episodic=false: set episodic=true to train with terminations");
            }
            builder.add(action, s.reward(), s.terminated(), s.observation());
            obs = s.observation();
            if (s.done()) {
                finished = builder.build();
                lastEpisodeReward = finished.totalReward();
                obs = null;
            }
            int updatesNow = refilling ? 0 : updatePlan.updatesAt(agent, step, spec.seedSteps());
            if (updatesNow > 0) {
                learn(updatesNow, step == spec.seedSteps(), logs, progress);
            }
            int policyUpdatesNow = refilling ? 0 : updatePlan.policyUpdatesAt(step, spec.seedSteps());
            if (policyUpdatesNow > 0) {
                learnPolicy(policyUpdatesNow, logs);
            }
            if (resets.isPresent() && !refilling) {
                resets.get().after(step, spec.seedSteps(), logs, progress);
            }
            if (step == spec.seedSteps()) { // steps cost far more from here on (planning, updates): the ETA's rate
                progress.restartRate(step + 1);
            }
            if (step % run.logEvery() == 0) {
                requireNotDiverged();
                logs.trainRow(step, updates, lastEpisodeReward, clock);
            }
            progress.update(step, step * run.actionRepeat(), lastEvalReward, "");
            step++;
        }
        return finished;
    }

    /**
     * At {@code step == steps}: the final evaluation, then the finished episode (if the last step ended
     * one) into the buffer, in the order of an episode boundary; the flags are those of the step after
     * the last for a run that resumes from the final checkpoint, less the evaluation just done. The
     * caller then saves the final checkpoint and, when flagged, latest.
     */
    private void finish(Episode finished, TrainingLogs logs, ProgressLine progress) throws IOException {
        requireNotDiverged();
        evaluate(logs, progress);
        if (finished != null) {
            store(finished);
        }
        flag(step);
        evalPending = false;
        finalEvaluated = true;
    }

    private void flag(long s) {
        if (s % run.evalFreq() == 0) {
            evalPending = true;
        }
        if (run.checkpointEvery() > 0 && s > 0 && s % run.checkpointEvery() == 0) {
            checkpointPending = true;
        }
    }

    /** Between two training episodes: the flagged eval, the finished episode into the buffer, the flagged checkpoint. */
    private void boundary(Episode finished, TrainingLogs logs, ProgressLine progress) throws IOException {
        requireNotDiverged();
        if (evalPending) {
            evaluate(logs, progress);
            evalPending = false;
        }
        if (finished != null) {
            store(finished);
        }
        if (refilling && buffer.transitions() >= refillTarget()) {
            refilling = false;
            progress.message("replay buffer refilled (" + buffer.transitions() + " transitions): updates resume");
        }
        if (checkpointPending) {
            checkpointPending = false;
            save(RunDirectory.LATEST, progress);
        }
    }

    /** The finished training episode (the last one started) into the replay buffer, or held out for validation. */
    private void store(Episode finished) {
        if (validation.isPresent()) {
            validation.get().store(finished, episodesStarted - 1, buffer);
        } else {
            buffer.add(finished);
        }
    }

    private Observation startEpisode() {
        Observation obs = env.reset(EpisodeSeeds.train(run.seed(), episodesStarted));
        episodesStarted++;
        agent.resetEpisode();
        builder.start(obs);
        return obs;
    }

    private float[] act(Observation obs, TrainingLogs logs) {
        if (step <= spec.seedSteps()) {
            float[] a = new float[spec.actionDim()];
            for (int i = 0; i < a.length; i++) {
                a[i] = seedRng.uniform(-1f, 1f);
            }
            return a;
        }
        float[] a = agent.act(obs, ActMode.TRAIN, step);
        if (plannerSums.isEmpty()) {
            logs.plannerInfo(PlannerLog.TRAIN, plannerInfo.scalars(agent.lastActInfo()));
        }
        return a;
    }

    /** {@code n} updates: the pretraining burst at step == seed_steps, or the agent's {@link Agent#updateSchedule()} block. */
    private void learn(int n, boolean pretraining, TrainingLogs logs, ProgressLine progress) {
        long t0 = System.nanoTime();
        if (pretraining) {
            progress.message("pretraining: " + n + " updates on " + Plural.of(buffer.episodes(), "episode") + " ("
                    + Plural.of(buffer.transitions(), "transition") + ")");
        }
        BatchShape shape = agent.batchShape();
        for (int i = 0; i < n; i++) {
            // the last update before a train.csv row (every log_every steps, and the final row after the last
            // step) reads its metrics; an agent that keeps them on its device skips the download for the others
            // and returns the means since its previous read then (Agent#update(Batch, boolean))
            boolean wantMetrics = i == n - 1 && (step % run.logEvery() == 0 || step == run.steps() - 1);
            Map<String, Double> metrics = agent.update(
                    buffer.sample(shape.batchSize(), shape.transitions(), bufferRng), wantMetrics);
            updates++;
            logs.update(metrics);
            options.onUpdate().updated(step, metrics);
            if (pretraining) {
                progress.update(step, step * run.actionRepeat(), lastEvalReward, "pretraining " + (i + 1) + "/" + n);
            }
        }
        if (pretraining) {
            progress.message(String.format(Locale.ROOT, "pretraining done in %.1f s", (System.nanoTime() - t0) / 1e9));
        }
    }

    /** {@code n} policy-only updates (policy_updates_per_step), each on a batch of its own. */
    private void learnPolicy(int n, TrainingLogs logs) {
        BatchShape shape = agent.batchShape();
        for (int i = 0; i < n; i++) {
            Map<String, Double> metrics = updatePlan.updatePolicy(
                    buffer.sample(shape.batchSize(), shape.transitions(), bufferRng));
            logs.update(metrics);
            options.onUpdate().updated(step, metrics);
        }
    }

    private void evaluate(TrainingLogs logs, ProgressLine progress) throws IOException {
        long t0 = System.nanoTime();
        progress.evaluationStarted(run.evalEpisodes());
        plannerSums.ifPresent(s -> s.drain(ActMode.EVAL)); // evaluation-mode acts outside evaluations are not logged
        Evaluator.Evaluation evaluation = evaluator.evaluate(agent, step, new Evaluator.Listener() {
            private int done;

            @Override
            public void acted(int episode, ActInfo info) {
                if (plannerSums.isEmpty()) {
                    logs.plannerInfo(PlannerLog.EVAL, plannerInfo.scalars(info));
                }
                progress.evaluationAct(step, step * run.actionRepeat(), done);
            }

            @Override
            public void episodeEnded(int episode, double episodeReturn, int episodesDone) {
                done = episodesDone;
            }

            @Override
            public void started(int episode, Observation obs) {
                validation.ifPresent(v -> v.evalStarted(episode, obs));
            }

            @Override
            public void stepped(int episode, float[] action, Step s) {
                validation.ifPresent(v -> v.evalStepped(episode, action, s));
            }
        }, pictures.wanted());
        EvalResult r = evaluation.result();
        progress.evaluationEnded();
        if (validation.isPresent()) {
            validation.get().evaluated(step);
        }
        lastEvalReward = r.mean();
        evals.add(r);
        logs.evaluation(r, (System.nanoTime() - t0) / 1e9);
        if (evaluation.recorded().isPresent()) {
            pictures.write(evaluation.recorded().get(), step, step * run.actionRepeat());
        }
        Optional<EvalProbe> probe = agent.evalProbe();
        if (probe.isPresent()) {
            probe(probe.get(), logs);
        }
    }

    /** The video of evaluation episodes of {@code env} (eval_video=true). */
    private EpisodeVideo evalVideo(Env env) {
        try {
            return EpisodeVideo.of(env, run.actionRepeat(), FrameRenderer.DEFAULT_SIZE);
        } catch (IllegalArgumentException e) {
            throw ConfigException.of("eval_video", "eval_video=true: " + e.getMessage());
        }
    }

    /**
     * Evaluations not yet finished: the flagged one (running or waiting for its episode boundary), one
     * per multiple of eval_freq after this step and before {@code steps}, and the final one.
     */
    private int evaluationsLeft() {
        if (finalEvaluated) {
            return 0;
        }
        long later = Math.max(0, (run.steps() - 1) / run.evalFreq() - step / run.evalFreq());
        return Math.toIntExact(later + 1 + (evalPending ? 1 : 0));
    }

    /**
     * The agent's probe record of this evaluation (TD-MPC2: the multi-gamma snapshot of docs/multi-gamma.md
     * docs/multi-gamma.md#logging): a batch of the probe's shape drawn with the snapshot stream of this step
     * ({@link TrainerStreams#snapshot}), which the probe also draws from, so neither the buffer's
     * sampling stream nor any agent state moves. Nothing before the buffer holds an episode of the
     * probe's window length.
     */
    private void probe(EvalProbe probe, TrainingLogs logs) throws IOException {
        BatchShape shape = probe.batchShape();
        if (!buffer.canSample(shape.transitions())) {
            return;
        }
        Rng rng = TrainerStreams.snapshot(run.seed(), step);
        var batch = buffer.sample(shape.batchSize(), shape.transitions(), rng);
        logs.probeRecord(probe.record(batch, rng), step);
    }

    /**
     * The agent's divergence flag ({@link Agent#divergence()}): read once per log_every, before every
     * evaluation and checkpoint, and at the end, as it may cost a device synchronization. TD-MPC2's
     * update and act throw at the bad value itself, so for it this finds nothing new.
     */
    private void requireNotDiverged() {
        Optional<Divergence> d = agent.divergence();
        if (d.isPresent()) {
            throw new DivergedException(d.get());
        }
    }

    /**
     * The end of a diverged run: the train.csv row of the healthy updates since the last one, the agent's
     * last good state as checkpoints/{@value #LAST_GOOD}.safetensors (the state before the optimizer step
     * that would have taken the non-finite value: finite, by {@link Agent#divergence()}'s contract), then
     * the message, which the caller prints last (the logs close on the way out).
     */
    private DivergedException stopDiverged(Divergence d, TrainingLogs logs, ProgressLine progress) {
        String saved;
        try {
            logs.trainRow(step, updates, lastEpisodeReward, clock);
            saved = run.saveAgent() ? "the last good state is saved in " + save(LAST_GOOD, progress)
                    : "no checkpoint written (save_agent=false)";
        } catch (IOException e) {
            saved = "the last good state could not be saved: " + IoReason.of(e);
        }
        progress.clear();
        options.console().flush();
        String message = String.format(Locale.ROOT, "training diverged at agent step %d (env step %d): %s."
                + "%n  No optimizer step took that value; %s."
                + "%n  Likely keys to change, those you set first: %s"
                + "%n  Logs: %s", step, step * run.actionRepeat(), d.describe(), saved, String.join(", ", keysToChange(d)),
                dir.root());
        return new DivergedException(d, message);
    }

    /** The divergence's keys ({@code lr=0.0003}), those set in the config file or an override first and marked so. */
    private List<String> keysToChange(Divergence d) {
        Map<String, Source> sources = new HashMap<>();
        loaded.entries().forEach(e -> sources.put(e.key(), e.source()));
        List<String> set = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (String k : d.keys()) {
            Source source = sources.get(k.substring(0, Math.max(0, k.indexOf('='))));
            if (source == Source.FILE || source == Source.OVERRIDE) {
                set.add(k + " (" + source.label() + ")");
            } else {
                rest.add(k);
            }
        }
        set.addAll(rest);
        return set;
    }

    /**
     * Writes checkpoints/&lt;name&gt; and its buffer file: a new generation of the buffer first, then the
     * checkpoint naming it, then the older generations are deleted; a kill at any moment leaves a
     * checkpoint with the buffer file it names ({@link BufferFile}).
     */
    private Path save(String name, ProgressLine progress) throws IOException {
        Path path = dir.checkpoint(name);
        long generation = saveGeneration + 1;
        Path bufferFile = BufferFile.named(path, generation);
        BufferLink link = BufferFile.write(bufferFile, buffer, step, generation);
        var state = new TrainerState(step, episodesStarted, updates, seedRng.counter(), bufferRng.counter(),
                lastEpisodeReward, lastEvalReward, clock.wallSeconds(), clock.cpuSeconds(), evalPending,
                checkpointPending);
        new Checkpoint(path, configYaml, agent.algorithm().yamlName(), spec.envName(), spec.obsDim(), spec.actionDim(),
                state, agent.state(), GitRevision.current(), Optional.of(link)).write(run.actionRepeat());
        saveGeneration = generation;
        for (Path older : BufferFile.allOf(path)) {
            if (!older.getFileName().equals(bufferFile.getFileName())) {
                Files.deleteIfExists(older);
            }
        }
        progress.message("checkpoint: " + path + " (step " + step + ", env step " + step * run.actionRepeat() + ")");
        return path;
    }

    /** Clears the directory (overwrite=true), removes stale temp files, writes config.yaml and resumed_from. */
    private void prepareDirectory() throws IOException {
        if (placement.kind() == RunPlacement.Kind.OVERWRITE) {
            RunFiles.deleteContents(dir.root());
        }
        dir.create();
        int stale = RunFiles.deleteStaleTemps(dir);
        if (stale > 0) {
            options.console().println("removed " + Plural.of(stale, "stale temporary file") + " ("
                    + AtomicFile.TEMP_SUFFIX + ", from a run killed while writing) in " + dir.root());
        }
        write(dir.configYaml(), configYaml);
        if (placement.resumedFrom().isPresent()) {
            write(dir.resumedFrom(), placement.resumedFrom().get() + " (step " + step + ")\n");
        }
    }

    private static void write(Path file, String text) throws IOException {
        AtomicFile.write(file, ch -> ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }

    private void restoreBuffer(Checkpoint ck, ProgressLine progress) {
        progress.message("resuming from " + ck.path() + " at step " + step + " (env step " + step * run.actionRepeat()
                + ", " + updates + " updates, " + episodesStarted + " episodes)");
        Path file = BufferFile.of(ck);
        if (Files.exists(file)) {
            try {
                buffer = BufferFile.read(file, step, ck.buffer(), env.spec().observation(), spec.actionDim(),
                        spec.bufferCapacity());
            } catch (CheckpointException e) {
                throw new CheckpointException(e.getMessage() + ". The checkpoint cannot resume with this buffer file."
                        + " To resume without the replay buffer (an empty buffer, no updates until it holds "
                        + refillTarget() + " transitions: not a bit-exact continuation), move " + file + " away");
            }
            progress.message("replay buffer: " + Plural.of(buffer.episodes(), "episode") + " ("
                    + Plural.of(buffer.transitions(), "transition") + ") from " + file);
            return;
        }
        refilling = true;
        progress.message("warning: no replay buffer file " + file + "; the run continues with an empty buffer and no"
                + " updates until it holds " + refillTarget() + " transitions again (not a bit-exact continuation)");
    }

    private long refillTarget() {
        return Math.min(spec.seedSteps(), spec.bufferCapacity());
    }

    @Override
    public void close() {
        agent.close();
    }
}
