package org.mbrl4j.agent.planet;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.config.PlanetModelConfig;
import org.mbrl4j.nn.Parameters;
import org.mbrl4j.rng.Rng;

/**
 * PlaNet's world model (docs/planet.md#model): the conv {@link ConvEncoder}, the {@link RssmCell}, the
 * {@link ConvDecoder} and the {@link RewardHead}, their parameters in one registry named
 * {@code encoder.*}, {@code rssm.*}, {@code decoder.*}, {@code reward.*}, initialised from a Philox stream
 * of the run seed.
 */
public final class PlanetModel {
    /** The Philox stream of the initial parameter values: "pn-init" in ASCII. */
    static final long INIT_STREAM = 0x706E2D696E6974L;

    private final Parameters params;
    private final ConvEncoder encoder;
    private final RssmCell cell;
    private final ConvDecoder decoder;
    private final RewardHead reward;
    private final int actionDim;

    public PlanetModel(Backend backend, PlanetModelConfig config, int actionDim, long seed) {
        if (actionDim < 1) {
            throw new IllegalArgumentException("PlanetModel: actionDim=" + actionDim + " must be >= 1");
        }
        this.actionDim = actionDim;
        this.params = new Parameters(backend, new Rng(seed, INIT_STREAM));
        this.encoder = new ConvEncoder(params.scope("encoder"), config.cnnDepth());
        this.cell = new RssmCell(params.scope("rssm"), config.deterSize(), config.stochSize(), config.hiddenSize(),
                actionDim, encoder.embedSize(), (float) config.minStd());
        int features = config.deterSize() + config.stochSize();
        this.decoder = new ConvDecoder(params.scope("decoder"), features, config.cnnDepth());
        this.reward = new RewardHead(params.scope("reward"), features, config.rewardUnits(), config.rewardLayers());
    }

    ConvEncoder encoder() {
        return encoder;
    }

    RssmCell cell() {
        return cell;
    }

    ConvDecoder decoder() {
        return decoder;
    }

    RewardHead reward() {
        return reward;
    }

    public Parameters params() {
        return params;
    }

    public Backend backend() {
        return params.backend();
    }

    public int actionDim() {
        return actionDim;
    }

    /** S + D, the size of the features [s, h]. */
    public int featureSize() {
        return cell.stochSize() + cell.deterSize();
    }

    /** Parameter counts: encoder, RSSM, decoder, reward head. */
    public Map<String, Long> parameterCounts() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("encoder", params.count("encoder"));
        out.put("rssm", params.count("rssm"));
        out.put("decoder", params.count("decoder"));
        out.put("reward_head", params.count("reward"));
        return out;
    }
}
