package org.mbrl4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The planet: block: nested keys with PlaNet's defaults, the cpu configs load, bad values name their key. */
class ConfigPlanetTest {

    @ParameterizedTest
    @ValueSource(strings = {"configs/planet-pendulum-rgb-cpu.yaml", "configs/planet-cartpole-rgb-cpu.yaml"})
    void theCpuConfigsLoadWithTheCpuPreset(String file) {
        MbrlConfig c = Config.load(Optional.of(Path.of(file)), List.of()).config();
        assertEquals(Algorithm.PLANET, c.run().algorithm());
        assertEquals(ObsType.RGB, c.run().obs());
        assertEquals(1, c.run().frameStack());
        assertEquals(16, c.planet().model().cnnDepth());
        assertEquals(200, c.planet().cem().candidates());
        assertEquals(200, c.planet().model().deterSize(), "the RSSM keeps PlaNet's sizes");
    }

    @Test
    void theDefaultsArePlanets() {
        PlanetConfig p = Config.loadDefault().config().planet();
        assertEquals(new PlanetModelConfig(200, 30, 200, 0.1, 32, 300, 3), p.model());
        assertEquals(new PlanetTrainingConfig(1e-3, 1e-4, 1000, 50, 50, 3, 1, 10, 5, 100), p.training());
        assertEquals(new PlanetCemConfig(12, 10, 1000, 100, 1e-3, 0.3), p.cem());
        assertTrue(ConfigSchema.key("planet.free_nats").isPresent());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            planet.elites=2000        | planet.elites=2000: must be <= planet.candidates=1000
            planet.image_bits=9       | planet.image_bits=9: must be in [1, 8]
            planet.deter_size=0       | planet.deter_size=0: must be >= 1
            planet.free_nats=-1       | planet.free_nats=-1.0: must be >= 0
            planet.cem_min_std=2      | planet.cem_min_std=2.0: must be in (0, 1]
            """)
    void rejectedValuesNameKeyValueAndRule(String override, String expected) {
        var e = assertThrows(ConfigException.class, () -> Config.load(Optional.empty(), List.of(override)));
        assertTrue(e.getMessage().contains(expected), "'" + expected + "' missing from:\n" + e.getMessage());
        assertEquals(override.substring(0, override.indexOf('=')), e.problems().getFirst().key());
    }
}
