package org.mbrl4j.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.planet.PlanetAgent;
import org.mbrl4j.agent.planet.PlanetSpec;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Observation;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.train.TrainEnvs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Host-visible latency of the PlaNet agent on Pendulum-v1 64×64 frames on the CPU backend, at the two
 * presets of docs/planet.md#presets: {@code planet} (the defaults: the paper's and the code's values,
 * 50 chunks of 50, CEM 1000 × 10) and {@code cpu} (configs/planet-pendulum-rgb-cpu.yaml, read from the
 * working directory: run from the repository root). {@code act} is one belief-filter step and one CEM
 * plan, {@code update} one model update on a batch from 5 random episodes. Single shots: an update at
 * the planet preset takes tens of seconds on a CPU. Run:
 * {@code ./mbrl bench PlanetAgentBench -jvmArgsAppend -Dmbrl.cpu.threads=1}; one preset:
 * {@code -p preset=cpu}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class PlanetAgentBench {
    private static final int SEED_EPISODES = 5;
    private static final Path CPU_PRESET = Path.of("configs/planet-pendulum-rgb-cpu.yaml");

    @Param({"cpu", "planet"})
    public String preset;

    /** {@code cpu_fast_math} (docs/cpu-fast-math.md): {@code -p fastMath=true} measures the float GRU gates. */
    @Param({"false"})
    public boolean fastMath;

    private PlanetAgent agent;
    private EpisodeBuffer buffer;
    private Rng sampler;
    private Observation obs;
    private long step;

    @Setup(Level.Trial)
    public void setup() {
        List<String> run = List.of("algorithm=planet", "device=cpu", "task=pendulum", "obs=rgb", "frame_stack=1",
                "action_repeat=2");
        MbrlConfig config = Config.load(preset.equals("cpu") ? Optional.of(CPU_PRESET) : Optional.empty(), run).config();
        Env env = TrainEnvs.make(config.run());
        agent = new PlanetAgent(new CpuBackend(fastMath), PlanetSpec.derive(RunSpec.of(config.run(), env.spec()),
                config.planet()));
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
