package org.mbrl4j.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigDefaultsTest {
    private final MbrlConfig c = Config.loadDefault().config();

    @Test
    void referenceDefaultsHold() {
        // docs/tdmpc2.md#config-defaults
        assertEquals(256, c.tdmpc2().training().batchSize());
        assertEquals(0.1, c.tdmpc2().training().rewardCoef());
        assertEquals(20.0, c.tdmpc2().training().consistencyCoef());
        assertEquals(0.5, c.tdmpc2().training().rho());
        assertEquals(3e-4, c.tdmpc2().training().lr());
        assertEquals(0.3, c.tdmpc2().training().encLrScale());
        assertEquals(0.01, c.tdmpc2().training().tau());
        assertEquals(1e-4, c.tdmpc2().training().entropyCoef());
        assertEquals(5.0, c.tdmpc2().training().discountDenom());
        assertEquals(0.95, c.tdmpc2().training().discountMin());
        assertEquals(0.995, c.tdmpc2().training().discountMax());
        assertEquals(1_000_000, c.run().bufferSize());
        assertEquals(20_000, c.run().steps()); // Pendulum-sized; the reference uses 10_000_000 for DMC
        assertEquals(2_000, c.run().evalFreq()); // the reference uses 50_000 for DMC
        assertEquals(10, c.run().evalEpisodes());
        assertEquals(1, c.run().seed());
        assertEquals(6, c.tdmpc2().planner().iterations());
        assertEquals(512, c.tdmpc2().planner().numSamples());
        assertEquals(64, c.tdmpc2().planner().numElites());
        assertEquals(24, c.tdmpc2().planner().plannerNumSeedPolicyTrajectories());
        assertEquals(3, c.tdmpc2().planner().horizon());
        assertEquals(0.05, c.tdmpc2().planner().minStd());
        assertEquals(2.0, c.tdmpc2().planner().maxStd());
        assertEquals(101, c.tdmpc2().model().numBins());
        assertEquals(-10.0, c.tdmpc2().model().vmin());
        assertEquals(10.0, c.tdmpc2().model().vmax());
        assertEquals(512, c.tdmpc2().model().latentDim());
        assertEquals(5, c.tdmpc2().model().numQ());
        assertEquals(0.01, c.tdmpc2().model().dropout());
        assertEquals(8, c.tdmpc2().model().simnormDim());
        assertEquals(-10.0, c.tdmpc2().model().logStdMin());
        assertEquals(2.0, c.tdmpc2().model().logStdMax());
        assertNull(c.tdmpc2().model().modelSize());
        assertEquals(ObsType.STATE, c.run().obs());
    }

    @Test
    void mbrl4jDefaultsHold() {
        assertEquals("pendulum", c.run().task());
        assertTrue(c.run().checkpointPath().isEmpty());
        assertEquals(1, c.tdmpc2().planner().plannerNumDynamicsHeads());
        assertEquals(HeadMode.SINGLE, c.tdmpc2().planner().plannerHeadModeEval());
        assertEquals(2.0, c.tdmpc2().planner().plannerTemperatureTrain(), "the reference's exp(0.5 * (score - max))");
        assertEquals(2.0, c.tdmpc2().planner().plannerTemperatureEval());
        assertEquals(org.mbrl4j.config.WarmStart.SHIFT, c.tdmpc2().planner().plannerWarmStart());
        assertEquals(24, c.tdmpc2().planner().plannerNumSeedPolicyTrajectories());
        assertEquals(1, c.run().actionRepeat());
        assertEquals(0, c.run().seedSteps(), "0 derives max(1000, 5 x episode length)");
        assertEquals(1000, c.run().logEvery());
        assertEquals(0, c.run().checkpointEvery(), "checkpoints only at the end");
        assertEquals(DeviceChoice.AUTO, c.execution().device());
        assertEquals(MatmulPrecision.TF32, c.execution().matmulPrecision());
        assertEquals(new MultiGammaConfig(false, List.of(), MultiGammaHead.JOINT, 0.5, false, 8), c.tdmpc2().multiGamma());
    }

    @Test
    void everyValueComesFromTheDefaultsWithNoWarnings() {
        var loaded = Config.loadDefault();
        assertTrue(loaded.entries().stream().allMatch(e -> e.source() == Source.DEFAULT));
        assertEquals(List.of(), loaded.warnings());
    }

    /** The repo's configs/default.yaml names exactly the schema's keys, in the schema's order. */
    @Test
    void defaultYamlMatchesTheSchemaKeyForKey() throws Exception {
        JsonNode root = Yaml.MAPPER.readTree(Path.of("configs/default.yaml").toFile());
        Set<String> yamlKeys = new LinkedHashSet<>();
        root.properties().forEach(e -> {
            if (e.getValue().isObject()) {
                e.getValue().fieldNames().forEachRemaining(n -> yamlKeys.add(e.getKey() + "." + n));
            } else {
                yamlKeys.add(e.getKey());
            }
        });
        assertEquals(ConfigSchema.keys().stream().map(ConfigSchema.Key::name).toList(), List.copyOf(yamlKeys));
    }
}
