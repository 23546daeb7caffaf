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

class ConfigValidationTest {
    @TempDir
    Path dir;

    private static ConfigException failing(String... overrides) {
        return assertThrows(ConfigException.class, () -> Config.load(Optional.empty(), List.of(overrides)));
    }

    private static void assertMentions(ConfigException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from:\n" + e.getMessage());
        }
    }

    /** Each rule: the message names the key, the value and what is allowed. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            rho=1.5                        | rho=1.5: must be in (0, 1]
            rho=0                          | rho=0.0: must be in (0, 1]
            tau=0                          | tau=0.0: must be in (0, 1]
            num_elites=600                 | num_elites=600: must be <= num_samples=512
            min_std=3                      | min_std=3.0: must be <= max_std=2.0
            horizon=0                      | horizon=0: must be >= 1
            iterations=0                   | iterations=0: must be >= 1
            batch_size=0                   | batch_size=0: must be >= 1
            buffer_size=0                  | buffer_size=0: must be >= 1
            num_bins=1                     | num_bins=1: must be >= 2
            vmin=10                        | vmin=10.0: must be < vmax=10.0
            log_std_min=3                  | log_std_min=3.0: must be < log_std_max=2.0
            num_q=1                        | num_q=1: must be >= 2
            dropout=1                      | dropout=1.0: must be in [0, 1)
            simnorm_dim=7                  | simnorm_dim=7: must divide latent_dim=512
            lr=0                           | lr=0.0: must be > 0
            reward_coef=-1                 | reward_coef=-1.0: must be >= 0
            discount_min=0.999             | discount_min=0.999: must be <= discount_max=0.995
            discount_max=1                 | discount_max=1.0: must be in (0, 1)
            planner_num_dynamics_heads=0   | planner_num_dynamics_heads=0: must be >= 1
            planner_temperature_train=0    | planner_temperature_train=0.0: must be > 0
            planner_temperature_eval=-1    | planner_temperature_eval=-1.0: must be > 0
            planner_num_seed_policy_trajectories=-1 | planner_num_seed_policy_trajectories=-1: must be >= 0
            log_detailed_every=-1          | log_detailed_every=-1: must be >= 0
            exp_name=a/b                   | exp_name=a/b: must be letters, digits
            eval_episodes=0                | eval_episodes=0: must be >= 1
            multi_gamma.loss_weight=-0.5   | multi_gamma.loss_weight=-0.5: must be >= 0
            multi_gamma.log_num_examples=0 | multi_gamma.log_num_examples=0: must be >= 1
            """)
    void rangeRulesNameKeyValueAndRule(String override, String expected) {
        var e = failing(override);
        assertMentions(e, expected, "[command line]");
        assertEquals(1, e.problems().size(), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            batch_size=abc              | batch_size=abc: expected an integer
            batch_size=1.5              | batch_size=1.5: expected an integer
            batch_size=[1]              | batch_size=[1]: expected an integer
            lr=fast                     | lr=fast: expected a number
            lr=1e999                    | lr=Infinity: expected a finite number
            mpc=yes please              | mpc=yes please: expected true or false
            cpu_fast_math=fast          | cpu_fast_math=fast: expected true or false
            obs=pixels                  | obs=pixels: expected one of state|rgb
            device=gpu                  | device=gpu: expected one of auto|cpu|cuda
            matmul_precision=fp16       | matmul_precision=fp16: expected one of fp32|tf32|bf16
            model_size=7                | model_size=7: expected one of 1|5|19|48|317|cpu or null
            planner_head_mode_eval=random | planner_head_mode_eval=random: expected one of single|all
            multi_gamma.head=shared     | multi_gamma.head=shared: expected one of joint|separate
            multi_gamma.gammas=0.99     | multi_gamma.gammas=0.99: expected a list of numbers
            multi_gamma.gammas=[0.99,x] | 'x' is not a number
            task=null                   | task=null: expected a string, not null
            steps=3000000000            | steps=3000000000: expected an integer below 2^31
            """)
    void typeErrorsSayWhatIsExpected(String override, String expected) {
        assertMentions(failing(override), expected);
    }

    @Test
    void unknownKeysSuggestTheNearestKey() {
        var e = failing("bach_size=3", "multi_gamma.enabeld=true", "enabled=true", "std_min=0.1", "compile=false",
                "zzzzzzzzzzzz=1", "multi_gamma.bogus=1");
        assertMentions(e,
                "unknown key 'bach_size' (did you mean 'batch_size'?)",
                "unknown key 'multi_gamma.enabeld' (did you mean 'multi_gamma.enabled'?)",
                "unknown key 'enabled' (did you mean 'multi_gamma.enabled'?)",
                "unknown key 'std_min' (did you mean 'min_std'?)",
                "unknown key 'compile' (a tdmpc2 reference key that mbrl4j does not use)",
                "unknown key 'zzzzzzzzzzzz' (run 'mbrl config' to list every key)",
                "unknown key 'multi_gamma.bogus' (run 'mbrl config' to list every key)");
        assertEquals(7, e.problems().size());
    }

    @Test
    void levenshteinDistance() {
        assertEquals(0, KeySuggester.levenshtein("rho", "rho"));
        assertEquals(1, KeySuggester.levenshtein("bach_size", "batch_size"));
        assertEquals(2, KeySuggester.levenshtein("enabeld", "enabled"));
        assertEquals(3, KeySuggester.levenshtein("", "tau"));
        assertEquals(3, KeySuggester.levenshtein("kitten", "sitting"));
    }

    @Test
    void allErrorsAreReportedTogether() {
        var e = failing("batch_size=abc", "bach_size=1", "rho=1.5", "num_elites=600", "device=gpu",
                "multi_gamma.enabled=true", "malformed");
        assertEquals(7, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("7 config errors:"), e.getMessage());
        assertMentions(e, "batch_size=abc", "bach_size", "rho=1.5", "num_elites=600", "device=gpu",
                "multi_gamma.gammas=[]", "'malformed' is not an override");
    }

    @Test
    void aTypeErrorDoesNotHideTheOtherRulesOfItsGroup() {
        var e = failing("num_samples=abc", "horizon=0");
        assertMentions(e, "num_samples=abc: expected an integer", "horizon=0: must be >= 1");
    }

    @Test
    void fileProblemsNameTheFile() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "rho: 2\nbach_size: 1\n");
        var e = assertThrows(ConfigException.class, () -> Config.load(Optional.of(file), List.of()));
        assertMentions(e, "rho=2.0: must be in (0, 1] [" + file + "]", "unknown key 'bach_size' (did you mean 'batch_size'?) [" + file + "]");
    }

    @Test
    void missingInvalidAndDuplicateFilesAreReported() throws Exception {
        Path missing = dir.resolve("nope.yaml");
        assertMentions(assertThrows(ConfigException.class, () -> Config.load(Optional.of(missing), List.of())),
                "config file '" + missing + "' not found");
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "batch_size: [3\nrho: 2\n");
        assertMentions(assertThrows(ConfigException.class, () -> Config.load(Optional.of(broken), List.of())),
                broken + ": invalid YAML at line 2");
        Path duplicate = dir.resolve("dup.yaml");
        Files.writeString(duplicate, "rho: 0.5\nrho: 0.6\n");
        assertMentions(assertThrows(ConfigException.class, () -> Config.load(Optional.of(duplicate), List.of())),
                "Duplicate field 'rho'");
        Path list = dir.resolve("list.yaml");
        Files.writeString(list, "- rho\n");
        assertMentions(assertThrows(ConfigException.class, () -> Config.load(Optional.of(list), List.of())),
                "expected a mapping of 'key: value' lines");
    }

    @Test
    void malformedOverridesAreReported() {
        assertMentions(failing("batch_size"), "'batch_size' is not an override: write key=value");
        assertMentions(failing("=3"), "'=3': '' is not a key name");
        assertMentions(failing("multi_gamma.gammas=[0.99,"), "multi_gamma.gammas=[0.99,: not a YAML value");
        assertMentions(failing("multi_gamma=3"), "multi_gamma=3: expected a block of keys");
    }

    @Test
    void recordsRejectBadValuesWhenBuiltDirectly() {
        var e = assertThrows(ConfigException.class, () -> new ExecutionConfig(null, MatmulPrecision.FP32, 0, true, false));
        assertMentions(e, "device=null: must be one of auto|cpu|cuda");
    }
}
