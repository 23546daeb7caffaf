package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.PixelContract;
import org.mbrl4j.backend.PixelOps;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link PixelOps}: {@link PixelContract} checks the arguments, then
 * {@link PixelShift} and {@link PlanetPreprocess} compute.
 */
final class CpuPixelOps implements PixelOps {

    @Override
    public void randomShift(Tensor x, Tensor shifts, Tensor y) {
        PixelContract.randomShift(x, shifts, y);
        PixelShift.forward(x, shifts, y);
    }

    @Override
    public void planetPreprocess(Tensor x, int bits, PhiloxKey key, Tensor y) {
        PixelContract.planetPreprocess(x, bits, key, y);
        PlanetPreprocess.forward(x, bits, key, y);
    }
}
