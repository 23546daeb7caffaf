package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.backend.Bins;

/**
 * Parity of kernels/loss.cu. Header tolerance: elementwise rtol 2·2^-24, atol 2^-24; row reductions
 * (mse, soft CE, expectation) warp trees: rtol 4·V·2^-24, atol 1e-6; the expectation's symexp
 * amplifies by exp(|m|), so targets stay within |m| <= 5 here.
 */
abstract class LossParityCases extends ParityCases {

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void mseAndBce(int rows, int cols) {
        ParityRun r = run("mse/bce", rows, cols);
        ParityRun.Pair pred = r.normal(1f, rows, cols);
        ParityRun.Pair target = r.normal(1f, rows, cols);
        ParityRun.Pair out = r.out(rows);
        r.apply(be -> be.loss().mseForward(pred.on(be), target.on(be), out.on(be)));
        r.check("mse out", out, Tol.of(4 * cols * Tol.U, 1e-6, "loss.cu rows: 4·F·u, atol 1e-6"));
        ParityRun.Pair dout = r.uniform(-1f, 1f, rows);
        ParityRun.Pair dpred = r.acc(rows, cols);
        ParityRun.Pair dtarget = r.acc(rows, cols);
        r.apply(be -> be.loss().mseBackward(pred.on(be), target.on(be), dout.on(be), dpred.on(be), dtarget.on(be)));
        r.check("mse dpred", dpred, Tol.of(2 * Tol.U, 4 * Tol.U, "elementwise: 2u, atol 4u"));
        r.check("mse dtarget", dtarget, Tol.of(2 * Tol.U, 4 * Tol.U, "elementwise: 2u, atol 4u"));
        ParityRun.Pair t01 = r.uniform(0f, 1f, rows, cols);
        ParityRun.Pair bce = r.out(rows, cols);
        r.apply(be -> be.loss().bceWithLogitsForward(pred.on(be), t01.on(be), bce.on(be)));
        r.check("bce out", bce, Tol.of(2 * Tol.U, 4 * Tol.U, "elementwise: 2u, atol 4u"));
        ParityRun.Pair gb = r.uniform(-1f, 1f, rows, cols);
        ParityRun.Pair dlogits = r.acc(rows, cols);
        r.apply(be -> be.loss().bceWithLogitsBackward(pred.on(be), t01.on(be), gb.on(be), dlogits.on(be)));
        r.check("bce dlogits", dlogits, Tol.of(2 * Tol.U, 4 * Tol.U, "elementwise: 2u, atol 4u"));
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void unitGaussianNll(int rows, int cols) {
        ParityRun r = run("unitGaussianNll", rows, cols);
        ParityRun.Pair mean = r.normal(1f, rows, cols);
        ParityRun.Pair target = r.normal(1f, rows, cols);
        ParityRun.Pair out = r.out(rows);
        r.apply(be -> be.loss().unitGaussianNllForward(mean.on(be), target.on(be), out.on(be)));
        r.check("nll out", out, Tol.of(4 * cols * Tol.U, 1e-5 * cols, "loss.cu nll/kl rows: 4·F·u, atol 1e-5·F"));
        ParityRun.Pair dout = r.uniform(-1f, 1f, rows);
        ParityRun.Pair dmean = r.acc(rows, cols);
        ParityRun.Pair dtarget = r.acc(rows, cols);
        r.apply(be -> be.loss().unitGaussianNllBackward(mean.on(be), target.on(be), dout.on(be), dmean.on(be),
                dtarget.on(be)));
        r.check("nll dmean", dmean, Tol.of(2 * Tol.U, 4 * Tol.U, "elementwise: 2u, atol 4u"));
        r.check("nll dtarget", dtarget, Tol.of(2 * Tol.U, 4 * Tol.U, "elementwise: 2u, atol 4u"));
    }

    /**
     * Free nats at the median-ish level of kl for D = cols (σ in [0.5, 1.5), means N(0, 1): about
     * 0.5·D·(1 + 0.3)); rows near the threshold can flip only if their kl lies within the forward
     * tolerance of it, which the backward check then reports by name.
     */
    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void gaussianKl(int rows, int cols) {
        float freeNats = 0.6f * cols;
        ParityRun r = run("gaussianKl free nats " + freeNats, rows, cols);
        ParityRun.Pair muQ = r.normal(1f, rows, cols);
        ParityRun.Pair stdQ = r.uniform(0.5f, 1.5f, rows, cols);
        ParityRun.Pair muP = r.normal(1f, rows, cols);
        ParityRun.Pair stdP = r.uniform(0.5f, 1.5f, rows, cols);
        ParityRun.Pair out = r.out(rows);
        r.apply(be -> be.loss().gaussianKlForward(muQ.on(be), stdQ.on(be), muP.on(be), stdP.on(be), freeNats,
                out.on(be)));
        r.check("kl out", out, Tol.of(4 * cols * Tol.U, 1e-5 * cols, "loss.cu nll/kl rows: 4·F·u, atol 1e-5·F"));
        ParityRun.Pair dout = r.uniform(-1f, 1f, rows);
        ParityRun.Pair dmuQ = r.acc(rows, cols);
        ParityRun.Pair dstdQ = r.acc(rows, cols);
        ParityRun.Pair dmuP = r.acc(rows, cols);
        ParityRun.Pair dstdP = r.acc(rows, cols);
        r.apply(be -> be.loss().gaussianKlBackward(muQ.on(be), stdQ.on(be), muP.on(be), stdP.on(be), freeNats,
                out.on(be), dout.on(be), dmuQ.on(be), dstdQ.on(be), dmuP.on(be), dstdP.on(be)));
        Tol elementwise = Tol.of(8 * Tol.U, 4 * Tol.U, "loss.cu kl_backward elementwise: 8u, atol 4u");
        r.check("kl dmuQ", dmuQ, elementwise);
        r.check("kl dstdQ", dstdQ, elementwise);
        r.check("kl dmuP", dmuP, elementwise);
        r.check("kl dstdP", dstdP, elementwise);
    }

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void twoHot(int rows, int ignoredCols) {
        Bins bins = Bins.tdmpc2Default();
        int k = bins.numBins();
        ParityRun r = run("twoHot V=101", rows, k);
        ParityRun.Pair target = r.normal(20f, rows); // symlog spreads these over the bins, some clamp at ±10
        ParityRun.Pair enc = r.out(rows, k);
        r.apply(be -> be.loss().twoHotEncode(target.on(be), bins, enc.on(be)));
        r.check("encode", enc, Tol.of(2 * Tol.U, 4 * Tol.U, "elementwise: 2u, atol 4u"));
        ParityRun.Pair logits = r.normal(2f, rows, k);
        ParityRun.Pair ce = r.out(rows);
        r.apply(be -> be.loss().twoHotSoftCeForward(logits.on(be), target.on(be), bins, ce.on(be)));
        r.check("softCe out", ce, Tol.of(4 * k * Tol.U, 1e-6, "loss.cu rows: 4·V·u, atol 1e-6"));
        ParityRun.Pair dout = r.uniform(-1f, 1f, rows);
        ParityRun.Pair dlogits = r.acc(rows, k);
        r.apply(be -> be.loss().twoHotSoftCeBackward(logits.on(be), target.on(be), bins, dout.on(be), dlogits.on(be)));
        r.check("softCe dlogits", dlogits, Tol.of(4 * k * Tol.U, 1e-6, "loss.cu rows: 4·V·u, atol 1e-6"));
        ParityRun.Pair small = r.normal(0.3f, rows, k); // keeps |m| moderate: symexp amplifies by exp(|m|)
        ParityRun.Pair ex = r.out(rows);
        r.apply(be -> be.loss().twoHotExpectationForward(small.on(be), bins, ex.on(be)));
        r.check("expectation out", ex, Tol.of(4 * k * Tol.U * 150, 1e-6, "4·V·u·exp(|m|), |m| <= 5"));
        ParityRun.Pair dex = r.acc(rows, k);
        r.apply(be -> be.loss().twoHotExpectationBackward(small.on(be), bins, dout.on(be), dex.on(be)));
        r.check("expectation dlogits", dex, Tol.of(4 * k * Tol.U * 150, 1e-5, "4·V·u·exp(|m|), |m| <= 5"));
    }
}
