package org.mbrl4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigOverridesTest {
    @TempDir
    Path dir;

    private static LoadedConfig overrides(String... args) {
        return Config.load(Optional.empty(), List.of(args));
    }

    @Test
    void scalarOverridesAreTypedAndSourced() {
        var loaded = overrides("batch_size=128", "lr=1e-3", "mpc=false", "task=cheetah-run", "vmin=-5",
                "device=cuda", "planner_head_mode_eval=all");
        var c = loaded.config();
        assertEquals(128, c.tdmpc2().training().batchSize());
        assertEquals(1e-3, c.tdmpc2().training().lr());
        assertEquals(false, c.tdmpc2().planner().mpc());
        assertEquals("cheetah-run", c.run().task());
        assertEquals(-5.0, c.tdmpc2().model().vmin());
        assertEquals(DeviceChoice.CUDA, c.execution().device());
        assertEquals(HeadMode.ALL, c.tdmpc2().planner().plannerHeadModeEval());
        assertEquals(Source.OVERRIDE, loaded.sourceOf("batch_size"));
        assertEquals(Source.DEFAULT, loaded.sourceOf("horizon"));
    }

    @Test
    void nestedKeysAndListsOverride() {
        var c = overrides("multi_gamma.enabled=true", "multi_gamma.gammas=[0.99,0.97, 0.995]", "multi_gamma.head=separate")
                .config().tdmpc2().multiGamma();
        assertEquals(true, c.enabled());
        assertEquals(List.of(0.99, 0.97, 0.995), c.gammas());
        assertEquals(MultiGammaHead.SEPARATE, c.head());
        assertEquals(List.of(0.97, 0.995), c.auxiliaryGammas());
    }

    @Test
    void aBlockCanBeOverriddenAsAFlowMapping() {
        var c = overrides("multi_gamma={enabled: true, gammas: [0.99, 0.97]}").config().tdmpc2().multiGamma();
        assertEquals(true, c.enabled());
        assertEquals(List.of(0.99, 0.97), c.gammas());
        assertEquals(0.5, c.lossWeight(), "keys of the block not named keep their values");
    }

    @Test
    void laterOverridesWinAndNullUnsets() {
        var c = overrides("horizon=5", "horizon=7", "checkpoint=ck.safetensors", "checkpoint=null").config();
        assertEquals(7, c.tdmpc2().planner().horizon());
        assertNull(c.run().checkpoint());
    }

    @Test
    void yamlNumberSpellingsAreAccepted() {
        var c = overrides("steps=1_000_000", "eval_freq=1e4", "lr=3e-4", "vmax=+10", "rho=.7").config();
        assertEquals(1_000_000, c.run().steps());
        assertEquals(10_000, c.run().evalFreq());
        assertEquals(3e-4, c.tdmpc2().training().lr());
        assertEquals(10.0, c.tdmpc2().model().vmax());
        assertEquals(0.7, c.tdmpc2().training().rho());
    }

    @Test
    void fileLayersOverDefaultsAndOverridesOverTheFile() throws Exception {
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, """
                batch_size: 64
                horizon: 5
                lr: 3e-4
                multi_gamma:
                  enabled: true
                  gammas: [0.99, 0.97]
                """);
        var loaded = Config.load(Optional.of(file), List.of("horizon=4"));
        var c = loaded.config();
        assertEquals(64, c.tdmpc2().training().batchSize());
        assertEquals(4, c.tdmpc2().planner().horizon());
        assertEquals(List.of(0.99, 0.97), c.tdmpc2().multiGamma().gammas());
        assertEquals(0.5, c.tdmpc2().multiGamma().lossWeight());
        assertEquals(Source.FILE, loaded.sourceOf("batch_size"));
        assertEquals(Source.OVERRIDE, loaded.sourceOf("horizon"));
        assertEquals(Source.FILE, loaded.sourceOf("multi_gamma.gammas"));
        assertEquals(Source.DEFAULT, loaded.sourceOf("multi_gamma.head"));
        assertEquals(Optional.of(file), loaded.file());
    }

    @Test
    void anEmptyFileChangesNothing() throws Exception {
        Path file = dir.resolve("empty.yaml");
        Files.writeString(file, "# nothing\n");
        assertEquals(Config.loadDefault().config(), Config.load(Optional.of(file), List.of()).config());
    }

    @Test
    void everyShippedConfigLoads() throws Exception {
        try (var files = Files.list(Path.of("configs"))) {
            var yamls = files.filter(p -> p.toString().endsWith(".yaml")).toList();
            assertEquals(true, yamls.size() >= 2, "configs/ holds default.yaml and examples: " + yamls);
            for (Path p : yamls) {
                Config.load(Optional.of(p), List.of());
            }
        }
    }
}
