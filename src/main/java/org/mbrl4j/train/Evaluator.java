package org.mbrl4j.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.mbrl4j.agent.ActInfo;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.EvalActor;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;

/**
 * Runs evaluation episodes (docs/tdmpc2.md#evaluation): {@code episodes} whole episodes, episode i on its
 * own env instance reset with {@link EpisodeSeeds#eval}(seed, i), acting in {@link ActMode#EVAL}. The
 * training env and its episode are untouched.
 *
 * <p>When the agent has an {@link EvalActor} (TD-MPC2), all episodes run side by side: one batched act
 * per env step for every episode still running, the envs stepped in episode order, and every draw from
 * the actor's own streams, seeded by (run seed, step), so evaluating moves no draw of training and the
 * same checkpoint evaluates the same. Otherwise the episodes run one after the other through
 * {@link Agent#act} with {@link Agent#resetEpisode()} at each start.
 */
public final class Evaluator {

    /** What the caller sees of an evaluation as it runs. */
    public interface Listener {
        /** Episode {@code episode} acted once; {@code info} is what that act reported. */
        default void acted(int episode, ActInfo info) {}

        /** Episode {@code episode} ended with {@code episodeReturn}; {@code done} episodes have ended in all. */
        default void episodeEnded(int episode, double episodeReturn, int done) {}
    }

    private final Supplier<Env> envs;
    private final List<Env> made = new ArrayList<>();
    private final long runSeed;
    private final int episodes;
    private final int actionRepeat;

    /** @param envs makes the env of one episode (called up to {@code episodes} times; the envs are reused) */
    public Evaluator(Supplier<Env> envs, long runSeed, int episodes, int actionRepeat) {
        if (episodes < 1) {
            throw new IllegalArgumentException("Evaluator: episodes must be >= 1, got " + episodes);
        }
        this.envs = envs;
        this.runSeed = runSeed;
        this.episodes = episodes;
        this.actionRepeat = actionRepeat;
    }

    /** Evaluates {@code agent} at agent step {@code step}. */
    public EvalResult evaluate(Agent agent, long step, Listener listener) {
        Optional<EvalActor> actor = agent.evalActor(episodes, step);
        double[] returns = actor.isPresent() ? sideBySide(actor.get(), listener) : oneByOne(agent, step, listener);
        return new EvalResult(step, step * actionRepeat, returns);
    }

    private double[] sideBySide(EvalActor actor, Listener listener) {
        try (actor) {
            double[] returns = new double[episodes];
            Observation[] obs = new Observation[episodes];
            for (int e = 0; e < episodes; e++) {
                obs[e] = env(e).reset(EpisodeSeeds.eval(runSeed, e));
            }
            int done = 0;
            while (done < episodes) {
                float[][] actions = actor.act(obs);
                for (int e = 0; e < episodes; e++) {
                    if (obs[e] == null) {
                        continue;
                    }
                    listener.acted(e, actor.lastActInfo(e));
                    Step s = env(e).step(actions[e]);
                    returns[e] += s.reward();
                    obs[e] = s.observation();
                    if (s.done()) {
                        obs[e] = null;
                        listener.episodeEnded(e, returns[e], ++done);
                    }
                }
            }
            return returns;
        }
    }

    private double[] oneByOne(Agent agent, long step, Listener listener) {
        double[] returns = new double[episodes];
        Env env = env(0);
        for (int e = 0; e < episodes; e++) {
            Observation obs = env.reset(EpisodeSeeds.eval(runSeed, e));
            agent.resetEpisode();
            Step s;
            do {
                float[] action = agent.act(obs, ActMode.EVAL, step);
                listener.acted(e, agent.lastActInfo());
                s = env.step(action);
                returns[e] += s.reward();
                obs = s.observation();
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
}
