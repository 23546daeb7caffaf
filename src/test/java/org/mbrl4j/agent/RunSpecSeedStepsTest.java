package org.mbrl4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mbrl4j.config.Config;
import org.mbrl4j.config.ConfigException;
import org.mbrl4j.env.ObsSpec;

/** seed_steps: derived as in the reference unless set, and then at least one episode; the buffer capacity. */
class RunSpecSeedStepsTest {
    private static RunSpec derive(int episodeLength, String... overrides) {
        return RunSpec.derive(Config.load(Optional.empty(), List.of(overrides)).config().run(), "env", ObsSpec.vector(3), 1,
                episodeLength);
    }

    @Test
    void zeroDerivesTheReferenceValue() {
        assertEquals(1000, derive(200).seedSteps(), "max(1000, 5 x 200)");
        assertEquals(2500, derive(500).seedSteps(), "DMC: max(1000, 5 x 500)");
    }

    @Test
    void anExplicitValueMustCoverAnEpisode() {
        assertEquals(200, derive(200, "seed_steps=200").seedSteps());
        assertEquals(300, derive(200, "seed_steps=300").seedSteps());
        var e = assertThrows(ConfigException.class, () -> derive(200, "seed_steps=199"));
        assertTrue(e.getMessage().contains("seed_steps=199: must be 0 (derive) or >= the episode length 200"),
                e.getMessage());
        var negative = assertThrows(ConfigException.class, () -> derive(200, "seed_steps=-1"));
        assertTrue(negative.getMessage().contains("seed_steps=-1: must be >= 0"), negative.getMessage());
    }

    @Test
    void theBufferHoldsAtMostTheRunsSteps() {
        assertEquals(20000, derive(200).bufferCapacity(), "min(buffer_size 1e6, steps 20000)");
        assertEquals(500, derive(200, "buffer_size=500").bufferCapacity());
        assertEquals(3, derive(200).obsDim());
        var mt = assertThrows(ConfigException.class, () -> derive(200, "task=mt30"));
        assertTrue(mt.getMessage().contains("task=mt30: multitask training is not supported"), mt.getMessage());
    }

    @Test
    void theOtherTrainerKeysAreValidated() {
        var e = assertThrows(ConfigException.class, () -> Config.load(Optional.empty(),
                List.of("action_repeat=0", "log_every=0", "checkpoint_every=-5")));
        assertTrue(e.getMessage().contains("action_repeat=0: must be >= 1"), e.getMessage());
        assertTrue(e.getMessage().contains("log_every=0: must be >= 1"), e.getMessage());
        assertTrue(e.getMessage().contains("checkpoint_every=-5: must be >= 0"), e.getMessage());
    }
}
