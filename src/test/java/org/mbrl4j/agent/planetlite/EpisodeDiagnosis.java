package org.mbrl4j.agent.planetlite;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mbrl4j.agent.ActMode;
import org.mbrl4j.agent.Agent;
import org.mbrl4j.agent.RunSpec;
import org.mbrl4j.agent.factory.Agents;
import org.mbrl4j.agent.planner.CemScorer;
import org.mbrl4j.agent.planner.LatentRewardModel;
import org.mbrl4j.agent.planner.Planner;
import org.mbrl4j.agent.planner.PlannerSettings;
import org.mbrl4j.agent.planner.Rollout;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.config.LoadedConfig;
import org.mbrl4j.config.RunConfig;
import org.mbrl4j.config.WarmStart;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Observation;
import org.mbrl4j.env.Step;
import org.mbrl4j.nn.Mode;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.train.Checkpoint;
import org.mbrl4j.train.CheckpointConfig;
import org.mbrl4j.train.EpisodeSeeds;
import org.mbrl4j.train.TrainEnvs;

/**
 * A diagnosis tool, not a test (docs/planet-lite.md#diagnosis-seed-3-evaluation-episode-6). From a
 * PlaNet-lite Pendulum-v1 checkpoint and an evaluation episode index (0-based):
 * <ul>
 *   <li>{@code replay OUT_DIR [N K ITERS EVERY]}: replays the episode exactly as {@code mbrl eval} plays it
 *       on the CPU (eval batch 1: episode i plans from the agent's eval stream at (seed, step, first = i);
 *       every action is checked equal to the eval actor's) and writes OUT_DIR/steps.csv: per step the
 *       exact (θ, θ̇), the action and reward, the model's one-step and 12-step open-loop errors along the
 *       executed actions, the executed plan's score under the model and its true discounted return, and
 *       every EVERY steps the same for a larger CEM (N candidates, K elites, ITERS iterations);</li>
 *   <li>{@code closed MODEL H N K ITERS STREAM [CSV]}: the episode closed loop with a CEM of those settings
 *       over the learned or the true dynamics (MODEL {@code learned} or {@code true}), STREAM 0 being the
 *       eval actor's draws;</li>
 *   <li>{@code probe THETA THETADOT H N K ITERS}: from one state, the plans of the default and of a larger
 *       CEM over the learned and over the true dynamics, each scored under the model and truly;</li>
 *   <li>{@code trace THETA THETADOT A1 ...}: the model's and the true open loop along given actions;</li>
 *   <li>{@code buffer BUFFER_FILE CSV}: the model's one-step errors on every transition of a replay buffer
 *       file.</li>
 * </ul>
 * The true dynamics are {@link PlanetLiteTrueModelCemTest.TruePendulum}'s Pendulum-v1 step in double
 * precision (the replay checks its rewards against the env's). Run from the worktree after
 * {@code mvn -DskipTests package} (which compiles the test classes too):
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx8g -Dmbrl.cpu.threads=1 \
 *   -cp "target/test-classes:target/classes:target/lib/*" org.mbrl4j.agent.planetlite.EpisodeDiagnosis \
 *   CHECKPOINT EPISODE MODE ARGS...</pre>
 */
final class EpisodeDiagnosis {
    private static final int OPEN_LOOP = 12;

