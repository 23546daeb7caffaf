package org.mbrl4j.backend.cuda.parity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The normal() parity tolerance admits a one-ulp difference at every magnitude a draw of
 * normal(0.5, 2) reaches, powers of two included (where half an ulp of relative slack is too little).
 */
class NormalToleranceTest {

    @Test
    void oneUlpPassesAtEveryMagnitude() {
        for (int e = -30; e <= 6; e++) {
            for (float base : new float[] {(float) Math.scalb(1.0, e), Math.nextDown((float) Math.scalb(1.0, e + 1)),
                    (float) Math.scalb(1.5, e)}) {
                for (float cpu : new float[] {base, -base}) {
                    for (float device : new float[] {Math.nextUp(cpu), Math.nextDown(cpu)}) {
                        double diff = Math.abs((double) device - cpu);
                        assertTrue(diff <= RandomParityCases.NORMAL.threshold(0, cpu), "cpu " + cpu + ", device "
                                + device + " (one ulp): |diff| " + diff + " > threshold "
                                + RandomParityCases.NORMAL.threshold(0, cpu) + " (" + RandomParityCases.NORMAL.source()
                                + ")");
                    }
                }
            }
        }
    }
}
