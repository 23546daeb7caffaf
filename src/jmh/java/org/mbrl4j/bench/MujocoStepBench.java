package org.mbrl4j.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.FrameSource;
import org.mbrl4j.env.Step;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Control steps per second of every MuJoCo task ({@code dmc-*}, action repeat 1, uniform random
 * actions, a reset every 1,000 steps), without and with one 64×64 frame rendered per step (OSMesa on
 * a machine without a GPU). A control step is the task's physics steps per control step (1 to 10) in
 * one shim call; the counters {@code physicsSteps} and {@code cpuNanos} (this thread's CPU time, the
 * figure to trust on a loaded machine) give physics steps per CPU second. results/mujoco-speed/ holds
 * the table and the command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class MujocoStepBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int ACTIONS = 4096;
    private static final int FRAME_SIZE = 64;
    /** How often (in control steps) {@link #step} brings the counters up to date: reading the CPU clock costs about 1 µs. */
    private static final int SAMPLE_EVERY = 64;

    @Param({"dmc-cartpole-balance", "dmc-cartpole-swingup", "dmc-pendulum-swingup", "dmc-reacher-easy",
        "dmc-reacher-hard", "dmc-cheetah-run", "dmc-walker-stand", "dmc-walker-walk", "dmc-walker-run",
        "dmc-hopper-stand", "dmc-hopper-hop", "dmc-finger-spin", "dmc-cup-catch"})
    public String task;

    private Env env;
    private FrameSource frames;
    private float[][] actions;
    private int next;
    private long seed;
    private int physicsPerControl;

    /** Per-iteration totals JMH reports beside the throughput. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counters {
        public long physicsSteps;
        public long cpuNanos;
        private long controlSteps;
        private long cpuAtStart;

        @Setup(Level.Iteration)
        public void start() {
            physicsSteps = 0;
            cpuNanos = 0;
            controlSteps = 0;
            cpuAtStart = THREADS.getCurrentThreadCpuTime();
        }

        void count(int physicsPerControl, int sampleEvery) {
            if (++controlSteps % sampleEvery == 0) {
                physicsSteps = controlSteps * physicsPerControl;
                cpuNanos = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
            }
        }
    }

    @Setup(Level.Trial)
    public void setup() {
        env = Envs.make(task);
        frames = (FrameSource) env;
        int dim = env.spec().actionDim();
        SplittableRandom rnd = new SplittableRandom(20261207);
        actions = new float[ACTIONS][dim];
        for (float[] a : actions) {
            for (int i = 0; i < dim; i++) {
                a[i] = (float) rnd.nextDouble(-1, 1);
            }
        }
        physicsPerControl = physicsStepsPerControl(task);
        env.reset(seed++);
        frames.frame(FRAME_SIZE);
    }

    @Benchmark
    public Step step(Counters counters) {
        Step s = advance();
        counters.count(physicsPerControl, SAMPLE_EVERY);
        return s;
    }

    /** A frame costs milliseconds: the counters are brought up to date every step. */
    @Benchmark
    public byte[] stepAndRender64(Counters counters) {
        advance();
        byte[] frame = frames.frame(FRAME_SIZE);
        counters.count(physicsPerControl, 1);
        return frame;
    }

    private Step advance() {
        Step s = env.step(actions[next++ & (ACTIONS - 1)]);
        if (s.done()) {
            env.reset(seed++);
        }
        return s;
    }

    /** From the task table (ecosystem-facts D.6; cup-catch: 0.02 s / 0.002 s). */
    static int physicsStepsPerControl(String task) {
        return switch (task) {
            case "dmc-walker-stand", "dmc-walker-walk", "dmc-walker-run", "dmc-cup-catch" -> 10;
            case "dmc-hopper-stand", "dmc-hopper-hop" -> 4;
            case "dmc-finger-spin" -> 2;
            default -> 1;
        };
    }
}
