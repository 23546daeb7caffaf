package org.mbrl4j.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A model-size preset that the caller picks for the user ({@code mbrl train} and {@code mbrl config}
 * pick {@link ModelSize#CPU} on the CPU backend), applied under the rule documented in
 * configs/default.yaml: it applies only while {@code model_size} is unset, and then only to the size
 * keys ({@link ModelSize#presetKeys()}) that no file or override set. A value the user wrote is never
 * replaced; the keys left alone get the preset's value (source {@link Source#PRESET}) and
 * {@code model_size} stays null, so the saved config replays the same sizes on any backend.
 */
public final class AutomaticModelSize {
    private AutomaticModelSize() {}

    /**
     * @param loaded the config as loaded
     * @param preset the preset the caller chose
     * @param filled the size keys that took the preset's value, in {@link ModelSize#presetKeys()} order
     * @param kept   the size keys that kept the value a file or override set
     */
    public record Result(LoadedConfig loaded, ModelSize preset, List<String> filled, List<String> kept) {
        public Result {
            filled = List.copyOf(filled);
            kept = List.copyOf(kept);
        }
    }

    /**
     * {@code preset} for the size keys nobody set; nothing when {@code model_size} is set (by a file,
     * an override, or to {@code null} explicitly).
     *
     * @throws ConfigException when a kept value breaks a rule with the preset's values (simnorm_dim
     *     must divide latent_dim)
     */
    public static Result apply(LoadedConfig loaded, ModelSize preset) {
        if (loaded.sourceOf("model_size") != Source.DEFAULT || loaded.config().tdmpc2().model().modelSize() != null) {
            return new Result(loaded, preset, List.of(), List.of());
        }
        var filled = new ArrayList<String>();
        var kept = new ArrayList<String>();
        for (String key : preset.presetKeys()) {
            (loaded.sourceOf(key) == Source.DEFAULT ? filled : kept).add(key);
        }
        ModelConfig m = loaded.config().tdmpc2().model();
        var model = new ModelConfig(null,
                filled.contains("num_enc_layers") ? preset.numEncLayers() : m.numEncLayers(),
                filled.contains("enc_dim") ? preset.encDim() : m.encDim(),
                filled.contains("mlp_dim") ? preset.mlpDim() : m.mlpDim(),
                filled.contains("latent_dim") ? preset.latentDim() : m.latentDim(),
                filled.contains("num_q") ? preset.numQ().orElseThrow() : m.numQ(),
                m.dropout(), m.simnormDim(), m.numBins(), m.vmin(), m.vmax(), m.logStdMin(), m.logStdMax(),
                m.numChannels());
        MbrlConfig config = loaded.config().withTdmpc2(loaded.config().tdmpc2().withModel(model));
        List<LoadedConfig.Entry> entries = loaded.entries().stream()
                .map(e -> filled.contains(e.key()) ? new LoadedConfig.Entry(e.key(),
                        Values.format(ConfigSchema.key(e.key()).orElseThrow().valueIn(config)), Source.PRESET) : e)
                .toList();
        return new Result(new LoadedConfig(config, entries, loaded.warnings(), loaded.file(), loaded.overrides()),
                preset, filled, kept);
    }
}
