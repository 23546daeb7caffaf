package org.mbrl4j.backend.cuda;

import static org.mbrl4j.backend.cuda.KernelArg.i32;
import static org.mbrl4j.backend.cuda.KernelArg.ptr;

import org.mbrl4j.backend.RecurrentContract;
import org.mbrl4j.backend.RecurrentOps;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/** {@link RecurrentOps} on kernels/recurrent.cu; {@link RecurrentContract} checks the arguments first. */
final class CudaRecurrentOps implements RecurrentOps {
    private final ModuleKernels k;

    CudaRecurrentOps(DeviceQueue queue) {
        this.k = new ModuleKernels(queue, "recurrent");
    }

    @Override
    public void gruCellForward(Tensor gi, Tensor gh, Tensor h, Tensor hNew) {
        String op = "gruCellForward";
        int rows = RecurrentContract.gruCellForward(gi, gh, h, hNew);
        Checks.fitsInt(op, "M·3·Ld of gi", gi.numel());
        long pgi = Checks.address(op, "gi", gi);
        long pgh = Checks.address(op, "gh", gh);
        long ph = Checks.address(op, "h", h);
        long po = Checks.address(op, "hNew", hNew);
        if (rows > 0) {
            k.launch("gru_cell_forward", Grids.strided(h.numel(), Grids.THREADS), Grids.THREADS,
                    Shapes.str(h.shape()), ptr(pgi), ptr(pgh), ptr(ph), ptr(po), i32(rows), i32(h.dim(-1)));
        }
    }

    @Override
    public void gruCellBackward(Tensor gi, Tensor gh, Tensor h, Tensor dhNew, Tensor dgi, Tensor dgh, Tensor dh) {
        String op = "gruCellBackward";
        int rows = RecurrentContract.gruCellBackward(gi, gh, h, dhNew, dgi, dgh, dh);
        Checks.fitsInt(op, "M·3·Ld of gi", gi.numel());
        long pgi = Checks.address(op, "gi", gi);
        long pgh = Checks.address(op, "gh", gh);
        long ph = Checks.address(op, "h", h);
        long pg = Checks.address(op, "dhNew", dhNew);
        long pdgi = Checks.optionalAddress(op, "dgi", dgi);
        long pdgh = Checks.optionalAddress(op, "dgh", dgh);
        long pdh = Checks.optionalAddress(op, "dh", dh);
        if (rows > 0 && (dgi != null || dgh != null || dh != null)) {
            k.launch("gru_cell_backward", Grids.strided(h.numel(), Grids.THREADS), Grids.THREADS,
                    Shapes.str(h.shape()), ptr(pgi), ptr(pgh), ptr(ph), ptr(pg), ptr(pdgi), ptr(pdgh), ptr(pdh),
                    i32(rows), i32(h.dim(-1)));
        }
    }
}
