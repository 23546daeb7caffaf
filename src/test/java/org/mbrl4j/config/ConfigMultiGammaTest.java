package org.mbrl4j.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docs/multi-gamma.md#config rules. */
class ConfigMultiGammaTest {
    private static MultiGammaConfig gammas(boolean enabled, Double... gammas) {
        return new MultiGammaConfig(enabled, List.of(gammas), MultiGammaHead.JOINT, 0.5, false, 8);
    }

    @Test
    void enabledWithoutGammasIsAnError() {
        var e = assertThrows(ConfigException.class,
                () -> Config.load(Optional.empty(), List.of("multi_gamma.enabled=true")));
        assertTrue(e.getMessage().contains("multi_gamma.gammas=[]: must list the discounts when multi_gamma.enabled=true"),
                e.getMessage());
    }

    @Test
    void moreThanSixGammasIsAnError() {
        assertDoesNotThrow(() -> gammas(true, 0.99, 0.9, 0.8, 0.7, 0.6, 0.5));
        var e = assertThrows(ConfigException.class, () -> gammas(true, 0.99, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4));
        assertTrue(e.getMessage().contains("has 7 discounts; at most 6"), e.getMessage());
    }

    @Test
    void eachGammaMustBeInTheOpenUnitInterval() {
        for (double bad : new double[] {0.0, 1.0, -0.5, 1.5}) {
            var e = assertThrows(ConfigException.class, () -> gammas(false, 0.99, bad));
            assertTrue(e.getMessage().contains("gammas[1]=" + Values.format(bad) + " must be in (0, 1)"), e.getMessage());
        }
    }

    @Test
    void oneGammaIsTheBaselineWithAWarning() {
        var loaded = Config.load(Optional.empty(), List.of("multi_gamma.enabled=true", "multi_gamma.gammas=[0.99]"));
        assertFalse(loaded.config().tdmpc2().multiGamma().trainsAuxiliaryHeads());
        assertEquals(List.of(), loaded.config().tdmpc2().multiGamma().auxiliaryGammas());
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().getFirst().contains("only the primary discount: the run is the baseline"));
    }

    @Test
    void disabledIsTheBaselineWithoutWarnings() {
        var c = gammas(false, 0.99, 0.97);
        assertFalse(c.trainsAuxiliaryHeads());
        assertEquals(List.of(), c.warnings());
        assertDoesNotThrow(() -> c.checkPrimary(0.95), "disabled: the primary rule does not apply");
    }

    @Test
    void severalGammasTrainAuxiliaryHeads() {
        var c = gammas(true, 0.99, 0.97, 0.995);
        assertTrue(c.trainsAuxiliaryHeads());
        assertEquals(List.of(0.97, 0.995), c.auxiliaryGammas());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void firstGammaMustEqualThePrimaryDiscount() {
        var c = gammas(true, 0.99, 0.97);
        assertDoesNotThrow(() -> c.checkPrimary(0.99));
        assertDoesNotThrow(() -> c.checkPrimary(0.99 + 0.9e-6), "within the 1e-6 tolerance");
        var e = assertThrows(ConfigException.class, () -> c.checkPrimary(0.975));
        assertEquals("multi_gamma.gammas", e.problems().getFirst().key());
        assertTrue(e.getMessage().contains("multi_gamma.gammas[0]=0.99: must equal the primary discount 0.975"), e.getMessage());
        assertTrue(e.getMessage().contains("put 0.975 first"), e.getMessage());
        assertThrows(ConfigException.class, () -> c.checkPrimary(0.99 + 2e-6), "outside the tolerance");
        assertThrows(ConfigException.class, () -> c.checkPrimary(Double.NaN));
    }

    @Test
    void nullGammasReadAsEmpty() {
        assertEquals(List.of(), new MultiGammaConfig(false, null, MultiGammaHead.SEPARATE, 0, true, 1).gammas());
    }
}
