package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mbrl4j.autograd.DistributionFn;
import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.LayoutFn;
import org.mbrl4j.autograd.LossFn;
import org.mbrl4j.autograd.PointwiseFn;
import org.mbrl4j.autograd.RandomFn;
import org.mbrl4j.autograd.ReduceFn;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.nn.Mlp;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.nn.StackedHeadsMlp;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * The TD-MPC2 world model (docs/tdmpc2.md#world-model): encoder h, latent dynamics d, reward head R, optional
 * termination head, policy prior π and an ensemble of Q heads with Polyak target copies. Method names
 * follow the paper: {@link #encode}, {@link #next}, {@link #reward}, {@link #pi}, {@link #q}.
 *
 * <p><b>Dynamics heads</b> (docs/planner.md#dynamics-heads). Head 0 is {@code dynamics}, the reference's single dynamics MLP,
 * trained exactly as the baseline. With {@code planner_num_dynamics_heads = D > 1}, heads 1..D-1 are
 * one stacked ensemble {@code dynamics_extra}. They are trained by {@link Tdmpc2Update} on one-step
 * consistency from <em>detached</em> encoder latents of the real observations
 * ({@code d_h(sg(h(o_t)), a_t) ≈ sg(h(o_{t+1}))}), so they learn the same transition from independent
 * initialisations while leaving the baseline's gradients untouched: with D = 1 training is
 * bit-identical to the reference algorithm, and with D > 1 their spread is an epistemic signal (they
 * agree where the data pins the transition down).
 *
 * <p><b>Pixel observations</b> (docs/pixels.md#encoder): built with {@link PixelEncoderDims}, the encoder is
 * the reference's conv encoder ({@link PixelEncoder}) instead of the MLP; every other component is the
 * same, and observations stay flat (..., Ch·Hp·Wp) tensors for every caller.
 *
 * <p>Shapes (docs/dims.md#legend): B batch, N rollouts, T horizon, L latent, A action, V bins, Q the Q heads,
 * D the dynamics heads.
 */
public final class WorldModel {
    public static final String ENCODER = "encoder";
    public static final String DYNAMICS = "dynamics";
    public static final String DYNAMICS_EXTRA = "dynamics_extra";
    public static final String REWARD = "reward";
    public static final String TERMINATION = "termination";
    public static final String PI = "pi";
    public static final String Q = "q";
    /** Philox streams of the initial weights (online and target registries). */
    static final long INIT_STREAM = 0x1000;

    private final ModelDims dims;
    private final Backend backend;
    /** lo + half of the policy's log-std bound (persistent: uploaded once, not per call). */
    private final Tensor logStdOffset;
    private final Parameters params;
    private final Parameters targetParams;
    /** The state encoder; null for pixel observations. */
    private final Mlp encoder;
    /** The pixel encoder; null for state observations. */
    private final PixelEncoder pixelEncoder;
    private final Mlp dynamics;
    /** Heads 1..D-1, stacked; null when D = 1. */
    private final Mlp dynamicsExtra;
    private final Mlp reward;
    /** Null unless episodic. */
    private final Mlp termination;
    private final Mlp pi;
    private final Mlp q;
    private final Mlp targetQ;
    /** Auxiliary heads of docs/multi-gamma.md#head-structure; null unless multi_gamma is enabled with more than one discount. */
    private final AuxValueHeads aux;

    public WorldModel(Backend backend, ModelDims dims, long seed) {
        this(backend, dims, null, seed);
    }

    /**
     * @param pixels the pixel encoder's sizes, or null for state observations (the MLP encoder); with
     *     pixels, {@code dims.obsDim()} must be their Ch·Hp·Wp
     */
    public WorldModel(Backend backend, ModelDims dims, PixelEncoderDims pixels, long seed) {
        if (pixels != null && pixels.obsDim() != dims.obsDim()) {
            throw new IllegalArgumentException("WorldModel: obsDim " + dims.obsDim() + " is not the pixel encoder's"
                    + " Ch·Hp·Wp = " + pixels.obsDim() + " (" + pixels + ")");
        }
        this.backend = backend;
        this.logStdOffset = backend.fromArray(new float[] {dims.logStdMin() + 0.5f * (dims.logStdMax() - dims.logStdMin())},
                1);
        this.dims = dims;
        this.params = new Parameters(backend, new Rng(seed, INIT_STREAM));
        int l = dims.latentDim();
        int za = l + dims.actionDim();
        int k = dims.bins().numBins();
        int sn = dims.simnormDim();
        encoder = pixels != null ? null : new Mlp(params.scope(ENCODER), dims.obsDim(), dims.encoderHidden(), l,
                Activation.SIMNORM, sn, 0f, false, 0);
        pixelEncoder = pixels == null ? null : new PixelEncoder(params.scope(ENCODER), pixels, l, sn);
        dynamics = new Mlp(params.scope(DYNAMICS), za, dims.mlpHidden(), l, Activation.SIMNORM, sn, 0f, false, 0);
        dynamicsExtra = dims.dynamicsHeads() > 1 ? new Mlp(params.scope(DYNAMICS_EXTRA), za, dims.mlpHidden(), l,
                Activation.SIMNORM, sn, 0f, false, dims.dynamicsHeads() - 1) : null;
        reward = new Mlp(params.scope(REWARD), za, dims.mlpHidden(), k, null, sn, 0f, true, 0);
        termination = dims.episodic() ? new Mlp(params.scope(TERMINATION), l, dims.mlpHidden(), 1, null, sn, 0f, false, 0)
                : null;
        pi = new Mlp(params.scope(PI), l, dims.mlpHidden(), 2 * dims.actionDim(), null, sn, 0f, false, 0);
        q = new Mlp(params.scope(Q), za, dims.mlpHidden(), k, null, sn, dims.dropout(), true, dims.numQ());
        aux = dims.auxGammas().isEmpty() ? null
                : new AuxValueHeads(params, l, k, dims.auxGammas(), dims.auxHead());
        targetParams = new Parameters(backend, new Rng(seed, INIT_STREAM + 1));
        targetQ = new Mlp(targetParams.scope(Q), za, dims.mlpHidden(), k, null, sn, dims.dropout(), true, dims.numQ());
        for (Map.Entry<String, Tensor> e : targetParams.asMap().entrySet()) {
            backend.copy(params.get(e.getKey()), e.getValue());
        }
    }

    public ModelDims dims() {
        return dims;
    }

    public Backend backend() {
        return backend;
    }

    /** Online parameters: encoder, dynamics(_extra), reward, termination, pi, q. */
    public Parameters params() {
        return params;
    }

    /** Target Q copies, named like the online Q ({@code q.*}). */
    public Parameters targetParams() {
        return targetParams;
    }

    /** Parameter counts per component, in build order. */
    public Map<String, Long> parameterCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String c : List.of(ENCODER, DYNAMICS, DYNAMICS_EXTRA, REWARD, TERMINATION, PI, Q, AuxValueHeads.PREFIX)) {
            long n = params.count(c);
            if (n > 0) {
                counts.put(c, n);
            }
        }
        return counts;
    }

    /** The auxiliary value heads of docs/multi-gamma.md#head-structure, or null when the feature builds none. */
    public AuxValueHeads aux() {
        return aux;
    }

    /** z = h(o): obs (..., O) → latent (..., L); for pixels O = Ch·Hp·Wp byte values as f32. */
    public Tensor encode(Pass p, Tensor obs) {
        return pixelEncoder != null ? pixelEncoder.forward(p, obs) : encoder.forward(p, obs);
    }

    /** The pixel encoder's sizes, or null when the model encodes state vectors. */
    public PixelEncoderDims pixels() {
        return pixelEncoder == null ? null : pixelEncoder.dims();
    }

    /** z' = d(z, a) with head 0: (..., L), (..., A) → (..., L). */
    public Tensor next(Pass p, Tensor z, Tensor a) {
        return dynamics.forward(p, LayoutFn.concat(p.graph(), -1, z, a));
    }

    /** Heads 1..D-1: z (D-1, M, L), a (M, A) shared by every head → (D-1, M, L). */
    public Tensor nextExtra(Pass p, Tensor z, Tensor a) {
        requireExtraHeads();
        int extra = dims.dynamicsHeads() - 1;
        Tensor a3 = p.graph().view(a, 1, a.dim(0), a.dim(1));
        Tensor[] copies = new Tensor[extra];
        java.util.Arrays.fill(copies, a3);
        Tensor aHeads = extra == 1 ? a3 : LayoutFn.concat(p.graph(), 0, copies);
        return dynamicsExtra.forward(p, LayoutFn.concat(p.graph(), -1, z, aHeads));
    }

    /** Extra heads each from their own copy of the same latent: z (M, L), a (M, A) → (D-1, M, L). */
    public Tensor nextExtraFrom(Pass p, Tensor z, Tensor a) {
        requireExtraHeads();
        return dynamicsExtra.forward(p, LayoutFn.concat(p.graph(), -1, z, a));
    }

    /**
     * A new stack of every dynamics head (head 0 first) for planning, one fused layer op per layer for
     * all heads; its owner refreshes it after the parameters move. Needs D > 1.
     */
    public StackedHeadsMlp stackedDynamics() {
        requireExtraHeads();
        return new StackedHeadsMlp(backend, dynamics, dynamicsExtra);
    }

    private void requireExtraHeads() {
        if (dynamicsExtra == null) {
            throw new IllegalStateException("the model has one dynamics head (planner_num_dynamics_heads=1)");
        }
    }

    /** Reward logits R(z, a): (..., V). */
    public Tensor reward(Pass p, Tensor z, Tensor a) {
        return reward.forward(p, LayoutFn.concat(p.graph(), -1, z, a));
    }

    /** Termination logit (..., 1); only for episodic models. */
    public Tensor terminationLogit(Pass p, Tensor z) {
        if (termination == null) {
            throw new IllegalStateException("termination head exists only with episodic=true");
        }
        return termination.forward(p, z);
    }

    public boolean episodic() {
        return termination != null;
    }

    /**
     * A reparameterized sample of π(·|z) (docs/tdmpc2.md#policy-prior): z (..., L); eps ~ N(0, I) drawn from
     * {@code epsKey}; log-std bounded to [log_std_min, log_std_max] by a scaled tanh.
     */
    public PolicySample pi(Pass p, Tensor z, PhiloxKey epsKey) {
        return policy(pi, p, z, epsKey);
    }

    /**
     * {@link #pi(Pass, Tensor, PhiloxKey)} with the normals given: eps (..., A), e.g. rows of a draw made for
     * more rows (the planner's blocked bootstrap); the same ops, so the same bits as drawing them here.
     */
    public PolicySample pi(Pass p, Tensor z, Tensor eps) {
        Graph g = p.graph();
        PolicyHead head = policyHead(pi, p, z);
        if (!java.util.Arrays.equals(eps.shape(), head.mean().shape())) {
            throw new IllegalArgumentException("pi: eps must have the action mean's shape "
                    + java.util.Arrays.toString(head.mean().shape()) + ", got " + java.util.Arrays.toString(eps.shape()));
        }
        return policySample(g, head, eps);
    }

    /** {@link #pi} with the network {@code net} of the policy's architecture (an EMA copy: {@link EmaTargets}). */
    PolicySample policy(Mlp net, Pass p, Tensor z, PhiloxKey epsKey) {
        PolicyHead head = policyHead(net, p, z);
        Tensor eps = RandomFn.normal(p.graph(), epsKey, 0f, 1f, head.mean().shape());
        return policySample(p.graph(), head, eps);
    }

    /** The policy network's mean and bounded log-std, each (..., A). */
    private record PolicyHead(Tensor mean, Tensor logStd) {}

    private PolicyHead policyHead(Mlp net, Pass p, Tensor z) {
        Graph g = p.graph();
        int a = dims.actionDim();
        List<Tensor> parts = LayoutFn.split(g, net.forward(p, z), -1, a, a);
        Tensor mean = parts.get(0);
        // log_std = lo + 0.5 (hi - lo) (tanh(raw) + 1) = tanh(raw) · half + (lo + half)
        float half = 0.5f * (dims.logStdMax() - dims.logStdMin());
        Tensor logStd = PointwiseFn.add(g, PointwiseFn.scale(g, PointwiseFn.tanh(g, parts.get(1)), half),
                logStdOffset);
        return new PolicyHead(mean, logStd);
    }

    /** The reparameterized sample from the head's mean and log-std with the normals eps. */
    private PolicySample policySample(Graph g, PolicyHead head, Tensor eps) {
        int a = dims.actionDim();
        Tensor mean = head.mean();
        Tensor logStd = head.logStd();
        Tensor u = DistributionFn.gaussianSample(g, mean, logStd, eps);
        Tensor lp = DistributionFn.gaussianLogProb(g, eps, logStd);
        DistributionFn.Squashed sq = DistributionFn.tanhSquash(g, u);
        return new PolicySample(sq.action(), PointwiseFn.tanh(g, mean), logStd, PointwiseFn.sub(g, lp, sq.logDet()),
                PointwiseFn.scale(g, lp, -a));
    }

    /** Q logits of every head: z (..., L), a (..., A) → (Q, M, V) with M the flattened leading dims. */
    public Tensor q(Pass p, Tensor z, Tensor a, QSet set) {
        Graph g = p.graph();
        Tensor za = LayoutFn.concat(g, -1, z, a);
        int m = Math.toIntExact(za.numel() / za.dim(-1));
        Tensor flat = g.view(za, m, za.dim(-1));
        return switch (set) {
            case ONLINE -> q.forward(p, flat);
            case DETACHED -> q.forward(p.detachParams(), flat);
            case TARGET -> {
                try (var s = g.noGrad()) {
                    yield targetQ.forward(p.withMode(org.mbrl4j.nn.Mode.EVAL), flat);
                }
            }
        };
    }

    /**
     * A scalar value from two distinct heads {@code pair} (tdmpc2's Q(..., return_type='min'|'avg')):
     * each head's logits decoded by two_hot_inv, then min or average → (M).
     */
    public Tensor qValue(Pass p, Tensor z, Tensor a, QSet set, QReduce reduce, int[] pair) {
        Graph g = p.graph();
        if (pair.length != 2 || pair[0] == pair[1]) {
            throw new IllegalArgumentException("qValue: pair must name two distinct heads, got "
                    + java.util.Arrays.toString(pair));
        }
        return qValue(p, z, a, set, reduce, g.constant(pair, 2));
    }

    /**
     * {@link #qValue(Pass, Tensor, Tensor, QSet, QReduce, int[])} with the pair as an I32 (2) tensor of
     * two distinct head indices (device memory a captured plan fills before each replay).
     */
    public Tensor qValue(Pass p, Tensor z, Tensor a, QSet set, QReduce reduce, Tensor pair) {
        Graph g = p.graph();
        Tensor logits = LayoutFn.indexSelect(g, q(p, z, a, set), 0, pair);
        Tensor values = LossFn.twoHotExpectation(g, logits, dims.bins()); // (2, M)
        if (reduce == QReduce.AVG) {
            return ReduceFn.mean(g, values, 0);
        }
        List<Tensor> v = LayoutFn.split(g, values, 0, 1, 1);
        Tensor first = g.view(v.get(0), values.dim(1));
        Tensor second = g.view(v.get(1), values.dim(1));
        // min(x, y) = x − relu(x − y)
        return PointwiseFn.sub(g, first, PointwiseFn.relu(g, PointwiseFn.sub(g, first, second)));
    }

    /** Two distinct Q heads drawn uniformly (randperm(num_q)[:2] in the reference). */
    public int[] randomPair(Rng rng) {
        int[] perm = rng.permutation(dims.numQ());
        return new int[] {perm[0], perm[1]};
    }

    /**
     * {@link #randomPair(Rng)} drawn on the device: the same Philox blocks (num_q − 1 of them, reserved from
     * {@code rng}) and the same Fisher-Yates, so every backend sees the host draw's pair; (I32, 2) in the arena.
     */
    public Tensor randomPair(Graph g, Rng rng) {
        int n = dims.numQ();
        Tensor pair = g.tempInt(2);
        // reserve(4 (n − 1)) takes n − 1 whole blocks, one per Fisher-Yates swap as Rng#permutation
        g.backend().random().permutationPrefix(rng.reserve(4L * (n - 1)), n, pair);
        return pair;
    }

    /** All online Q parameters and their target copies, pairwise (for Polyak averaging). */
    public List<Tensor> qParams() {
        return params.under(Q);
    }

    public List<Tensor> targetQParams() {
        List<Tensor> out = new ArrayList<>();
        for (String name : targetParams.asMap().keySet()) {
            out.add(targetParams.get(name));
        }
        return out;
    }
}
