package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity of kernels/distribution.cu. Header tolerance: elementwise rtol 2·2^-24, atol 2^-24; row sums
 * one thread per row in the CPU's order: rtol 2·A·2^-24, atol 1e-6·A.
 */
abstract class DistributionParityCases extends ParityCases {

    @ParameterizedTest(name = "rows={0} A={1}")
    @MethodSource("rowsCols")
    void squashedGaussian(int rows, int a) {
        ParityRun r = run("gaussian/tanhSquash", rows, a);
        ParityRun.Pair mean = r.normal(1f, rows, a);
        ParityRun.Pair logStd = r.uniform(-3f, 1f, rows, a);
        ParityRun.Pair eps = r.normal(1f, rows, a);
        ParityRun.Pair u = r.out(rows, a);
        r.apply(be -> be.distribution().gaussianSampleForward(mean.on(be), logStd.on(be), eps.on(be), u.on(be)));
        Tol elem = Tol.of(2 * Tol.U, 4 * Tol.U, "elementwise: 2u, atol 4u");
        r.check("u", u, elem);
        Tol row = Tol.of(2 * a * Tol.U, 1e-6 * a, "row sums: 2·A·u, atol 1e-6·A");
        ParityRun.Pair lp = r.out(rows);
        r.apply(be -> be.distribution().gaussianLogProbForward(eps.on(be), logStd.on(be), lp.on(be)));
        r.check("logprob", lp, row);
        ParityRun.Pair action = r.out(rows, a);
        ParityRun.Pair logDet = r.out(rows);
        r.apply(be -> be.distribution().tanhSquashForward(u.on(be), action.on(be), logDet.on(be)));
        r.check("action", action, elem);
        r.check("logDet", logDet, Tol.of(2 * a * Tol.U, 1e-5 * a, "row sums of ln(...) near 1e-6: 2·A·u, atol 1e-5·A"));
        ParityRun.Pair daction = r.uniform(-1f, 1f, rows, a);
        ParityRun.Pair dlogDet = r.uniform(-1f, 1f, rows);
        ParityRun.Pair du = r.acc(rows, a);
        r.apply(be -> be.distribution().tanhSquashBackward(action.on(be), daction.on(be), dlogDet.on(be), du.on(be)));
        r.check("du", du, Tol.of(4 * Tol.U, 1e-5, "elementwise, d ln(1 - a² + 1e-6) is ~1e6 near |a| = 1: atol 1e-5"));
        ParityRun.Pair dmean = r.acc(rows, a);
        ParityRun.Pair dlogStd = r.acc(rows, a);
        r.apply(be -> be.distribution().gaussianSampleBackward(logStd.on(be), eps.on(be), du.on(be), dmean.on(be),
                dlogStd.on(be)));
        ParityRun.Pair dlp = r.uniform(-1f, 1f, rows);
        r.apply(be -> be.distribution().gaussianLogProbBackward(dlp.on(be), dlogStd.on(be)));
        // dmean += du and dlogStd += du·eps + ...: both inherit du's tolerance (above), not the elementwise one
        Tol ofDu = Tol.of(4 * Tol.U, 1e-5, "elementwise of du (above): atol 1e-5");
        r.check("dmean", dmean, ofDu);
        r.check("dlogStd", dlogStd, ofDu);
    }
}
