package org.mbrl4j.agent.planet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.train.PlanetResumeTest;
import org.mbrl4j.train.TrainEnvs;

/** A tiny PlaNet on Pendulum-v1 frames (action repeat 4: 50 agent steps per episode) and a replay buffer of random episodes. */
final class PlanetFixture {
    final MbrlConfig config;
    final Env env;
    final PlanetSpec spec;
    final EpisodeBuffer buffer;

    PlanetFixture(String... overrides) {
        List<String> o = new ArrayList<>(PlanetResumeTest.tiny());
        o.add("seed_steps=100");
        o.addAll(List.of(overrides));
        this.config = Config.load(Optional.empty(), o).config();
        this.env = TrainEnvs.make(config.run());
        RunSpec run = RunSpec.of(config.run(), env.spec());
        this.spec = PlanetSpec.derive(run, config.planet());
        this.buffer = new EpisodeBuffer(run.obs(), run.actionDim(), 10_000);
        Rng rng = new Rng(3, 9);
        for (int e = 0; e < 2; e++) {
            EpisodeBuilder b = new EpisodeBuilder(run.obs(), run.actionDim());
            b.start(env.reset(e));
            while (true) {
                float[] a = {rng.uniform(-1f, 1f)};
                Step s = env.step(a);
                b.add(a, s.reward(), s.terminated(), s.observation());
                if (s.done()) {
                    break;
                }
            }
            buffer.add(b.build());
        }
    }

    PlanetAgent agent(Backend be) {
        return new PlanetAgent(be, spec);
    }

    /** A batch of the agent's shape drawn from the stream (seed 1, stream n). */
    Batch batch(PlanetAgent agent, long n) {
        return buffer.sample(agent.batchShape().batchSize(), agent.batchShape().transitions(), new Rng(1, n));
    }

    Observation frame(int episode) {
        return env.reset(100 + episode);
    }
}
