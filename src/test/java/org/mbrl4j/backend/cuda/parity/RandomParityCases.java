package org.mbrl4j.backend.cuda.parity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.backend.DenseOps.DropoutSpec;
import org.mbrl4j.rng.PhiloxKey;

/**
 * Parity of kernels/random.cu against rng/Philox: uniforms, integers, categorical picks and dropout
 * masks bit-exact; normals within one ulp (double libm in both). Keys are fresh per run,
 * with non-zero stream and a counter above 2^32 so every word of the key is exercised.
 */
abstract class RandomParityCases extends ParityCases {
    /**
     * normal(mean 0.5, std 2): one ulp relative (rtol 2^-23 is at least one ulp of |cpu| at every
     * magnitude; 2^-24 was half an ulp at powers of two) plus atol 2^-23·std for a one-ulp flip of
     * the standard normal n near out = 0.
     */
    static final Tol NORMAL = Tol.of(2 * Tol.U, 2 * Tol.U * 2, "random.cu: one ulp relative (rtol 2^-23), atol 2^-23·std");

    @ParameterizedTest(name = "rows={0} cols={1}")
    @MethodSource("rowsCols")
    void draws(int rows, int cols) {
        ParityRun r = run("random", rows, cols);
        PhiloxKey key = new PhiloxKey(r.rnd.nextLong(), r.rnd.nextLong(), (1L << 32) + r.rnd.nextInt(1 << 20));
        ParityRun.Pair uni = r.out(rows, cols);
        r.apply(be -> be.random().uniform(key, -2f, 3f, uni.on(be)));
        r.check("uniform", uni, Tol.exact());
        ParityRun.Pair nrm = r.out(rows, cols);
        r.apply(be -> be.random().normal(key.advance(1000), 0.5f, 2f, nrm.on(be)));
        r.check("normal", nrm, NORMAL);
        ParityRun.Pair ints = r.outInt(rows, cols);
        r.apply(be -> be.random().randint(key.advance(2000), -5, 17, ints.on(be)));
        r.checkInts("randint", ints);
        ParityRun.Pair probs = r.uniform(0f, 1f, rows, cols);
        ParityRun.Pair pick = r.outInt(rows);
        r.apply(be -> be.random().categorical(key.advance(3000), probs.on(be), pick.on(be)));
        r.checkInts("categorical", pick);
        ParityRun.Pair x = r.normal(1f, rows, cols);
        DropoutSpec spec = new DropoutSpec(0.3f, key.advance(4000));
        ParityRun.Pair dropped = r.out(rows, cols);
        r.apply(be -> be.random().dropoutForward(x.on(be), spec, dropped.on(be)));
        r.check("dropout out", dropped, Tol.exact());
        ParityRun.Pair dx = r.acc(rows, cols);
        r.apply(be -> be.random().dropoutBackward(spec, x.on(be), dx.on(be)));
        r.check("dropout dx", dx, Tol.of(Tol.U, 2 * Tol.U, "accumulate of an exact mask: 1 rounding"));
    }

    /** The Fisher-Yates prefix of every n in 1..12 (K = min(2, n) and K = n), integers bit-exact. */
    @ParameterizedTest(name = "n={0}")
    @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2, 3, 5, 8, 12})
    void permutationPrefix(int n) {
        ParityRun r = run("permutationPrefix", n);
        PhiloxKey key = new PhiloxKey(r.rnd.nextLong(), r.rnd.nextLong(), (1L << 32) + r.rnd.nextInt(1 << 20));
        for (int k : new int[] {Math.min(2, n), n}) {
            ParityRun.Pair out = r.outInt(k);
            r.apply(be -> be.random().permutationPrefix(key, n, out.on(be)));
            r.checkInts("prefix K=" + k, out);
        }
    }
}
