package org.mbrl4j.agent.planet;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.autograd.PixelFn;
import org.mbrl4j.env.Observation;
import org.mbrl4j.rng.Rng;
import org.mbrl4j.tensor.Tensor;

/**
 * Frames between u8 observations and the model: PlaNet's preprocessing (ecosystem-facts §A.4: 5 bits,
 * uniform dequantisation noise, centred to [−0.5, 0.5)) and its inverse for pictures.
 */
final class Frames {
    /** Values per frame: 3·64·64. */
    static final int SIZE = 3 * ConvEncoder.SIZE * ConvEncoder.SIZE;

    private Frames() {}

    /** The bytes of a frame observation. */
    static byte[] bytes(Observation obs) {
        return switch (obs) {
            case Observation.U8 u when u.size() == SIZE -> u.values();
            default -> throw new IllegalArgumentException("planet: a " + obs.dtype() + " observation of " + obs.size()
                    + " values, but planet takes u8 frames of 3x64x64 = " + SIZE + " bytes (obs=rgb, frame_stack=1)");
        };
    }

    /** Unsigned bytes as floats 0..255. */
    static float[] widen(byte[] bytes) {
        float[] out = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = Byte.toUnsignedInt(bytes[i]);
        }
        return out;
    }

    /** M frames (byte values as floats, M·SIZE) → preprocessed (M, 3, 64, 64), noise drawn from {@code rng}. */
    static Tensor preprocess(Graph g, float[] byteValues, int bits, Rng rng) {
        int m = byteValues.length / SIZE;
        Tensor x = g.constant(byteValues, m, 3, ConvEncoder.SIZE, ConvEncoder.SIZE);
        return PixelFn.planetPreprocess(g, x, bits, rng.reserve(byteValues.length));
    }

    /**
     * PlaNet's postprocess, floor(2^bits·(x + 0.5)) clamped to the 2^bits levels, with the level scaled back
     * to 0..255 (the top level is 255).
     */
    static byte[] postprocess(float[] values, int offset, int bits) {
        int levels = 1 << bits;
        byte[] out = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            int level = (int) Math.floor(levels * (values[offset + i] + 0.5f));
            level = Math.max(0, Math.min(levels - 1, level));
            out[i] = (byte) Math.round(level * 255.0 / (levels - 1));
        }
        return out;
    }
}
