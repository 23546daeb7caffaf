package org.mbrl4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code algorithm: planet-lite} and its nested {@code planet_lite:} block: the notebook's values by
 * default, and every rejected value named with its key, the value and the rule or the allowed values.
 */
class ConfigPlanetLiteTest {

    @Test
    void theDefaultsAreTheNotebooks() {
        PlanetLiteConfig c = Config.load(Optional.empty(), List.of("algorithm=planet-lite")).config().planetLite();
        assertEquals(new PlanetLiteTrainingConfig(200, 1e-3, 32, 50, PlanetLiteLossTransitions.ALL, PlanetLiteNextState.ABSOLUTE, 100, 100),
                c.training());
        assertEquals(new PlanetLiteCemConfig(12, 1000, 100, 10, 0.99, 1.0, 1e-6), c.cem());
    }

    @Test
    void algorithmAcceptsPlanetLiteAndTheBlockIsNested() {
        LoadedConfig loaded = Config.load(Optional.empty(), List.of("algorithm=planet-lite",
                "planet_lite.candidates=500", "planet_lite.loss_transitions=first", "planet_lite.next_state=delta"));
        assertEquals(Algorithm.PLANET_LITE, loaded.config().run().algorithm());
        assertEquals(500, loaded.config().planetLite().cem().candidates());
        assertEquals(PlanetLiteLossTransitions.FIRST, loaded.config().planetLite().training().lossTransitions());
        assertEquals(PlanetLiteNextState.DELTA, loaded.config().planetLite().training().nextState());
        assertEquals(Source.OVERRIDE, loaded.sourceOf("planet_lite.candidates"));
        assertTrue(ConfigSchema.key("planet_lite.horizon").isPresent());
        assertTrue(ConfigSchema.key("horizon").isPresent(), "TD-MPC2's flat horizon is another key");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            planet_lite.elites=2000           | planet_lite.elites=2000: must be <= planet_lite.candidates=1000
            planet_lite.discount=1.5          | planet_lite.discount=1.5: must be in (0, 1]
            planet_lite.hidden_dim=0          | planet_lite.hidden_dim=0: must be >= 1
            planet_lite.lr=0                  | planet_lite.lr=0.0: must be > 0
            planet_lite.min_std=2             | planet_lite.min_std=2.0: must be <= planet_lite.init_std=1.0
            planet_lite.loss_transitions=some | planet_lite.loss_transitions=some: expected one of all|first
            planet_lite.next_state=diff       | planet_lite.next_state=diff: expected one of absolute|delta
            algorithm=plan                    | algorithm=plan: expected one of tdmpc2|planet-lite|planet
            """)
    void rejectedValuesNameKeyValueAndRule(String override, String expected) {
        var e = assertThrows(ConfigException.class, () -> Config.load(Optional.empty(), List.of(override)));
        assertTrue(e.getMessage().contains(expected), "'" + expected + "' missing from:\n" + e.getMessage());
        assertEquals(override.substring(0, override.indexOf('=')), e.problems().getFirst().key());
    }
}
