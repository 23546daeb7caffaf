package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mbrl4j.config.ConfigException;
import org.junit.jupiter.api.Test;

class CliRunArgumentsTest {
    @Test
    void argumentsWithEqualsAreOverridesTheOtherIsTheFile() {
        var a = RunArguments.parse(List.of("lr=1e-3", "my.yaml", "multi_gamma.gammas=[0.99,0.97]"));
        assertEquals(Optional.of(Path.of("my.yaml")), a.file());
        assertEquals(List.of("lr=1e-3", "multi_gamma.gammas=[0.99,0.97]"), a.overrides());
    }

    @Test
    void noArgumentsMeansDefaults() {
        var a = RunArguments.parse(List.of());
        assertEquals(Optional.empty(), a.file());
        assertEquals(List.of(), a.overrides());
    }

    @Test
    void aSecondFileIsRejected() {
        assertThrows(ConfigException.class, () -> RunArguments.parse(List.of("a.yaml", "b.yaml")));
    }
}
