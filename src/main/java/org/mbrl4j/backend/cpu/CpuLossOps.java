package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.Bins;
import org.mbrl4j.backend.LossContract;
import org.mbrl4j.backend.LossOps;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link LossOps}: {@link LossContract} checks the arguments, then the kernels
 * {@link LossMse}, {@link LossUnitGaussianNll}, {@link LossGaussianKl}, {@link LossBceWithLogits}, {@link TwoHotEncode}, {@link TwoHotSoftCe},
 * {@link TwoHotExpectation} compute. Rows: an input {@code (..., F)} is {@code M = numel / F} rows;
 * per-row outputs have shape {@code (...)}.
 */
final class CpuLossOps implements LossOps {
    /** {@code cpu_fast_math}: the two-hot heads' softmax sums in float lanes (docs/cpu-fast-math.md). */
    private final boolean fastMath;

    CpuLossOps(boolean fastMath) {
        this.fastMath = fastMath;
    }

    @Override
    public void mseForward(Tensor pred, Tensor target, Tensor out) {
        int rows = LossContract.mseForward(pred, target, out);
        LossMse.forward(pred, target, out, rows, pred.dim(-1));
    }

    @Override
    public void mseBackward(Tensor pred, Tensor target, Tensor dout, Tensor dpred, Tensor dtarget) {
        int rows = LossContract.mseBackward(pred, target, dout, dpred, dtarget);
        if (dpred != null || dtarget != null) {
            LossMse.backward(pred, target, dout, dpred, dtarget, rows, pred.dim(-1));
        }
    }

    @Override
    public void unitGaussianNllForward(Tensor mean, Tensor target, Tensor out) {
        int rows = LossContract.unitGaussianNllForward(mean, target, out);
        LossUnitGaussianNll.forward(mean, target, out, rows, mean.dim(-1));
    }

    @Override
    public void unitGaussianNllBackward(Tensor mean, Tensor target, Tensor dout, Tensor dmean, Tensor dtarget) {
        int rows = LossContract.unitGaussianNllBackward(mean, target, dout, dmean, dtarget);
        if (dmean != null || dtarget != null) {
            LossUnitGaussianNll.backward(mean, target, dout, dmean, dtarget, rows, mean.dim(-1));
        }
    }

    @Override
    public void gaussianKlForward(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats, Tensor out) {
        int rows = LossContract.gaussianKlForward(muQ, stdQ, muP, stdP, freeNats, out);
        LossGaussianKl.forward(muQ, stdQ, muP, stdP, freeNats, out, rows, muQ.dim(-1));
    }

    @Override
    public void gaussianKlBackward(Tensor muQ, Tensor stdQ, Tensor muP, Tensor stdP, float freeNats, Tensor out,
            Tensor dout, Tensor dmuQ, Tensor dstdQ, Tensor dmuP, Tensor dstdP) {
        int rows = LossContract.gaussianKlBackward(muQ, stdQ, muP, stdP, freeNats, out, dout, dmuQ, dstdQ, dmuP, dstdP);
        if (dmuQ != null || dstdQ != null || dmuP != null || dstdP != null) {
            LossGaussianKl.backward(muQ, stdQ, muP, stdP, freeNats, out, dout, dmuQ, dstdQ, dmuP, dstdP, rows,
                    muQ.dim(-1));
        }
    }

    @Override
    public void bceWithLogitsForward(Tensor logits, Tensor target, Tensor out) {
        LossContract.bceWithLogitsForward(logits, target, out);
        LossBceWithLogits.forward(logits, target, out);
    }

    @Override
    public void bceWithLogitsBackward(Tensor logits, Tensor target, Tensor dout, Tensor dlogits) {
        LossContract.bceWithLogitsBackward(logits, target, dout, dlogits);
        if (dlogits != null) {
            LossBceWithLogits.backward(logits, target, dout, dlogits);
        }
    }

    @Override
    public void twoHotEncode(Tensor x, Bins bins, Tensor out) {
        TwoHotEncode.forward(x, bins, out, LossContract.twoHotEncode(x, bins, out));
    }

    @Override
    public void twoHotSoftCeForward(Tensor logits, Tensor target, Bins bins, Tensor out) {
        TwoHotSoftCe.forward(logits, target, bins, out, LossContract.twoHotSoftCeForward(logits, target, bins, out),
                fastMath);
    }

    @Override
    public void twoHotSoftCeBackward(Tensor logits, Tensor target, Bins bins, Tensor dout, Tensor dlogits) {
        int rows = LossContract.twoHotSoftCeBackward(logits, target, bins, dout, dlogits);
        if (dlogits != null) {
            TwoHotSoftCe.backward(logits, target, bins, dout, dlogits, rows, fastMath);
        }
    }

    @Override
    public void twoHotExpectationForward(Tensor logits, Bins bins, Tensor out) {
        TwoHotExpectation.forward(logits, bins, out, LossContract.twoHotExpectationForward(logits, bins, out),
                fastMath);
    }

    @Override
    public void twoHotExpectationBackward(Tensor logits, Bins bins, Tensor dout, Tensor dlogits) {
        int rows = LossContract.twoHotExpectationBackward(logits, bins, dout, dlogits);
        if (dlogits != null) {
            TwoHotExpectation.backward(logits, bins, dout, dlogits, rows, fastMath);
        }
    }
}
