package org.mbrl4j.testing;

import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;

/** Replay data for agent tests: whole Pendulum-v1 episodes of uniform random actions. */
public final class PendulumData {
    private PendulumData() {}

    public static final int OBS_DIM = 3;
    public static final int ACTION_DIM = 1;

    public static EpisodeBuffer randomEpisodes(TestRandom rnd, int episodes) {
        Env env = Envs.make("pendulum");
        EpisodeBuffer buffer = new EpisodeBuffer(ObsSpec.vector(OBS_DIM), ACTION_DIM, 100_000);
        Rng actions = new Rng(rnd.nextLong(), 1);
        for (int ep = 0; ep < episodes; ep++) {
            EpisodeBuilder b = new EpisodeBuilder(ObsSpec.vector(OBS_DIM), ACTION_DIM);
            b.start(env.reset(rnd.nextLong()));
            Step st;
            do {
                float[] a = {actions.uniform(-1, 1)};
                st = env.step(a);
                b.add(a, st.reward(), st.terminated(), st.observation());
            } while (!st.done());
            buffer.add(b.build());
        }
        return buffer;
    }
}