    private EpisodeDiagnosis() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: EpisodeDiagnosis CHECKPOINT EPISODE MODE ARGS...; modes:\n"
                    + "  replay OUT_DIR [N K ITERS EVERY]\n  closed learned|true H N K ITERS STREAM [CSV]\n"
                    + "  probe THETA THETADOT H N K ITERS\n  trace THETA THETADOT A1 ...\n  buffer BUFFER_FILE CSV");
            System.exit(2);
        }
        Path ckPath = Path.of(args[0]);
        int episode = Integer.parseInt(args[1]);
        Checkpoint ck = Checkpoint.read(ckPath);
        LoadedConfig loaded = CheckpointConfig.load(ck, List.of("device=cpu"));
        RunConfig run = loaded.config().run();
        Env env = TrainEnvs.make(run);
        RunSpec rs = RunSpec.of(run, env.spec());
        long step = ck.trainer().step();
        try (Backend be = new CpuBackend(); Agent agent = Agents.create(be, rs, loaded.config());
                Graph g = new Graph(be)) {
            ck.restoreInto(agent, rs);
            PlanetLiteAgent pl = (PlanetLiteAgent) agent;
            ModelPlanning planning = new ModelPlanning(pl.model());
            double discount = pl.spec().config().cem().discount();
            PlannerSettings ps = pl.spec().plannerSettings();
            long resetSeed = EpisodeSeeds.eval(run.seed(), episode);
            switch (args[2]) {
                case "replay" -> {
                    Path out = Path.of(args[3]);
                    Files.createDirectories(out);
                    int bigN = args.length == 8 ? Integer.parseInt(args[4]) : 10000;
                    int bigK = args.length == 8 ? Integer.parseInt(args[5]) : 1000;
                    int bigIters = args.length == 8 ? Integer.parseInt(args[6]) : 30;
                    int bigEvery = args.length == 8 ? Integer.parseInt(args[7]) : 5;
                    Planner planner = new Planner(ps, new CemScorer(planning, discount));
                    Rng rng = new Rng(run.seed(), PlanetLiteAgent.EVAL_STREAM + ((long) episode << 32), step << 32);
                    Trajectory tr = replay(g, planner, env, resetSeed, step, rng, pl.evalActor(1, step, episode)
                            .orElseThrow());
                    System.out.printf(Locale.ROOT, "episode %d: return %.4f (actions identical to the eval actor's)%n",
                            episode + 1, tr.totalReward());
                    Planner big = new Planner(settings(ps, ps.horizon(), bigN, bigK, bigIters),
                            new CemScorer(planning, discount));
                    write(out.resolve("steps.csv"), g, planning, big, tr, discount, step, bigEvery);
                }
                case "closed" -> {
                    LatentRewardModel model = args[3].equals("true")
                            ? new PlanetLiteTrueModelCemTest.TruePendulum(be) : planning;
                    PlannerSettings s = settings(ps, Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                            Integer.parseInt(args[6]), Integer.parseInt(args[7]));
                    Planner planner = new Planner(s, new CemScorer(model, discount));
                    long stream = Long.parseLong(args[8]);
                    Rng rng = stream == 0
                            ? new Rng(run.seed(), PlanetLiteAgent.EVAL_STREAM + ((long) episode << 32), step << 32)
                            : new Rng(run.seed(), 0x6469616700000000L + stream);
                    Trajectory tr = replay(g, planner, env, resetSeed, step, rng, null);
                    double[] last = tr.exact().getLast();
                    if (args.length > 9) {
                        writeTrajectory(Path.of(args[9]), tr);
                    }
                    System.out.printf(Locale.ROOT, "closed %s H=%s N=%s K=%s iters=%s stream=%d: return %.2f,"
                            + " final cos(theta) %.3f, steps to cos>0.95: %d%n", args[3], args[4], args[5], args[6],
                            args[7], stream, tr.totalReward(), Math.cos(last[0]), firstUpright(tr));
                }
                case "probe" -> probe(g, planning, be, discount, ps, step, args);
                case "trace" -> trace(g, planning, args);
                case "buffer" -> buffer(g, planning, Path.of(args[3]), Path.of(args[4]));
                default -> throw new IllegalArgumentException("mode " + args[2]
                        + ": must be replay, closed, probe, trace or buffer");
            }
        }
    }

    static PlannerSettings settings(PlannerSettings ps, int h, int n, int k, int iters) {
        return new PlannerSettings(h, ps.actionDim(), iters, n, k, ps.minStd(), ps.maxStd(), WarmStart.SHIFT, 0,
                ps.seed());
    }

    /** t, θ (wrapped to [-π, π)), θ̇, a, r of an episode. */
    static void writeTrajectory(Path csv, Trajectory tr) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("t,theta,thetadot,action,reward");
            for (int t = 0; t < tr.actions().size(); t++) {
                double[] x = tr.exact().get(t);
                w.println(t + "," + fmt(Math.atan2(Math.sin(x[0]), Math.cos(x[0]))) + "," + fmt(x[1]) + ","
                        + fmt(tr.actions().get(t)) + "," + fmt(tr.rewards().get(t)));
            }
        }
    }

    /** The first step at which cos θ > 0.95, or -1. */
    static int firstUpright(Trajectory tr) {
        for (int t = 0; t < tr.exact().size(); t++) {
            if (Math.cos(tr.exact().get(t)[0]) > 0.95) {
                return t;
            }
        }
        return -1;
    }

    /**
     * From (θ, θ̇): a CEM under the learned model and one under the true dynamics, each plan scored
     * under both; which plan the model prefers and which the true dynamics do.
     */
    static void probe(Graph g, ModelPlanning planning, Backend be, double discount, PlannerSettings ps, long step,
            String[] args) {
        double[] x = {Double.parseDouble(args[3]), Double.parseDouble(args[4])};
        float[] s = {(float) Math.cos(x[0]), (float) Math.sin(x[0]), (float) x[1]};
        PlannerSettings big = settings(ps, Integer.parseInt(args[5]), Integer.parseInt(args[6]),
                Integer.parseInt(args[7]), Integer.parseInt(args[8]));
        Rng rng = new Rng(1, 0x70726F6265L);
        var truth = new PlanetLiteTrueModelCemTest.TruePendulum(be);
        for (var entry : List.of(java.util.Map.entry("learned", (LatentRewardModel) planning),
                java.util.Map.entry("true", (LatentRewardModel) truth))) {
            for (PlannerSettings settings : List.of(settings(ps, big.horizon(), ps.numSamples(), ps.numElites(),
                    ps.iterations()), big)) {
                Planner planner = new Planner(settings, new CemScorer(entry.getValue(), discount));
                float[] plan = bigPlan(g, planner, s, step, rng);
                double modelScore = discounted(predict(g, planning, s, plan).rewards(), discount);
                System.out.printf(Locale.ROOT, "probe (%.4f, %.4f) CEM over the %s model H=%d N=%d K=%d iters=%d:"
                        + " learned-model score %.3f, true return %.3f, first actions %s%n", x[0], x[1],
                        entry.getKey(), settings.horizon(), settings.numSamples(), settings.numElites(),
                        settings.iterations(), modelScore, trueReturn(x, plan, discount), head(plan));
            }
        }
    }

    /** The model's and the true open-loop (θ, θ̇, r) from (θ, θ̇) along the given actions, step by step. */
    static void trace(Graph g, ModelPlanning planning, String[] args) {
        double th = Double.parseDouble(args[3]);
        double thd = Double.parseDouble(args[4]);
        float[] actions = new float[args.length - 5];
        for (int i = 0; i < actions.length; i++) {
            actions[i] = Float.parseFloat(args[5 + i]);
        }
        float[] s = {(float) Math.cos(th), (float) Math.sin(th), (float) thd};
        Prediction p = predict(g, planning, s, actions);
        System.out.println("k,action,true_theta,true_thetadot,true_reward,model_theta,model_thetadot,model_reward,model_norm");
        for (int k = 0; k < actions.length; k++) {
            double[] next = PlanetLiteTrueModelCemTest.TruePendulum.step(th, thd, actions[k]);
            float[] m = p.states()[k + 1];
            System.out.println((k + 1) + "," + fmt(actions[k]) + "," + fmt(Math.atan2(Math.sin(next[0]),
                    Math.cos(next[0]))) + "," + fmt(next[1]) + "," + fmt(next[2]) + "," + fmt(Math.atan2(m[1], m[0]))
                    + "," + fmt(m[2]) + "," + fmt(p.rewards()[k]) + "," + fmt(Math.hypot(m[0], m[1])));
            th = next[0];
            thd = next[1];
        }
    }

    /**
     * The model's one-step errors on every transition of a replay buffer file (the run's
     * {@code final.buffer.g1.safetensors}): t, episode, θ, θ̇, a, state error (L2), reward error.
     */
    static void buffer(Graph g, ModelPlanning planning, Path bufferFile, Path csv) throws IOException {
        var file = org.mbrl4j.io.SafeTensors.read(bufferFile);
        float[] obs = file.tensor("obs").floats();
        float[] act = file.tensor("action").floats();
        float[] rew = file.tensor("reward").floats();
        int[] lengths = file.tensor("episode_length").ints();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("episode,t,theta,thetadot,action,reward,state_err,reward_err");
            int row = 0;
            int transition = 0;
            for (int e = 0; e < lengths.length; e++) {
                for (int t = 0; t < lengths[e]; t++) {
                    float[] s = java.util.Arrays.copyOfRange(obs, (row + t) * 3, (row + t + 1) * 3);
                    float[] s1 = java.util.Arrays.copyOfRange(obs, (row + t + 1) * 3, (row + t + 2) * 3);
                    Prediction p = predict(g, planning, s, new float[] {act[transition]});
                    w.println(e + "," + t + "," + fmt(Math.atan2(s[1], s[0])) + "," + fmt(s[2]) + ","
                            + fmt(act[transition]) + "," + fmt(rew[transition]) + "," + fmt(dist(p.states()[1], s1))
                            + "," + fmt(p.rewards()[0] - rew[transition]));
                    transition++;
                }
                row += lengths[e] + 1;
            }
        }
    }

    static String head(float[] plan) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Math.min(plan.length, 12); i++) {
            b.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", plan[i]));
        }
        return b.append(plan.length > 12 ? " ...]" : "]").toString();
    }

    /** One episode: states (T+1, O), exact (θ, θ̇) (T+1, 2), actions, rewards, final plan means (T, H). */
    record Trajectory(List<float[]> obs, List<double[]> exact, List<Float> actions, List<Double> rewards,
            List<float[]> plans) {
        double totalReward() {
            return rewards.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** The eval actor's plan, step for step: mean 0, std init_std, EVAL mode, the episode's stream. */
    static Trajectory replay(Graph g, Planner planner, Env env, long resetSeed, long step, Rng rng,
            org.mbrl4j.agent.EvalActor actor) {
        Trajectory tr = new Trajectory(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        Observation obs = env.reset(resetSeed);
        Rng reset = new Rng(resetSeed, Env.RESET_STREAM);
        double th = -Math.PI + 2 * Math.PI * (double) reset.uniform();
        double thd = -1 + 2 * (double) reset.uniform();
        while (true) {
            float[] s = ((Observation.F32) obs).values();
            tr.obs().add(s);
            tr.exact().add(new double[] {th, thd});
            if (tr.actions().size() == 200) {
                return tr;
            }
            float[] mean;
            try {
                Tensor means = g.temp(1, planner.settings().horizon(), 1);
                planner.scorer().model().backend().fill(means, 0f);
                float a = planner.planEach(g, g.constant(s, 1, s.length), means, ActMode.EVAL, step, rng).get(0)
                        .action()[0];
                mean = planner.scorer().model().backend().toArray(means);
                if (a != mean[0]) {
                    throw new IllegalStateException("action " + a + " is not the final mean's first " + mean[0]);
                }
            } finally {
                g.reset();
            }
            if (actor != null && actor.act(new Observation[] {obs})[0][0] != mean[0]) {
                throw new IllegalStateException("step " + tr.actions().size() + ": the eval actor acts otherwise");
            }
            Step st = env.step(new float[] {mean[0]});
            double[] next = PlanetLiteTrueModelCemTest.TruePendulum.step(th, thd, mean[0]);
            if (Math.abs(next[2] - st.reward()) > 1e-9) {
                throw new IllegalStateException("shadow reward " + next[2] + " != env " + st.reward());
            }
            th = next[0];
            thd = next[1];
            tr.actions().add(mean[0]);
            tr.rewards().add(st.reward());
            tr.plans().add(mean);
            obs = st.observation();
        }
    }

    private static void write(Path csv, Graph g, ModelPlanning planning, Planner big, Trajectory tr, double discount,
            long step, int bigEvery) throws IOException {
        int n = tr.actions().size();
        int h = tr.plans().getFirst().length;
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv))) {
            w.println("t,theta,thetadot,action,reward,one_step_state_err,one_step_reward_err,ol12_state_err,"
                    + "ol12_pred_return,ol12_true_return,plan_model_score,plan_true_return,big_model_score,"
                    + "big_true_return,big_first_action");
            Rng bigRng = new Rng(1, 0x626967L);
            for (int t = 0; t < n; t++) {
                float[] s = tr.obs().get(t);
                double[] x = tr.exact().get(t);
                // one step along the executed action
                Prediction one = predict(g, planning, s, new float[] {tr.actions().get(t)});
                float[] s1 = tr.obs().get(t + 1);
                double stateErr = dist(one.states()[1], s1);
                double rewardErr = one.rewards()[0] - tr.rewards().get(t);
                // 12 steps open loop along the executed actions
                String ol = ",,";
                if (t + OPEN_LOOP <= n) {
                    float[] acts = new float[OPEN_LOOP];
                    double trueRet = 0;
                    for (int k = 0; k < OPEN_LOOP; k++) {
                        acts[k] = tr.actions().get(t + k);
                        trueRet += Math.pow(discount, k) * tr.rewards().get(t + k);
                    }
                    Prediction p = predict(g, planning, s, acts);
                    ol = fmt(dist(p.states()[OPEN_LOOP], tr.obs().get(t + OPEN_LOOP))) + ","
                            + fmt(discounted(p.rewards(), discount)) + "," + fmt(trueRet);
                }
                float[] plan = tr.plans().get(t);
                double planScore = discounted(predict(g, planning, s, plan).rewards(), discount);
                double planTrue = trueReturn(x, plan, discount);
                String bigCols = ",,";
                if (t % bigEvery == 0) {
                    float[] bp = bigPlan(g, big, s, step, bigRng);
                    bigCols = fmt(discounted(predict(g, planning, s, bp).rewards(), discount)) + ","
                            + fmt(trueReturn(x, bp, discount)) + "," + fmt(bp[0]);
                }
                w.println(t + "," + fmt(x[0]) + "," + fmt(x[1]) + "," + fmt(tr.actions().get(t)) + ","
                        + fmt(tr.rewards().get(t)) + "," + fmt(stateErr) + "," + fmt(rewardErr) + "," + ol + ","
                        + fmt(planScore) + "," + fmt(planTrue) + "," + bigCols);
                w.flush();
            }
        }
    }

    /** The final mean of a CEM under the same model with {@code big}'s settings. */
    static float[] bigPlan(Graph g, Planner big, float[] s, long step, Rng rng) {
        int h = big.settings().horizon();
        try {
            Tensor means = g.temp(1, h, 1);
            big.scorer().model().backend().fill(means, 0f);
            big.planEach(g, g.constant(s, 1, s.length), means, ActMode.EVAL, step, rng);
            return big.scorer().model().backend().toArray(means);
        } finally {
            g.reset();
        }
    }

    record Prediction(float[][] states, float[] rewards) {}

    /** The model's open-loop states (T+1, O) and rewards (T) from {@code s} along {@code actions}. */
    static Prediction predict(Graph g, LatentRewardModel model, float[] s, float[] actions) {
        int t = actions.length;
        int o = s.length;
        try (var noGrad = g.noGrad()) {
            Pass p = new Pass(g, Mode.EVAL, new Rng(0, 0));
            Rollout r = model.rollout(p, g.constant(s, o), g.constant(actions, 1, t, 1), null);
            float[] lat = model.backend().toArray(r.latents());
            float[] rew = model.backend().toArray(model.predictedRewards(p, r));
            float[][] states = new float[t + 1][];
            for (int k = 0; k <= t; k++) {
                states[k] = java.util.Arrays.copyOfRange(lat, k * o, (k + 1) * o);
            }
            return new Prediction(states, rew);
        } finally {
            g.reset();
        }
    }

    /** Σ_k γ^k r_k of {@code actions} run open loop in the true Pendulum-v1 from the exact (θ, θ̇). */
    static double trueReturn(double[] x, float[] actions, double discount) {
        double th = x[0];
        double thd = x[1];
        double ret = 0;
        for (int k = 0; k < actions.length; k++) {
            double[] next = PlanetLiteTrueModelCemTest.TruePendulum.step(th, thd, actions[k]);
            ret += Math.pow(discount, k) * next[2];
            th = next[0];
            thd = next[1];
        }
        return ret;
    }

    static double discounted(float[] rewards, double discount) {
        double ret = 0;
        for (int k = 0; k < rewards.length; k++) {
            ret += Math.pow(discount, k) * rewards[k];
        }
        return ret;
    }

    static double dist(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.5g", v);
    }
}
