package org.mbrl4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.EvalActor;
import org.mbrl4j.agent.RecordedEpisode;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;

/**
 * Runs evaluation episodes (docs/tdmpc2.md#evaluation): {@code episodes} whole episodes, episode i on its
 * own env instance reset with {@link EpisodeSeeds#eval}(seed, i), acting in {@link ActMode#EVAL}. The
 * training env and its episode are untouched.
 *
 * <p>When the agent has an {@link EvalActor} (TD-MPC2), the episodes run in groups of {@code batch} side
 * by side: one batched act per env step for every episode of the group still running, the envs stepped
 * in episode order, and every draw from the group's own streams, seeded by (run seed, step, first
 * episode of the group), so evaluating moves no draw of training and the same checkpoint evaluates the
 * same (with batch 1, episode i's return does not depend on how many are evaluated). Otherwise the episodes run one after the other through
 * {@link Agent#act} with {@link Agent#resetEpisode()} at each start.
 *
 * <p>{@link #evaluate(Agent, long, Listener, boolean)} can also record episode 0 (its observations,
 * actions and rewards, for {@link org.mbrl4j.agent.EvalFigure}s and videos); recording only copies what
 * the episode produced, so the returns are the same with and without it.
 */
public final class Evaluator {

    /** What the caller sees of an evaluation as it runs. */
    public interface Listener {
        /** Episode {@code episode} acted once; {@code info} is what that act reported. */
        default void acted(int episode, ActInfo info) {}

        /** Episode {@code episode} ended with {@code episodeReturn}; {@code done} episodes have ended in all. */
        default void episodeEnded(int episode, double episodeReturn, int done) {}

        /** Episode {@code episode} was reset to {@code obs}. */
        default void started(int episode, Observation obs) {}

        /** Episode {@code episode} took {@code action} and the env answered {@code step}. */
        default void stepped(int episode, float[] action, Step step) {}
    }

    /**
     * An evaluation and, when asked for, its episode 0 as played.
     *
     * @param recorded episode 0; empty when recording was not asked for
     */
    public record Evaluation(EvalResult result, Optional<RecordedEpisode> recorded) {}

    private final Supplier<Env> envs;
    private final List<Env> made = new ArrayList<>();
    private final long runSeed;
    private final int episodes;
    private final int actionRepeat;
    private final int batch;

    /**
     * @param envs makes the env of one episode (called up to {@code batch} times; the envs are reused)
     * @param batch episodes planned together, in [1, episodes] ({@code ExecutionConfig.evalBatchFor})
     */
    public Evaluator(Supplier<Env> envs, long runSeed, int episodes, int actionRepeat, int batch) {
        if (episodes < 1) {
            throw new IllegalArgumentException("Evaluator: episodes must be >= 1, got " + episodes);
        }
        if (batch < 1 || batch > episodes) {
            throw new IllegalArgumentException("Evaluator: batch=" + batch + " must be in [1, episodes=" + episodes
                    + "]");
        }
        this.batch = batch;
        this.envs = envs;
        this.runSeed = runSeed;
        this.episodes = episodes;
        this.actionRepeat = actionRepeat;
    }

    /** Evaluates {@code agent} at agent step {@code step}. */
    public EvalResult evaluate(Agent agent, long step, Listener listener) {
        return evaluate(agent, step, listener, false).result();
    }

    /** Evaluates {@code agent} at agent step {@code step}, recording episode 0 when {@code record}. */
    public Evaluation evaluate(Agent agent, long step, Listener listener, boolean record) {
        EpisodeRecorder recorder = record ? new EpisodeRecorder() : null;
        double[] returns = new double[episodes];
        int done = 0;
        for (int first = 0; first < episodes; first += batch) {
            int n = Math.min(batch, episodes - first);
            Optional<EvalActor> actor = agent.evalActor(n, step, first);
            if (actor.isEmpty()) { // every episode one at a time, from episode 0
                recorder = record ? new EpisodeRecorder() : null;
                returns = oneByOne(agent, step, listener, recorder);
                break;
            }
            done = sideBySide(actor.get(), first, returns, done, listener, recorder);
        }
        return new Evaluation(new EvalResult(step, step * actionRepeat, returns),
                Optional.ofNullable(recorder).map(EpisodeRecorder::episode));
    }

    /** Episodes first.. of {@code actor} side by side; returns the episodes ended so far. */
    private int sideBySide(EvalActor actor, int first, double[] returns, int done, Listener listener,
            EpisodeRecorder recorder) {
        EpisodeRecorder episode0 = first == 0 ? recorder : null;
        try (actor) {
            int n = actor.episodes();
            Observation[] obs = new Observation[n];
            for (int i = 0; i < n; i++) {
                obs[i] = env(i).reset(EpisodeSeeds.eval(runSeed, first + i));
                listener.started(first + i, obs[i]);
            }
            if (episode0 != null) {
                episode0.start(obs[0]);
            }
            for (int running = n; running > 0;) {
                float[][] actions = actor.act(obs);
                for (int i = 0; i < n; i++) {
                    if (obs[i] == null) {
                        continue;
                    }
                    int e = first + i;
                    listener.acted(e, actor.lastActInfo(i));
                    Step s = env(i).step(actions[i]);
                    listener.stepped(e, actions[i], s);
                    returns[e] += s.reward();
                    obs[i] = s.observation();
                    if (episode0 != null && i == 0) {
                        episode0.add(actions[i], s);
                    }
                    if (s.done()) {
                        obs[i] = null;
                        running--;
                        listener.episodeEnded(e, returns[e], ++done);
                    }
                }
            }
            return done;
        }
    }

    private double[] oneByOne(Agent agent, long step, Listener listener, EpisodeRecorder recorder) {
        double[] returns = new double[episodes];
        Env env = env(0);
        for (int e = 0; e < episodes; e++) {
            Observation obs = env.reset(EpisodeSeeds.eval(runSeed, e));
            listener.started(e, obs);
            EpisodeRecorder episode0 = e == 0 ? recorder : null;
            if (episode0 != null) {
                episode0.start(obs);
            }
            agent.resetEpisode();
            Step s;
            do {
                float[] action = agent.act(obs, ActMode.EVAL, step);
                listener.acted(e, agent.lastActInfo());
                s = env.step(action);
                listener.stepped(e, action, s);
                returns[e] += s.reward();
                obs = s.observation();
                if (episode0 != null) {
                    episode0.add(action, s);
                }
            } while (!s.done());
            listener.episodeEnded(e, returns[e], e + 1);
        }
        return returns;
    }

    private Env env(int episode) {
        while (made.size() <= episode) {
            made.add(envs.get());
        }
        return made.get(episode);
    }

    /** Episode 0 as it is played: its observations, a copy of each action, and each reward. */
    private static final class EpisodeRecorder {
        private final List<Observation> observations = new ArrayList<>();
        private final List<float[]> actions = new ArrayList<>();
        private final List<Double> rewards = new ArrayList<>();

        void start(Observation first) {
            observations.add(first);
        }

        void add(float[] action, Step s) {
            actions.add(action.clone());
            rewards.add(s.reward());
            observations.add(s.observation());
        }

        RecordedEpisode episode() {
            float[] r = new float[rewards.size()];
            for (int t = 0; t < r.length; t++) {
                r[t] = rewards.get(t).floatValue();
            }
            return new RecordedEpisode(observations, actions, r);
        }
    }
}
