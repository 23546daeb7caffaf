package org.mbrl4j.testing;

import java.util.SplittableRandom;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * Fresh random inputs for every test run. The seed comes from the clock unless
 * {@code -Dmbrl.test.seed=N} replays a failure; put {@link #seed()} in every failure message.
 */
public final class TestRandom {
    private final long seed;
    private final SplittableRandom rnd;

    public TestRandom() {
        this(Long.getLong("mbrl.test.seed", System.nanoTime()));
    }

    public TestRandom(long seed) {
        this.seed = seed;
        this.rnd = new SplittableRandom(seed);
    }

    public long seed() {
        return seed;
    }

    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    public int nextInt(int bound) {
        return rnd.nextInt(bound);
    }

    public int nextInt(int lo, int hi) {
        return rnd.nextInt(lo, hi);
    }

    public long nextLong() {
        return rnd.nextLong();
    }

    public float[] floats(int n, double lo, double hi) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) uniform(lo, hi);
        }
        return a;
    }

    public float[] normals(int n, double std) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (std * gaussian());
        }
        return a;
    }

    public double gaussian() {
        double u1 = 1.0 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** A persistent tensor of uniform values in [lo, hi). */
    public Tensor uniform(Backend be, boolean requiresGrad, double lo, double hi, int... shape) {
        Tensor t = be.tensor(DType.F32, requiresGrad, shape);
        be.upload(floats((int) t.numel(), lo, hi), 0, t);
        return t;
    }

    /** A persistent tensor of N(0, std^2) values. */
    public Tensor normal(Backend be, boolean requiresGrad, double std, int... shape) {
        Tensor t = be.tensor(DType.F32, requiresGrad, shape);
        be.upload(normals((int) t.numel(), std), 0, t);
        return t;
    }

    /** A persistent int tensor of values in [lo, hi). */
    public Tensor ints(Backend be, int lo, int hi, int... shape) {
        Tensor t = be.tensor(DType.I32, false, shape);
        int[] a = new int[(int) t.numel()];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextInt(lo, hi);
        }
        be.upload(a, 0, t);
        return t;
    }
}
