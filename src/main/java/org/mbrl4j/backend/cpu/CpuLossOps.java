package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.tensor.Tensor;

/** CPU implementation of {@link LossOps}. */
final class CpuLossOps implements LossOps {

    @Override
    public void mseForward(Tensor pred, Tensor target, Tensor out) {
        throw new UnsupportedOperationException("cpu mseForward: not implemented yet");
    }

    @Override
    public void mseBackward(Tensor pred, Tensor target, Tensor dout, Tensor dpred, Tensor dtarget) {
        throw new UnsupportedOperationException("cpu mseBackward: not implemented yet");
    }

    @Override
    public void bceWithLogitsForward(Tensor logits, Tensor target, Tensor out) {
        throw new UnsupportedOperationException("cpu bceWithLogitsForward: not implemented yet");
    }

    @Override
    public void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor dout, Tensor dlogits) {
        throw new UnsupportedOperationException("cpu bceWithLogitsBackward: not implemented yet");
    }

    @Override
    public void twoHotEncode(Tensor x, Bins bins, Tensor out) {
        throw new UnsupportedOperationException("cpu twoHotEncode: not implemented yet");
    }

    @Override
    public void twoHotSoftCeForward(Tensor logits, Tensor target, Bins bins, Tensor out) {
        throw new UnsupportedOperationException("cpu twoHotSoftCeForward: not implemented yet");
    }

    @Override
    public void twoHotSoftCeBackward(Tensor logits, Tensor target, Bins bins, Tensor dout, Tensor dlogits) {
        throw new UnsupportedOperationException("cpu twoHotSoftCeBackward: not implemented yet");
    }

    @Override
    public void twoHotExpectationForward(Tensor logits, Bins bins, Tensor out) {
        throw new UnsupportedOperationException("cpu twoHotExpectationForward: not implemented yet");
    }

    @Override
    public void twoHotExpectationBackward(Tensor logits, Bins bins, Tensor dout, Tensor dlogits) {
        throw new UnsupportedOperationException("cpu twoHotExpectationBackward: not implemented yet");
    }

}
