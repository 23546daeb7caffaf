package org.mbrl4j.agent.tdmpc2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mbrl4j.backend.Activation;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.TrainingConfig;
import org.mbrl4j.nn.Mlp;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.nn.Pass;
import org.mbrl4j.nn.Polyak;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * EMA targets of the encoder and the policy (docs/training-features.md#ema-targets), each optional: copies of
 * the online modules (same architecture and parameter names, {@code encoder.*} and {@code pi.*}) that start
 * equal to them and after every update follow θ̄ ← θ̄ + τ·(θ − θ̄), τ = ema_encoder_tau or ema_policy_tau. The
 * target encoder encodes the next observations of the consistency and TD targets, the target policy draws the
 * TD target's next action. Their initial draws (overwritten by the copy) come from stream {@value #INIT_STREAM}.
 */
final class EmaTargets {
    static final long INIT_STREAM = 0x1010;

    private final WorldModel model;
    private final Parameters params;
    private final Mlp encoder;
    private final PixelEncoder pixelEncoder;
    private final Mlp pi;
    private final List<Polyak> updates = new ArrayList<>();

    /** The targets {@code cfg} asks for, or null when it asks for none. */
    static EmaTargets of(WorldModel model, TrainingConfig cfg, long seed) {
        return cfg.emaEncoderTau() > 0 || cfg.emaPolicyTau() > 0 ? new EmaTargets(model, cfg, seed) : null;
    }

    private EmaTargets(WorldModel model, TrainingConfig cfg, long seed) {
        this.model = model;
        Backend be = model.backend();
        ModelDims dims = model.dims();
        this.params = new Parameters(be, new Rng(seed, INIT_STREAM));
        int l = dims.latentDim();
        int sn = dims.simnormDim();
        boolean enc = cfg.emaEncoderTau() > 0;
        encoder = enc && model.pixels() == null ? new Mlp(params.scope(WorldModel.ENCODER), dims.obsDim(),
                dims.encoderHidden(), l, Activation.SIMNORM, sn, 0f, false, 0) : null;
        pixelEncoder = enc && model.pixels() != null ? new PixelEncoder(params.scope(WorldModel.ENCODER),
                model.pixels(), l, sn) : null;
        pi = cfg.emaPolicyTau() > 0 ? new Mlp(params.scope(WorldModel.PI), l, dims.mlpHidden(), 2 * dims.actionDim(),
                null, sn, 0f, false, 0) : null;
        for (Map.Entry<String, Tensor> e : params.asMap().entrySet()) {
            be.copy(model.params().get(e.getKey()), e.getValue());
        }
        if (enc) {
            updates.add(polyak(WorldModel.ENCODER, cfg.emaEncoderTau()));
        }
        if (pi != null) {
            updates.add(polyak(WorldModel.PI, cfg.emaPolicyTau()));
        }
    }

    private Polyak polyak(String component, double tau) {
        return new Polyak(model.backend(), params.under(component), model.params().under(component), (float) tau);
    }

    /** Whether the next observations are encoded by the target encoder. */
    boolean encodes() {
        return encoder != null || pixelEncoder != null;
    }

    /** h̄(o): the target encoder's latent; call inside a no-grad scope. */
    Tensor encode(Pass p, Tensor obs) {
        return pixelEncoder != null ? pixelEncoder.forward(p, obs) : encoder.forward(p, obs);
    }

    /** A sample of π̄(·|z), the target policy when there is one, else the online policy. */
    PolicySample pi(Pass p, Tensor z, PhiloxKey epsKey) {
        return pi != null ? model.policy(pi, p, z, epsKey) : model.pi(p, z, epsKey);
    }

    /** θ̄ ← θ̄ + τ·(θ − θ̄) for each target, after an update's optimizer steps. */
    void update() {
        updates.forEach(Polyak::update);
    }

    /** The target parameters by name ({@code encoder.*}, {@code pi.*}), for checkpoints. */
    Map<String, Tensor> params() {
        return params.asMap();
    }
}
