package org.mbrl4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The automatic preset sizes only the size keys nobody set, and nothing once model_size is set. */
class AutomaticModelSizeTest {
    private static AutomaticModelSize.Result cpu(String... overrides) {
        return AutomaticModelSize.apply(Config.load(Optional.empty(), List.of(overrides)), ModelSize.CPU);
    }

    @Test
    void fillsTheUnsetSizesAndKeepsTheSetOnes() {
        var r = cpu("mlp_dim=256");
        ModelConfig m = r.loaded().config().tdmpc2().model();
        assertEquals(List.of(2, 64, 256, 64, 2), List.of(m.numEncLayers(), m.encDim(), m.mlpDim(), m.latentDim(),
                m.numQ()));
        assertNull(m.modelSize(), "a partial preset is no named preset: the saved config replays the sizes");
        assertEquals(List.of("num_enc_layers", "enc_dim", "latent_dim", "num_q"), r.filled());
        assertEquals(List.of("mlp_dim"), r.kept());
        assertEquals(Source.PRESET, r.loaded().sourceOf("enc_dim"));
        assertEquals(Source.OVERRIDE, r.loaded().sourceOf("mlp_dim"));
        assertTrue(r.loaded().entries().contains(new LoadedConfig.Entry("latent_dim", "64", Source.PRESET)));
    }

    @Test
    void withNothingSetItIsTheWholePreset() {
        ModelConfig m = cpu().loaded().config().tdmpc2().model();
        ModelConfig preset = Config.load(Optional.empty(), List.of("model_size=cpu")).config().tdmpc2().model();
        assertEquals(List.of(preset.numEncLayers(), preset.encDim(), preset.mlpDim(), preset.latentDim(), preset.numQ()),
                List.of(m.numEncLayers(), m.encDim(), m.mlpDim(), m.latentDim(), m.numQ()));
    }

    @Test
    void aModelSizeSetByTheUserTurnsItOff() {
        for (String set : List.of("model_size=null", "model_size=1")) {
            var loaded = Config.load(Optional.empty(), List.of(set));
            var r = AutomaticModelSize.apply(loaded, ModelSize.CPU);
            assertSame(loaded, r.loaded(), set);
            assertTrue(r.filled().isEmpty() && r.kept().isEmpty(), set);
        }
    }

    @Test
    void aKeptValueThatBreaksARuleWithThePresetIsAConfigError() {
        var e = assertThrows(ConfigException.class, () -> cpu("simnorm_dim=128"));
        assertTrue(e.getMessage().contains("simnorm_dim=128: must divide latent_dim=64"), e.getMessage());
    }
}
