package org.mbrl4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mbrl4j.agent.tdmpc2.Tdmpc2Specs;

/** The ablation configs of docs/multi-gamma.md#ablations A0-A4 load as configs/sweeps/multi-gamma-ablation.yaml runs them. */
class AblationConfigsTest {
    private static final Pattern AUX = Pattern.compile("^# aux_gammas: \\[(.*)]$", Pattern.MULTILINE);
    private static final double PENDULUM_PRIMARY = 0.975;

    @Test
    void everyAblationLoadsWithThePrimaryPrependedAndEnabledOnesNeedTheGammas() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("configs/ablations"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertEquals(List.of("A0-baseline.yaml", "A1-joint.yaml", "A2-separate.yaml", "A3-joint-five.yaml",
                "A4-joint-light.yaml"), files.stream().map(p -> p.getFileName().toString()).toList());
        for (Path f : files) {
            Matcher m = AUX.matcher(Files.readString(f));
            assertTrue(m.find(), f + " has no '# aux_gammas: [...]' line");
            String aux = m.group(1).replace(" ", "");
            String gammas = "[" + PENDULUM_PRIMARY + (aux.isEmpty() ? "" : "," + aux) + "]";
            List<String> overrides = new ArrayList<>(List.of("multi_gamma.gammas=" + gammas));
            MbrlConfig cfg = Config.load(Optional.of(f), overrides).config();
            Tdmpc2Specs.of(cfg, "pendulum", 3, 1, 200); // gammas[0] equals the primary discount
            boolean enabled = cfg.tdmpc2().multiGamma().enabled();
            assertEquals(!f.getFileName().toString().startsWith("A0"), enabled, f.toString());
            if (enabled) {
                var e = assertThrows(ConfigException.class, () -> Config.load(Optional.of(f), List.of()));
                assertTrue(e.getMessage().contains("multi_gamma.gammas"), e.getMessage());
            }
        }
    }
}
