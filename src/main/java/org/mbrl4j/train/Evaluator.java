package org.mbrl4j.train;

import java.util.function.Consumer;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;

/**
 * Runs evaluation episodes (docs/tdmpc2.md#evaluation): {@code episodes} whole episodes on its own env
 * instance, acting in {@link ActMode#EVAL}, episode i reset with {@link EpisodeSeeds#eval}(seed, i),
 * {@code agent.resetEpisode()} at each start. The training env and its episode are untouched.
 */
public final class Evaluator {
    private final Env env;
    private final long runSeed;
    private final int episodes;
    private final int actionRepeat;

    public Evaluator(Env env, long runSeed, int episodes, int actionRepeat) {
        if (episodes < 1) {
            throw new IllegalArgumentException("Evaluator: episodes must be >= 1, got " + episodes);
        }
        this.env = env;
        this.runSeed = runSeed;
        this.episodes = episodes;
        this.actionRepeat = actionRepeat;
    }

    /**
     * Evaluates {@code agent} at agent step {@code step}; {@code afterAct} runs after every act (the
     * trainer collects planner statistics there).
     */
    public EvalResult evaluate(Agent agent, long step, Runnable afterAct) {
        return evaluate(agent, step, afterAct, r -> {});
    }

    /** As {@link #evaluate(Agent, long, Runnable)}, reporting each episode's return as it ends. */
    public EvalResult evaluate(Agent agent, long step, Runnable afterAct, Consumer<Double> onEpisode) {
        double[] returns = new double[episodes];
        for (int i = 0; i < episodes; i++) {
            Observation obs = env.reset(EpisodeSeeds.eval(runSeed, i));
            agent.resetEpisode();
            double total = 0;
            Step s;
            do {
                float[] action = agent.act(obs, ActMode.EVAL, step);
                afterAct.run();
                s = env.step(action);
                total += s.reward();
                obs = s.observation();
            } while (!s.done());
            returns[i] = total;
            onEpisode.accept(total);
        }
        return new EvalResult(step, step * actionRepeat, returns);
    }
}
