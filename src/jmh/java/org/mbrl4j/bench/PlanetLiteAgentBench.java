package org.mbrl4j.bench;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.planetlite.PlanetLiteAgent;
import org.mbrl4j.agent.planetlite.PlanetLiteSpec;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.Observation;
import org.mbrl4j.rng.Rng;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host-visible latency of the PlaNet-lite agent on Pendulum-v1 (obs 3, action 1) at the notebook's
 * values on the CPU backend: {@code act} is one CEM plan (10 iterations of 1000 candidates rolled 12
 * steps through the 2x200 MLP, about 10 GFLOP) and {@code update} one model update (32 windows of 50
 * transitions). Run: {@code ./mbrl bench PlanetLiteAgentBench -f 1 -wi 3 -i 5 -w 5s -r 5s}; one CPU
 * thread: add {@code -jvmArgsAppend -Dmbrl.cpu.threads=1}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class PlanetLiteAgentBench {
    private static final int SEED_EPISODES = 5;

    private PlanetLiteAgent agent;
    private EpisodeBuffer buffer;
    private Rng sampler;
    private Observation obs;
    private long step;

    @Setup(Level.Trial)
    public void setup() {
        MbrlConfig config = Config.load(Optional.empty(), List.of("algorithm=planet-lite", "device=cpu")).config();
        Env env = Envs.make("pendulum");
        agent = new PlanetLiteAgent(new CpuBackend(), PlanetLiteSpec.derive(RunSpec.of(config.run(), env.spec()),
                config.planetLite()));
        buffer = RandomEpisodes.buffer(env, SEED_EPISODES);
        obs = env.reset(99);
        sampler = new Rng(2, 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        agent.close();
    }

    @Benchmark
    public float[] act() {
        return agent.act(obs, ActMode.TRAIN, step++);
    }

    @Benchmark
    public Object update() {
        return agent.update(buffer.sample(agent.batchShape().batchSize(), agent.batchShape().transitions(), sampler));
    }
}
