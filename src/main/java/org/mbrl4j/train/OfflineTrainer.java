package org.mbrl4j.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.BatchShape;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.agent.Divergence;
import org.mbrl4j.agent.EvalProbe;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.config.TrainerKind;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.io.AtomicFile;
import org.mbrl4j.rng.Rng;

/**
 * Offline training ({@code trainer=offline}, docs/training-features.md#offline-training): the update loop
 * over a fixed dataset ({@link DatasetFile}, checked against the env's observation and action sizes) with
 * periodic evaluation in the env, in the run directory, logs and checkpoints of {@link OnlineTrainer}.
 * {@code steps} counts iterations i = 0 .. steps − 1; iteration i:
 * <ol>
 *   <li>evaluates when i % eval_freq == 0 (i = 0: the untrained agent), from the agent's evaluation
 *       streams, so evaluations never change the training;</li>
 *   <li>saves checkpoints/latest when i &gt; 0 and i % checkpoint_every == 0;</li>
 *   <li>runs one update on a batch drawn from the dataset with the trainer's buffer stream, then
 *       policy_updates_per_step policy-only updates, each on its own batch;</li>
 *   <li>writes a train.csv row when i % log_every == 0.</li>
 * </ol>
 * At i = steps the final evaluation, then checkpoints/final. The agent never acts in training, so
 * {@code episode_reward} is NaN and seed_steps, buffer_size and utd (which must stay 1) do not apply. A
 * checkpoint is the agent's state, the iteration and the sampling stream's counter; the dataset is read
 * again from {@code dataset} on resume, so a resumed run continues bit for bit. A diverged run stops as an
 * online one does, with checkpoints/{@value OnlineTrainer#LAST_GOOD}.
 */
public final class OfflineTrainer implements AutoCloseable {
    private final LoadedConfig loaded;
    private final RunConfig run;
    private final RunSpec spec;
    private final Evaluator evaluator;
    private final Agent agent;
    private final UpdatePlan updatePlan;
    private final Optional<ResetSchedule> resets;
    private final EpisodeBuffer dataset;
    private final Optional<Validation> validation;
    private final Path datasetPath;
    private final RunPlacement placement;
    private final RunDirectory dir;
    private final OnlineTrainer.Options options;
    private final Optional<Checkpoint> resume;
    private final String backendName;
    private final String configYaml;
    private final Rng bufferRng;
    private final List<EvalResult> evals = new ArrayList<>();
    private final RunClock clock;
    private long step;
    private long updates;
    private double lastEvalReward;

    /**
     * Builds the env's spec, the agent and the evaluator and loads the dataset; with {@code resume}, checks
     * the checkpoint's architecture and restores the agent and the iteration.
     *
     * @throws ConfigException when trainer is not offline, utd is not 1, or the task is unknown
     * @throws CheckpointException for an unusable dataset (a wrong observation or action shape names both) or
     *     checkpoint
     */
    public OfflineTrainer(LoadedConfig loaded, Backend backend, Optional<Checkpoint> resume,
            OnlineTrainer.Options options) {
        MbrlConfig c = loaded.config();
        if (c.trainer().trainer() != TrainerKind.OFFLINE) {
            throw ConfigException.of("trainer", "trainer=" + c.trainer().trainer().yamlName()
                    + ": the offline trainer runs with trainer=offline");
        }
        if (c.trainer().utd() != 1.0) {
            throw ConfigException.of("utd", "utd=" + CsvLog.format(c.trainer().utd()) + ": offline there is no"
                    + " data to take per update (steps counts updates); set utd=1");
        }
        this.loaded = loaded;
        this.run = c.run();
        this.options = options;
        this.resume = resume;
        Env env = TrainEnvs.make(run);
        this.spec = RunSpec.of(run, env.spec());
        this.datasetPath = Path.of(c.trainer().dataset());
        EpisodeBuffer all = DatasetFile.read(datasetPath, env.spec().observation(), spec.actionDim());
        this.evaluator = new Evaluator(() -> TrainEnvs.make(run), run.seed(), run.evalEpisodes(), run.actionRepeat(),
                c.execution().evalBatchFor(backend.device(), run.evalEpisodes()));
        this.placement = RunPlacement.decide(run, resume.map(Checkpoint::path), LocalDateTime.now());
        this.dir = placement.dir();
        this.backendName = backend.describe();
        this.configYaml = ConfigYaml.render(c.withRun(run.withoutOverwrite()),
                "resolved config of the mbrl4j offline run in " + dir.root()
                + placement.resumedFrom().map(p -> "\nresumed from " + p).orElse(""));
        TrainerState s = TrainerState.initial();
        if (resume.isPresent()) {
            Checkpoint ck = resume.get();
            CheckpointConfig.requireSameArchitecture(ck, CheckpointConfig.load(ck, List.of()).config(), c);
            s = ck.trainer();
        }
        this.agent = Agents.create(backend, spec, c);
        resume.ifPresent(ck -> ck.restoreInto(agent, spec));
        this.updatePlan = new UpdatePlan(c.trainer(), agent);
        this.resets = ResetSchedule.of(c.trainer(), agent);
        this.validation = Validation.of(c.trainer(), agent, run.seed(), run.actionRepeat(), dir,
                env.spec().observation(), spec.actionDim(), Math.max(1, all.transitions()));
        this.dataset = validation.map(v -> v.split(all)).orElse(all);
        BatchShape shape = agent.batchShape();
        if (!dataset.canSample(shape.transitions())) {
            throw new CheckpointException(datasetPath, "no episode of the " + shape.transitions() + " transitions an"
                    + " update samples (" + Plural.of(dataset.episodes(), "episode") + ")");
        }
        this.bufferRng = new Rng(run.seed(), TrainerStreams.BUFFER, s.bufferCounter());
        this.step = s.step();
        this.updates = s.updates();
        this.lastEvalReward = s.lastEvalReward();
        this.clock = new RunClock(s.elapsedSeconds(), s.cpuSeconds());
    }

