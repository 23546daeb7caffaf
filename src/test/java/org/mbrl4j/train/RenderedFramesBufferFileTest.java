package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.buffer.ObsArray;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.io.FileDType;
import org.mbrl4j.io.SafeTensors;
import org.mbrl4j.testing.TestRandom;

/**
 * Rendered frames of a run's env ({@link TrainEnvs} with obs=rgb: cart-pole, action repeat 8, 3 stacked
 * frames) go into the replay buffer and through its checkpoint file as bytes, and come back equal to
 * what the env returned.
 */
class RenderedFramesBufferFileTest {
    @TempDir
    Path dir;

    private final TestRandom rnd = new TestRandom();

    @Test
    void renderedFrameStacksRoundTripThroughTheBufferFileByteExact() throws Exception {
        RunConfig run = Config.load(java.util.Optional.empty(), List.of("task=cartpole-swingup", "obs=rgb",
                "action_repeat=8")).config().run();
        Env env = TrainEnvs.make(run);
        ObsSpec spec = env.spec().observation();
        assertEquals(ObsSpec.frame(9, 64, 64), spec);
        var buffer = new EpisodeBuffer(spec, 1, 10_000);
        var builder = new EpisodeBuilder(spec, 1);
        List<List<Observation>> seen = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            List<Observation> frames = new ArrayList<>();
            frames.add(env.reset(rnd.nextLong()));
            builder.start(frames.getFirst());
            Step s;
            do {
                float[] a = {(float) rnd.uniform(-1, 1)};
                s = env.step(a);
                frames.add(s.observation());
                builder.add(a, s.reward(), s.terminated(), s.observation());
            } while (!s.done());
            buffer.add(builder.build());
            seen.add(frames);
        }
        assertEquals(125, seen.getFirst().size() - 1, "1000 physics steps / action repeat 8");
        Path file = dir.resolve("frames.buffer.safetensors");
        BufferFile.write(file, buffer, 250, 1);
        assertEquals(FileDType.U8, SafeTensors.read(file).tensor("obs").dtype(), "stored as bytes");
        EpisodeBuffer back = BufferFile.read(file, 250, spec, 1, 10_000);
        for (int e = 0; e < 2; e++) {
            ObsArray obs = assertInstanceOf(ObsArray.U8.class, back.episode(e).obs());
            for (int t = 0; t < seen.get(e).size(); t++) {
                assertEquals(seen.get(e).get(t), obs.get(t), "episode " + e + ", step " + t + ", seed " + rnd.seed());
            }
        }
    }
}
