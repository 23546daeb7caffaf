package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.DenseOps;
import org.mbrl4j.backend.RandomOps;
import org.mbrl4j.rng.PhiloxKey;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link RandomOps}. */
final class CpuRandomOps implements RandomOps {

    @Override
    public void uniform(PhiloxKey key, float lo, float hi, Tensor out) {
        throw new UnsupportedOperationException("cpu uniform: not implemented yet");
    }

    @Override
    public void normal(PhiloxKey key, float mean, float std, Tensor out) {
        throw new UnsupportedOperationException("cpu normal: not implemented yet");
    }

    @Override
    public void randint(PhiloxKey key, int lo, int hi, Tensor out) {
        throw new UnsupportedOperationException("cpu randint: not implemented yet");
    }

    @Override
    public void categorical(PhiloxKey key, Tensor probs, Tensor out) {
        throw new UnsupportedOperationException("cpu categorical: not implemented yet");
    }

    @Override
    public void dropoutForward(Tensor x, DenseOps.DropoutSpec spec, Tensor out) {
        throw new UnsupportedOperationException("cpu dropoutForward: not implemented yet");
    }

    @Override
    public void dropoutBackward(DenseOps.DropoutSpec spec, Tensor dout, Tensor dx) {
        throw new UnsupportedOperationException("cpu dropoutBackward: not implemented yet");
    }

}
