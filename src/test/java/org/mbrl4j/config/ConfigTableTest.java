package org.mbrl4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTableTest {
    @Test
    void tableListsEveryKeyWithValueAndSource() {
        var loaded = Config.load(Optional.empty(), List.of("batch_size=128", "model_size=cpu", "multi_gamma.gammas=[0.99, 0.97]"));
        String table = ResolvedTable.render(loaded);
        var lines = table.lines().toList();
        assertEquals("config: configs/default.yaml (embedded) + 3 overrides", lines.getFirst());
        // header line, 3 rules, one row per key
        assertEquals(1 + 3 + 1 + ConfigSchema.keys().size(), lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\| batch_size +\\| 128 +\\| override +\\|")), table);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\| latent_dim +\\| 64 +\\| preset +\\|")), table);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\| lr +\\| 3e-4 +\\| default +\\|")), table);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\| multi_gamma.gammas +\\| \\[0.99, 0.97] +\\| override +\\|")), table);
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\| checkpoint +\\| null +\\| default +\\|")), table);
        assertEquals(1, lines.subList(1, lines.size()).stream().map(String::length).distinct().count(),
                "all table lines have one width");
    }

    @Test
    void valuesFormatAsYaml() {
        assertEquals("3e-4", Values.format(3e-4));
        assertEquals("0.995", Values.format(0.995));
        assertEquals("20.0", Values.format(20.0));
        assertEquals("null", Values.format(null));
        assertEquals("cuda", Values.format(DeviceChoice.CUDA));
        assertEquals("[0.99, 0.97]", Values.format(List.of(0.99, 0.97)));
    }
}