    public Agent agent() {
        return agent;
    }

    public RunDirectory directory() {
        return dir;
    }

    /**
     * Trains to {@code steps} iterations; returns what was done (episodes: 0).
     *
     * @throws DivergedException when the training diverged, after the last good checkpoint is written
     */
    public TrainResult run() throws IOException {
        PrintWriter out = options.console();
        if (resume.isPresent() && step >= run.steps()) {
            out.printf(Locale.ROOT, "nothing to train: %s is at iteration %d, and steps=%d; set steps above %d to"
                    + " train longer%n", resume.get().path(), step, run.steps(), step);
            out.flush();
            return new TrainResult(step, updates, 0, List.of(), dir, Optional.empty());
        }
        out.print(RunBanner.render(loaded, spec, agent.derivedValues(), agent.parameterCounts(), backendName, dir));
        out.println("offline: " + Plural.of(dataset.episodes(), "episode") + " (" + Plural.of(dataset.transitions(),
                "transition") + ") from " + datasetPath + validation.map(v -> ", " + Plural.of(v.heldOutEpisodes(),
                "more episode") + " held out for validation").orElse(""));
        updatePlan.describe().ifPresent(out::println);
        out.flush();
        prepareDirectory();
        if (resume.isPresent() && validation.isPresent()) {
            validation.get().resumeAt(step);
        }
        clock.start();
        var progress = new ProgressLine(out, options.interactive(), options.interactive() ? 1 : 10, System::nanoTime,
                step, run.steps(), new ProgressLine.Evaluations(this::evaluationsLeft,
                        (long) run.evalEpisodes() * spec.episodeLength()));
        String title = run.task() + " / " + run.expName() + " (offline) / seed " + run.seed();
        try (var logs = new TrainingLogs(dir, run.saveCsv(), run.actionRepeat(), title,
                agent.evalProbe().map(EvalProbe::fileName), resume.isPresent() ? step : -1, clock.wallSeconds(), progress);
                var validationLog = validation.orElse(null)) {
            try {
                loop(logs, progress);
                requireNotDiverged();
                evaluate(logs, progress);
            } catch (DivergedException e) {
                throw stopDiverged(e.divergence(), logs, progress);
            }
            logs.trainRow(step - 1, updates, Double.NaN, clock);
            Optional<Path> saved = run.saveAgent() ? Optional.of(save(RunDirectory.FINAL, progress)) : Optional.empty();
            progress.clear();
            out.printf(Locale.ROOT, "done: %d iterations, %s, %s in %s; last eval return %.2f%n", step,
                    Plural.of(updates, "update"), Plural.of(evals.size(), "evaluation"),
                    clock.thisPart(), lastEvalReward);
            out.println("logs: " + dir.root());
            out.flush();
            return new TrainResult(step, updates, 0, evals, dir, saved);
        }
    }

