package org.mbrl4j.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one switch for the CPU backend's Vector API use: {@code -Dmbrl.cpu.vectorBits=0} turns every
 * vectorized loop into its scalar reference (the in-class {@code scalar*} methods), 128/256/512 force
 * a width. Default: the platform's preferred width.
 */
public final class VectorWidth {
    private VectorWidth() {}

    /** 0 means scalar code. */
    public static final int BITS = Integer.getInteger("mbrl.cpu.vectorBits", FloatVector.SPECIES_PREFERRED.vectorBitSize());

    /** The float species used by every vectorized loop (null when BITS = 0). */
    public static final VectorSpecies<Float> FLOAT = switch (BITS) {
        case 0 -> null;
        case 64 -> FloatVector.SPECIES_64;
        case 128 -> FloatVector.SPECIES_128;
        case 256 -> FloatVector.SPECIES_256;
        case 512 -> FloatVector.SPECIES_512;
        default -> throw new IllegalArgumentException("mbrl.cpu.vectorBits=" + BITS + ": allowed 0, 64, 128, 256, 512");
    };

    public static boolean enabled() {
        return FLOAT != null;
    }

    public static String describe() {
        return enabled() ? BITS + "-bit vectors" : "scalar (vectors disabled)";
    }
}
