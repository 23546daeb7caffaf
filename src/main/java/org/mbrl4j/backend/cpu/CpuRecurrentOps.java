package org.mbrl4j.backend.cpu;

import org.mbrl4j.backend.RecurrentContract;
import org.mbrl4j.backend.RecurrentOps;
import org.mbrl4j.tensor.Tensor;

/**
 * CPU implementation of {@link RecurrentOps}: {@link RecurrentContract} checks, {@link GruCell} computes
 * ({@link GruGatesFloat}'s float gates with {@code cpu_fast_math}).
 */
final class CpuRecurrentOps implements RecurrentOps {
    private final boolean fastMath;

    CpuRecurrentOps(boolean fastMath) {
        this.fastMath = fastMath;
    }

    @Override
    public void gruCellForward(Tensor gi, Tensor gh, Tensor h, Tensor hNew) {
        int rows = RecurrentContract.gruCellForward(gi, gh, h, hNew);
        if (fastMath && VectorWidth.enabled()) {
            GruGatesFloat.forward(gi, gh, h, hNew, rows, h.dim(-1));
        } else {
            GruCell.forward(gi, gh, h, hNew, rows, h.dim(-1));
        }
    }

    @Override
    public void gruCellBackward(Tensor gi, Tensor gh, Tensor h, Tensor dhNew, Tensor dgi, Tensor dgh, Tensor dh) {
        int rows = RecurrentContract.gruCellBackward(gi, gh, h, dhNew, dgi, dgh, dh);
        if (dgi != null || dgh != null || dh != null) {
            GruCell.backward(gi, gh, h, dhNew, dgi, dgh, dh, rows, h.dim(-1), fastMath && VectorWidth.enabled());
        }
    }
}