    private void loop(TrainingLogs logs, ProgressLine progress) throws IOException {
        boolean resumedHere = resume.isPresent(); // the checkpoint was taken after this iteration's evaluation
        BatchShape shape = agent.batchShape();
        while (step < run.steps()) {
            if (!resumedHere) {
                if (step % run.evalFreq() == 0) {
                    requireNotDiverged();
                    evaluate(logs, progress);
                }
                if (run.checkpointEvery() > 0 && step > 0 && step % run.checkpointEvery() == 0) {
                    requireNotDiverged();
                    save(RunDirectory.LATEST, progress);
                }
            }
            resumedHere = false;
            Map<String, Double> metrics = agent.update(dataset.sample(shape.batchSize(), shape.transitions(), bufferRng));
            updates++;
            logs.update(metrics);
            options.onUpdate().updated(step, metrics);
            for (int i = updatePlan.policyUpdatesAt(step, 0); i > 0; i--) {
                Map<String, Double> m = updatePlan.updatePolicy(
                        dataset.sample(shape.batchSize(), shape.transitions(), bufferRng));
                logs.update(m);
                options.onUpdate().updated(step, m);
            }
            if (resets.isPresent()) {
                resets.get().after(step, 0, logs, progress);
            }
            if (step % run.logEvery() == 0) {
                requireNotDiverged();
                logs.trainRow(step, updates, Double.NaN, clock);
            }
            progress.update(step, step * run.actionRepeat(), lastEvalReward, "");
            step++;
        }
    }

    private void evaluate(TrainingLogs logs, ProgressLine progress) throws IOException {
        long t0 = System.nanoTime();
        progress.evaluationStarted(run.evalEpisodes());
        EvalResult r = evaluator.evaluate(agent, step, new Evaluator.Listener() {
            private int done;

            @Override
            public void acted(int episode, ActInfo info) {
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
        });
        progress.evaluationEnded();
        if (validation.isPresent()) {
            validation.get().evaluated(step);
        }
        lastEvalReward = r.mean();
        evals.add(r);
        logs.evaluation(r, (System.nanoTime() - t0) / 1e9);
        Optional<EvalProbe> probe = agent.evalProbe();
        if (probe.isPresent() && dataset.canSample(probe.get().batchShape().transitions())) {
            BatchShape shape = probe.get().batchShape();
            Rng rng = TrainerStreams.snapshot(run.seed(), step);
            logs.probeRecord(probe.get().record(dataset.sample(shape.batchSize(), shape.transitions(), rng), rng), step);
        }
    }

    /** Evaluations not yet run (for the ETA): one per multiple of eval_freq in [step, steps), and the final one. */
    private int evaluationsLeft() {
        long later = step >= run.steps() ? 0
                : Math.floorDiv(run.steps() - 1, run.evalFreq()) - Math.floorDiv(step - 1, run.evalFreq());
        return Math.toIntExact(later + 1);
    }

    private void requireNotDiverged() {
        Optional<Divergence> d = agent.divergence();
        if (d.isPresent()) {
            throw new DivergedException(d.get());
        }
    }

    private DivergedException stopDiverged(Divergence d, TrainingLogs logs, ProgressLine progress) {
        String saved;
        try {
            logs.trainRow(step, updates, Double.NaN, clock);
            saved = run.saveAgent() ? "the last good state is saved in " + save(OnlineTrainer.LAST_GOOD, progress)
                    : "no checkpoint written (save_agent=false)";
        } catch (IOException e) {
            saved = "the last good state could not be saved: " + IoReason.of(e);
        }
        progress.clear();
        options.console().flush();
        return new DivergedException(d, String.format(Locale.ROOT, "offline training diverged at iteration %d: %s."
                + "%n  No optimizer step took that value; %s.%n  Likely keys to change: %s%n  Logs: %s", step,
                d.describe(), saved, String.join(", ", d.keys()), dir.root()));
    }

    /** Writes checkpoints/&lt;name&gt;: the agent, the iteration and the sampling counter (no buffer: the dataset). */
    private Path save(String name, ProgressLine progress) throws IOException {
        Path path = dir.checkpoint(name);
        var state = new TrainerState(step, 0, updates, 0, bufferRng.counter(), Double.NaN, lastEvalReward,
                clock.wallSeconds(), clock.cpuSeconds(), false, false);
        new Checkpoint(path, configYaml, agent.algorithm().yamlName(), spec.envName(), spec.obsDim(), spec.actionDim(),
                state, agent.state(), GitRevision.current(), Optional.empty()).write(run.actionRepeat());
        progress.message("checkpoint: " + path + " (iteration " + step + ")");
        return path;
    }

    private void prepareDirectory() throws IOException {
        try {
            if (placement.kind() == RunPlacement.Kind.OVERWRITE) {
                RunFiles.deleteContents(dir.root());
            }
            dir.create();
            RunFiles.deleteStaleTemps(dir);
            write(dir.configYaml(), configYaml);
            if (placement.resumedFrom().isPresent()) {
                write(dir.resumedFrom(), placement.resumedFrom().get() + " (iteration " + step + ")\n");
            }
        } catch (IOException e) {
            throw new TrainException("work_dir=" + run.workDirPath() + ": cannot write the run directory " + dir.root()
                    + ": " + IoReason.of(e));
        }
    }

    private static void write(Path file, String text) throws IOException {
        AtomicFile.write(file, ch -> ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void close() {
        agent.close();
    }
}
