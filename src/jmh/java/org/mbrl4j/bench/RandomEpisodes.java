package org.mbrl4j.bench;

import org.mbrl4j.buffer.Episode;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;

/** The agent benches' replay data: whole env episodes acted with uniform random actions. */
final class RandomEpisodes {
    /** The capacity of {@link #buffer}'s replay buffer, in transitions. */
    static final int CAPACITY = 100_000;

    private RandomEpisodes() {}

    /** Episodes from resets 0 .. {@code episodes} − 1 of {@code env}, actions from stream (1, 1). */
    static EpisodeBuffer buffer(Env env, int episodes) {
        EpisodeBuffer buffer = new EpisodeBuffer(env.spec().observation(), env.spec().actionDim(), CAPACITY);
        Rng actions = new Rng(1, 1);
        for (int ep = 0; ep < episodes; ep++) {
            buffer.add(episode(env, ep, actions));
        }
        return buffer;
    }

    /** One episode of {@code env} from {@code reset(seed)} to its end, each action uniform in [−1, 1]^A. */
    static Episode episode(Env env, long seed, Rng actions) {
        int a = env.spec().actionDim();
        EpisodeBuilder b = new EpisodeBuilder(env.spec().observation(), a);
        b.start(env.reset(seed));
        Step s;
        do {
            float[] act = new float[a];
            for (int i = 0; i < a; i++) {
                act[i] = actions.uniform(-1, 1);
            }
            s = env.step(act);
            b.add(act, s.reward(), s.terminated(), s.observation());
        } while (!s.done());
        return b.build();
    }
}
