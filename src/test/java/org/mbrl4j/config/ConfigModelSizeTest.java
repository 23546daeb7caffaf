package org.mbrl4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/tdmpc2.md#model-size-presets, plus mbrl4j's cpu preset. */
class ConfigModelSizeTest {
    private static MbrlConfig load(String... overrides) {
        return Config.load(Optional.empty(), List.of(overrides)).config();
    }

    @ParameterizedTest(name = "model_size={0}")
    @CsvSource({
        // size, enc_dim, mlp_dim, latent_dim, num_enc_layers, num_q (with num_q=3 configured)
        "1,   256,  384,  128,  2, 2",
        "5,   256,  512,  512,  2, 3",
        "19,  1024, 1024, 768,  3, 3",
        "48,  1792, 1792, 768,  4, 3",
        "317, 4096, 4096, 1376, 5, 8",
        "cpu, 64,   128,  64,   2, 2",
    })
    void presetsSetTheirSizes(String size, int enc, int mlp, int latent, int layers, int numQ) {
        var m = load("model_size=" + size, "num_q=3").tdmpc2().model();
        assertEquals(size, m.modelSize().yamlName());
        assertEquals(enc, m.encDim());
        assertEquals(mlp, m.mlpDim());
        assertEquals(latent, m.latentDim());
        assertEquals(layers, m.numEncLayers());
        assertEquals(numQ, m.numQ());
        assertEquals(101, m.numBins(), "keys outside the preset keep their values");
    }

    @Test
    void noPresetLeavesTheConfigUnchanged() {
        var c = load("enc_dim=100");
        assertSame(c, ModelSize.apply(c));
        assertEquals(100, c.tdmpc2().model().encDim());
    }

    @Test
    void applyReturnsANewRecordAndKeepsTheInput() {
        var raw = Config.loadDefault().config();
        var small = raw.withTdmpc2(raw.tdmpc2().withModel(
                new ModelConfig(ModelSize.CPU, 2, 256, 512, 512, 5, 0.01, 8, 101, -10, 10, -10, 2, 32)));
        var applied = ModelSize.apply(small);
        assertEquals(512, small.tdmpc2().model().latentDim());
        assertEquals(64, applied.tdmpc2().model().latentDim());
        assertEquals(small.run(), applied.run());
    }

    @Test
    void presetKeysAreMarkedAndUserValuesItReplacesAreWarned() {
        var loaded = Config.load(Optional.empty(), List.of("model_size=19", "enc_dim=128", "num_q=4"));
        assertEquals(Source.PRESET, loaded.sourceOf("enc_dim"));
        assertEquals(Source.PRESET, loaded.sourceOf("latent_dim"));
        assertEquals(Source.OVERRIDE, loaded.sourceOf("num_q"), "preset 19 does not set num_q");
        assertEquals(4, loaded.config().tdmpc2().model().numQ());
        assertEquals(1, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(loaded.warnings().getFirst().startsWith("enc_dim=128 (override) is replaced by the model_size=19 preset value 1024"));
    }

    @Test
    void presetKeysAreSchemaKeys() {
        for (ModelSize size : ModelSize.values()) {
            size.presetKeys().forEach(k -> assertTrue(ConfigSchema.key(k).isPresent(), k));
        }
    }
}
