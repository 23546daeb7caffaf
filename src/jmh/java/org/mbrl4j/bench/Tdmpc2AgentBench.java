package org.mbrl4j.bench;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Agent;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Spec;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.factory.Backends;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.buffer.EpisodeBuilder;
import org.mbrl4j.config.Choice;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.DeviceChoice;
import org.mbrl4j.config.MatmulPrecision;
import org.mbrl4j.config.MbrlConfig;
import org.mbrl4j.env.EnvSpec;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.env.Observation;
import org.mbrl4j.rng.Rng;
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
 * Host-visible latency of the TD-MPC2 agent on Pendulum-v1 (obs 3, action 1) or walker-like dimensions
 * (obs 24, action 6, the DMC walker tasks' sizes; {@code env=walker-dims}, random seed data): {@code act} is one
 * planning call (observation in, action out: encode + the planner of docs/planner.md#plan-algorithm, 6 iterations of 512
 * samples with 24 policy seeds, horizon 3) and {@code update} one gradient update (batch 256, horizon 3),
 * at the model preset given by {@code modelSize} on the backend given by {@code device} (cpu by default;
 * scripts/gpu-check.sh runs {@code -p device=cuda -p modelSize=5}). Run:
 * {@code ./mbrl bench Tdmpc2AgentBench -f 1 -wi 5 -i 10 -w 2s -r 2s}; the overhead of docs/multi-gamma.md#success-criterion:
 * {@code ./mbrl bench Tdmpc2AgentBench.update -p multiGamma=off,3,6}; cpu_fast_math off against on:
 * {@code ./mbrl bench Tdmpc2AgentBench -p modelSize=cpu -p env=pendulum -p fastMath=false,true}; the CPU planner's
 * candidate blocks: {@code ./mbrl bench Tdmpc2AgentBench.act -p rowBlock=off,auto,96}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class Tdmpc2AgentBench {
    private static final int SEED_EPISODES = 5;
    private static final int WALKER_OBS = 24;
    private static final int WALKER_ACTIONS = 6;

    /** cpu: the CPU preset; 5: the reference's default 5M model. */
    @Param({"cpu", "5"})
    public String modelSize;

    /** pendulum: Pendulum-v1 (obs 3, action 1); walker-dims: obs 24, action 6 with random seed episodes. */
    @Param({"pendulum", "walker-dims"})
    public String env;

    /**
     * Overhead (docs/multi-gamma.md#success-criterion): "off" (baseline), "3" (primary 0.975 plus 0.97, 0.995) or "6" (plus 0.9, 0.95,
     * 0.97, 0.99, 0.995), joint head; Pendulum's primary discount is 0.975.
     */
    @Param({"off"})
    public String multiGamma;

    /**
     * The CPU planner's candidate blocks (-Dmbrl.cpu.rowBlock): off (one batch, the default), auto (sized to
     * half of L2) or rows per block. Ignored off the CPU.
     */
    @Param({"off"})
    public String rowBlock;

    /** The device key: cpu, cuda or auto. */
    @Param({"cpu"})
    public String device;

    /** The execution key cpu_fast_math: float-lane side ops on the CPU backend (docs/cpu-fast-math.md). */
    @Param({"false"})
    public boolean fastMath;

    private Backend backend;

    private Tdmpc2Agent agent;
    private EpisodeBuffer buffer;
    private Rng sampler;
    private MbrlConfig config;
    private Observation obs;
    private long step;

    @Setup(Level.Trial)
    public void setup() {
        List<String> overrides = new java.util.ArrayList<>(List.of("model_size=" + modelSize));
        switch (multiGamma) {
            case "off" -> { }
            case "3" -> overrides.addAll(List.of("multi_gamma.enabled=true", "multi_gamma.gammas=[0.975,0.97,0.995]"));
            case "6" -> overrides.addAll(List.of("multi_gamma.enabled=true",
                    "multi_gamma.gammas=[0.975,0.9,0.95,0.97,0.99,0.995]"));
            default -> throw new IllegalArgumentException("multiGamma=" + multiGamma + ": allowed off, 3, 6");
        }
        System.setProperty("mbrl.cpu.rowBlock", rowBlock);
        config = Config.load(Optional.empty(), overrides).config();
        EnvSpec spec = switch (env) {
            case "pendulum" -> Envs.make("pendulum").spec();
            case "walker-dims" -> new EnvSpec("walker-dims", ObsSpec.vector(WALKER_OBS), WALKER_ACTIONS, 1000);
            default -> throw new IllegalArgumentException("env=" + env + ": allowed pendulum, walker-dims");
        };
        int a = spec.actionDim();
        backend = Backends.create(Choice.parse(DeviceChoice.class, device).orElseThrow(() -> new IllegalArgumentException(
                "device=" + device + ": allowed " + Choice.allowed(DeviceChoice.class))), MatmulPrecision.TF32, fastMath)
                .backend();
        agent = new Tdmpc2Agent(backend, Tdmpc2Spec.derive(RunSpec.of(config.run(), spec), config.tdmpc2()));
        buffer = new EpisodeBuffer(spec.observation(), a, 100_000);
        Rng actions = new Rng(1, 1);
        Rng data = new Rng(3, 3);
        for (int ep = 0; ep < SEED_EPISODES; ep++) {
            if (env.equals("pendulum")) {
                buffer.add(RandomEpisodes.episode(Envs.make("pendulum"), ep, actions));
                continue;
            }
            EpisodeBuilder b = new EpisodeBuilder(spec.observation(), a);
            b.start(randomObservation(data, spec.observationDim()));
            for (int t = 0; t < spec.maxEpisodeSteps(); t++) {
                float[] act = new float[a];
                for (int i = 0; i < a; i++) {
                    act[i] = actions.uniform(-1, 1);
                }
                b.add(act, data.uniform(0, 1), false, randomObservation(data, spec.observationDim()));
            }
            buffer.add(b.build());
        }
        obs = env.equals("pendulum") ? Envs.make("pendulum").reset(99) : randomObservation(data, spec.observationDim());
        sampler = new Rng(2, 2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        agent.close();
        backend.close();
    }

    private static Observation randomObservation(Rng rng, int dim) {
        float[] v = new float[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = rng.uniform(-1, 1);
        }
        return new Observation.F32(v);
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
