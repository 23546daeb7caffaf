package org.mbrl4j.config;

import java.util.List;
import java.util.OptionalInt;

/**
 * Model-size presets ({@code model_size}), docs/tdmpc2.md#model-size-presets ({@code tdmpc2/common/__init__.py:
 * MODEL_SIZE}). The name is the approximate parameter count in millions for single-task state
 * observations. {@code num_q} is set only by the presets that set it in the reference (1 and 317).
 *
 * <p>{@code cpu} is mbrl4j's own preset for runs on the Java CPU backend (CI, laptops): encoder 2×64,
 * MLPs 128 wide, latent 64, two Q heads: about 0.18M parameters on Pendulum (obs 3, action 1), small enough to train
 * without a GPU.
 */
public enum ModelSize implements Choice {
    M1("1", 256, 384, 128, 2, OptionalInt.of(2)),
    M5("5", 256, 512, 512, 2, OptionalInt.empty()),
    M19("19", 1024, 1024, 768, 3, OptionalInt.empty()),
    M48("48", 1792, 1792, 768, 4, OptionalInt.empty()),
    M317("317", 4096, 4096, 1376, 5, OptionalInt.of(8)),
    CPU("cpu", 64, 128, 64, 2, OptionalInt.of(2));

    private final String yamlName;
    private final int encDim;
    private final int mlpDim;
    private final int latentDim;
    private final int numEncLayers;
    private final OptionalInt numQ;

    ModelSize(String yamlName, int encDim, int mlpDim, int latentDim, int numEncLayers, OptionalInt numQ) {
        this.yamlName = yamlName;
        this.encDim = encDim;
        this.mlpDim = mlpDim;
        this.latentDim = latentDim;
        this.numEncLayers = numEncLayers;
        this.numQ = numQ;
    }

    /**
     * The one step that applies {@code model_size}: a new config whose architecture carries the
     * preset's sizes, or {@code config} itself when no preset is set.
     */
    public static MbrlConfig apply(MbrlConfig config) {
        ModelConfig model = config.tdmpc2().model();
        ModelSize size = model.modelSize();
        return size == null ? config : config.withTdmpc2(config.tdmpc2().withModel(model.withPreset(size)));
    }

    /** The keys this preset sets. */
    public List<String> presetKeys() {
        return numQ.isPresent()
                ? List.of("num_enc_layers", "enc_dim", "mlp_dim", "latent_dim", "num_q")
                : List.of("num_enc_layers", "enc_dim", "mlp_dim", "latent_dim");
    }

    @Override
    public String yamlName() {
        return yamlName;
    }

    public int encDim() {
        return encDim;
    }

    public int mlpDim() {
        return mlpDim;
    }

    public int latentDim() {
        return latentDim;
    }

    public int numEncLayers() {
        return numEncLayers;
    }

    /** Empty where the preset leaves {@code num_q} as configured. */
    public OptionalInt numQ() {
        return numQ;
    }
}
