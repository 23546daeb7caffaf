package org.mbrl4j.backend.cuda.parity;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity of kernels/recurrent.cu. Header tolerance: σ and tanh are double-evaluated libm calls, the
 * rest one unfused float op each in the Java order: forward rtol 4u, atol 4u; backward rtol 16u,
 * atol 16u·max|dh'| (dh' uniform in [-1, 1)). Gate pre-activations N(0, 2²) reach the saturated tails.
 */
abstract class RecurrentParityCases extends ParityCases {

    /** M, Ld: one unit, PlaNet's 200-unit belief at batch 50, odd sizes. */
    static Stream<Arguments> gruShapes() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(50, 200), Arguments.of(7, 13), Arguments.of(3, 33));
    }

    @ParameterizedTest(name = "M={0} Ld={1}")
    @MethodSource("gruShapes")
    void gruCell(int m, int hidden) {
        ParityRun r = run("gruCell", m, hidden);
        ParityRun.Pair gi = r.normal(2f, m, 3 * hidden);
        ParityRun.Pair gh = r.normal(2f, m, 3 * hidden);
        ParityRun.Pair h = r.uniform(-1f, 1f, m, hidden);
        ParityRun.Pair hNew = r.out(m, hidden);
        r.apply(be -> be.recurrent().gruCellForward(gi.on(be), gh.on(be), h.on(be), hNew.on(be)));
        r.check("hNew", hNew, Tol.of(4 * Tol.U, 4 * Tol.U, "recurrent.cu forward: 4u, atol 4u"));
        ParityRun.Pair dhNew = r.uniform(-1f, 1f, m, hidden);
        ParityRun.Pair dgi = r.acc(m, 3 * hidden);
        ParityRun.Pair dgh = r.acc(m, 3 * hidden);
        ParityRun.Pair dh = r.acc(m, hidden);
        r.apply(be -> be.recurrent().gruCellBackward(gi.on(be), gh.on(be), h.on(be), dhNew.on(be), dgi.on(be),
                dgh.on(be), dh.on(be)));
        Tol backward = Tol.of(16 * Tol.U, 16 * Tol.U, "recurrent.cu backward: 16u, atol 16u·max|dh'|");
        r.check("dgi", dgi, backward);
        r.check("dgh", dgh, backward);
        r.check("dh", dh, backward);
    }
}
