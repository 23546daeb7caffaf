package org.mbrl4j.backend;

import java.util.Arrays;
import java.util.List;
import org.mbrl4j.tensor.Shapes;
import org.mbrl4j.tensor.Tensor;

/**
 * The argument rules of {@link RecurrentOps}, written once for every backend. h (..., Ld) is M rows;
 * gi and gh have h's leading dims and last dim 3·Ld. Outputs never overlap the inputs (each element
 * of a gate gradient is written from three input elements of its row).
 */
public final class RecurrentContract {
    private RecurrentContract() {}

    /** Returns M, the rows of h. */
    public static int gruCellForward(Tensor gi, Tensor gh, Tensor h, Tensor hNew) {
        String op = "gruCellForward";
        int rows = gru(op, gi, gh, h);
        OpArgs.like(op, "hNew", hNew, "h", h);
        OpArgs.disjoint(op, "hNew", hNew, "gi", gi);
        OpArgs.disjoint(op, "hNew", hNew, "gh", gh);
        OpArgs.disjoint(op, "hNew", hNew, "h", h);
        return rows;
    }

    /** Returns M, the rows of h. */
    public static int gruCellBackward(Tensor gi, Tensor gh, Tensor h, Tensor dhNew, Tensor dgi, Tensor dgh,
            Tensor dh) {
        String op = "gruCellBackward";
        int rows = gru(op, gi, gh, h);
        OpArgs.like(op, "dhNew", dhNew, "h", h);
        OpArgs.optionalLike(op, "dgi", dgi, "gi", gi);
        OpArgs.optionalLike(op, "dgh", dgh, "gi", gi);
        OpArgs.optionalLike(op, "dh", dh, "h", h);
        List<Tensor> read = Arrays.asList(gi, gh, h, dhNew);
        List<String> readNames = List.of("gi", "gh", "h", "dhNew");
        List<Tensor> written = Arrays.asList(dgi, dgh, dh);
        List<String> writtenNames = List.of("dgi", "dgh", "dh");
        for (int w = 0; w < written.size(); w++) {
            for (int r = 0; r < read.size(); r++) {
                OpArgs.disjoint(op, writtenNames.get(w), written.get(w), readNames.get(r), read.get(r));
            }
        }
        OpArgs.pairwiseDisjoint(op, written, writtenNames);
        return rows;
    }

    /** h (..., Ld) with Ld >= 1; gi and gh (..., 3·Ld) with h's leading dims. */
    private static int gru(String op, Tensor gi, Tensor gh, Tensor h) {
        OpArgs.f32(op, "h", h);
        OpArgs.f32(op, "gi", gi);
        OpArgs.like(op, "gh", gh, "gi", gi);
        if (h.rank() < 1 || h.dim(-1) < 1) {
            throw new IllegalArgumentException(op + ": h " + Shapes.str(h.shape())
                    + " must have rank >= 1 and a last dim Ld >= 1");
        }
        int[] want = h.shape().clone();
        want[want.length - 1] = Math.multiplyExact(3, h.dim(-1));
        if (!Arrays.equals(gi.shape(), want)) {
            throw new IllegalArgumentException(op + ": gi " + Shapes.str(gi.shape()) + " must have shape "
                    + Shapes.str(want) + " (h " + Shapes.str(h.shape()) + " with last dim 3·Ld: gates r, z, n)");
        }
        return OpArgs.rows(op, "h", h);
    }
}
