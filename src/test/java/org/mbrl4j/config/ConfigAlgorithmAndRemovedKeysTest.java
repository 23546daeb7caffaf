package org.mbrl4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The run block's algorithm and observation keys, and the keys removed because nothing used them:
 * each rejection names the key, the value and what is allowed or what replaces it.
 */
class ConfigAlgorithmAndRemovedKeysTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            algorithm=nope    | algorithm=nope: expected one of tdmpc2
            obs=pixels        | obs=pixels: expected one of state
            frame_stack=0     | frame_stack=0: must be >= 1
            num_pi_trajs=4    | num_pi_trajs=4: removed; the planner adds planner_num_seed_policy_trajectories policy trajectories
            temperature=0.5   | temperature=0.5: removed; the planner divides scores by planner_temperature_train and planner_temperature_eval
            temperature=0.5   | (the reference's 0.5 equals planner_temperature_train=2.0 planner_temperature_eval=2.0)
            temperature=0.25  | (the reference's 0.25 equals planner_temperature_train=4.0 planner_temperature_eval=4.0)
            num_channels=0    | num_channels=0: must be >= 1
            """)
    void rejectedValuesNameKeyValueAndWhatToDo(String override, String expected) {
        var e = assertThrows(ConfigException.class, () -> Config.load(Optional.empty(), List.of(override)));
        assertTrue(e.getMessage().contains(expected), "'" + expected + "' missing from:\n" + e.getMessage());
        assertTrue(e.getMessage().contains("[command line]"), e.getMessage());
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(override.substring(0, override.indexOf('=')), e.problems().getFirst().key());
    }

    @Test
    void aRemovedKeyInAFileNamesTheFile() throws Exception {
        Path yaml = dir.resolve("old.yaml");
        Files.writeString(yaml, "temperature: 0.5\nnum_pi_trajs: 24\n");
        var e = assertThrows(ConfigException.class, () -> Config.load(Optional.of(yaml), List.of()));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("planner_temperature_eval=2.0) [" + yaml + "]"), e.getMessage());
        assertTrue(e.getMessage().contains("set planner_num_seed_policy_trajectories instead [" + yaml + "]"),
                e.getMessage());
    }

    @Test
    void theDefaultAlgorithmIsTdmpc2AndItsBlockStaysFlat() {
        LoadedConfig loaded = Config.loadDefault();
        assertEquals(Algorithm.TDMPC2, loaded.config().run().algorithm());
        assertEquals(Source.DEFAULT, loaded.sourceOf("algorithm"));
        assertEquals("tdmpc2", Config.load(Optional.empty(), List.of("algorithm=TDMPC2")).config().run().algorithm()
                .yamlName());
        for (String key : List.of("batch_size", "horizon", "num_samples", "planner_temperature_train", "buffer_size",
                "multi_gamma.enabled", "model_size", "device")) {
            assertTrue(ConfigSchema.key(key).isPresent(), key);
        }
        assertTrue(ConfigSchema.key("tdmpc2.batch_size").isEmpty(), "the TD-MPC2 block has no prefix");
        assertEquals(RemovedKeys.names().size(), RemovedKeys.names().stream().filter(k -> ConfigSchema.key(k).isEmpty())
                .count(), "a removed key is not a key");
    }
}
