package org.mbrl4j.agent.tdmpc2;

import org.mbrl4j.autograd.Graph;
import org.mbrl4j.buffer.ObsArray;
import org.mbrl4j.tensor.Tensor;

/**
 * Observations into graph constants: f32 state vectors as they are, u8 frames widened to f32 byte
 * values 0..255 (tensors are f32; the pixel encoder scales them, docs/pixels.md#encoder).
 */
final class ObsTensors {
    private ObsTensors() {}

    /** A constant of {@code shape} holding every observation of {@code obs}. */
    static Tensor constant(Graph g, ObsArray obs, int... shape) {
        return switch (obs) {
            case ObsArray.F32 f -> g.constant(f.values(), shape);
            case ObsArray.U8 u -> g.constant(widen(u.values()), shape);
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
}
