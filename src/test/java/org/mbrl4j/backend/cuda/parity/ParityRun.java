package org.mbrl4j.backend.cuda.parity;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.tensor.DType;
import org.mbrl4j.tensor.Tensor;

/**
 * One parity check of one op: fresh random inputs (seeded; the seed is in every failure message and
 * can be replayed with {@code -Dmbrl.parity.seed=<seed>}), the same values uploaded to the reference
 * (CPU) and the device backend, outputs poisoned with NaN on the device before the run (so an unwritten
 * element fails), accumulating gradients started from the same random values on both, then an
 * element-wise comparison reported like llm.c: op, shape, seed, the first mismatches, max errors.
 */
final class ParityRun {
    /** Poison for I32 outputs on the device. */
    static final int INT_POISON = -123456;

    /** A tensor on both backends. */
    record Pair(Tensor cpu, Tensor dev, ParityRun run) {
        Tensor on(Backend b) {
            return b == run.cpu ? cpu : dev;
        }

        float[] cpuValues() {
            return run.cpu.toArray(cpu);
        }

        float[] devValues() {
            return run.dev.toArray(dev);
        }
    }

    final Backend cpu;
    final Backend dev;
    final String op;
    final String shape;
    final long seed;
    final SplittableRandom rnd;
    private final List<Tensor> cpuTensors = new ArrayList<>();

    ParityRun(Backend cpu, Backend dev, String op, String shape, long seed) {
        if (cpu == dev) {
            throw new IllegalArgumentException("the reference and the device backend must be two instances");
        }
        this.cpu = cpu;
        this.dev = dev;
        this.op = op;
        this.shape = shape;
        this.seed = seed;
        this.rnd = new SplittableRandom(seed);
    }

    /** Uniform inputs in [lo, hi). */
    Pair uniform(float lo, float hi, int... shape) {
        float[] v = new float[n(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * (float) rnd.nextDouble();
        }
        return values(v, shape);
    }

    /** Standard normal inputs times {@code scale}. */
    Pair normal(float scale, int... shape) {
        float[] v = new float[n(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * gaussian());
        }
        return values(v, shape);
    }

    /** Integers in [lo, hi) as I32. */
    Pair ints(int lo, int hi, int... shape) {
        int[] v = new int[n(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(lo, hi);
        }
        return new Pair(cpu.fromArray(v, shape), dev.fromArray(v, shape), this);
    }

    Pair values(float[] v, int... shape) {
        return new Pair(cpu.fromArray(v, shape), dev.fromArray(v, shape), this);
    }

    /** An output: zeros on the CPU, NaN on the device. */
    Pair out(int... shape) {
        Pair p = new Pair(cpu.zeros(shape), dev.zeros(shape), this);
        dev.fill(p.dev, Float.NaN);
        return p;
    }

    /** What the device buffer around a guarded output holds, to be left untouched by the op. */
    static final float GUARD_VALUE = -8.25e30f;

    /** A device output that is an offset view inside a larger buffer whose guard bands must survive the op. */
    record Guarded(Pair pair, Tensor buffer, int guard, int n) {}

    /**
     * An output like {@link #out} whose device tensor is a view starting {@code guard} elements into a
     * buffer of n + 2·guard elements: the bands before and after hold {@link #GUARD_VALUE} and must
     * still hold it after the op ({@link #checkGuards}); an odd guard also misaligns the view.
     */
    Guarded guardedOut(int guard, int... shape) {
        int n = n(shape);
        Tensor buffer = dev.zeros(n + 2 * guard);
        dev.fill(buffer, GUARD_VALUE);
        Tensor view = new Tensor(buffer.storage(), buffer.offset() + guard, shape, false);
        dev.fill(view, Float.NaN);
        return new Guarded(new Pair(cpu.zeros(shape), view, this), buffer, guard, n);
    }

    /** Fails naming the first element written outside the guarded output's view. */
    void checkGuards(String output, Guarded g) {
        float[] all = dev.toArray(g.buffer());
        int bad = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < all.length; i++) {
            boolean inside = i >= g.guard() && i < g.guard() + g.n();
            if (!inside && Float.floatToRawIntBits(all[i]) != Float.floatToRawIntBits(GUARD_VALUE)) {
                if (bad < 5) {
                    first.append(String.format("%n    [%d] (view index %d) = %.9g", i, i - g.guard(), all[i]));
                }
                bad++;
            }
        }
        if (bad > 0) {
            throw new AssertionError(header(output, g.n(), "guard bands of " + g.guard() + " elements") + bad
                    + " elements outside the output view were written, first:" + first);
        }
    }

    /** An I32 output: zeros on the CPU, {@link #INT_POISON} on the device. */
    Pair outInt(int... shape) {
        Pair p = new Pair(cpu.tensor(DType.I32, false, shape), dev.tensor(DType.I32, false, shape), this);
        dev.fill(p.dev, INT_POISON);
        return p;
    }

    /** An accumulated gradient: the same random start on both backends. */
    Pair acc(int... shape) {
        return uniform(-1f, 1f, shape);
    }

    /** Runs the op on the reference, then on the device. */
    void apply(Consumer<Backend> op) {
        op.accept(cpu);
        op.accept(dev);
    }

    private double gaussian() {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static int n(int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }

    // ---- comparison ----

    void check(String output, Pair p, Tol tol) {
        compare(output, p.cpuValues(), p.devValues(), tol);
    }

    void checkInts(String output, Pair p) {
        int[] c = cpu.toIntArray(p.cpu);
        int[] d = dev.toIntArray(p.dev);
        StringBuilder first = new StringBuilder();
        int bad = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] != d[i]) {
                if (bad < 5) {
                    first.append(String.format("%n    [%d] cpu %d  device %d%s", i, c[i], d[i],
                            d[i] == INT_POISON ? " (never written)" : ""));
                }
                bad++;
            }
        }
        if (bad > 0) {
            throw new AssertionError(header(output, c.length, "exact") + bad + " mismatches, first:" + first);
        }
    }

    void compare(String output, float[] c, float[] d, Tol tol) {
        if (c.length != d.length) {
            throw new AssertionError(header(output, c.length, tol.source()) + "lengths differ: " + d.length);
        }
        StringBuilder first = new StringBuilder();
        int bad = 0;
        double maxAbs = 0;
        double maxRel = 0;
        double worst = 0;
        for (int i = 0; i < c.length; i++) {
            boolean ok;
            double err = Math.abs((double) d[i] - c[i]);
            if (Float.isNaN(c[i]) || Float.isNaN(d[i])) {
                ok = Float.isNaN(c[i]) && Float.isNaN(d[i]);
                err = ok ? 0 : Double.POSITIVE_INFINITY;
            } else if (tol.rtol() == 0 && tol.atolPerElement() == null && tol.atol() == 0) {
                ok = Float.floatToIntBits(c[i]) == Float.floatToIntBits(d[i]) || c[i] == d[i];
            } else {
                ok = err <= tol.threshold(i, c[i]);
            }
            double threshold = tol.threshold(i, c[i]);
            maxAbs = Math.max(maxAbs, err);
            if (c[i] != 0) {
                maxRel = Math.max(maxRel, err / Math.abs(c[i]));
            }
            worst = Math.max(worst, threshold > 0 ? err / threshold : (err > 0 ? Double.POSITIVE_INFINITY : 0));
            if (!ok) {
                if (bad < 5) {
                    first.append(String.format("%n    [%d] cpu %.9g  device %.9g  |err| %.3g  threshold %.3g%s", i, c[i],
                            d[i], err, threshold, Float.isNaN(d[i]) && !Float.isNaN(c[i]) ? " (NaN: never written?)" : ""));
                }
                bad++;
            }
        }
        if (bad > 0) {
            throw new AssertionError(header(output, c.length, tol.source()) + bad + " of " + c.length
                    + " elements outside atol + rtol·|cpu|; max abs err " + String.format("%.3g", maxAbs)
                    + ", max rel err " + String.format("%.3g", maxRel) + ", worst err/threshold "
                    + String.format("%.3g", worst) + "; first mismatches (index, cpu, device):" + first);
        }
    }

    private String header(String output, int n, String tolerance) {
        return "parity " + op + " " + output + " shape " + shape + " (" + n + " elements), seed " + seed
                + " (replay: -Dmbrl.parity.seed=" + seed + "), tolerance " + tolerance + ": ";
    }

    // ---- helpers for tolerances ----

    static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** Per-element atol c·L·u·Σ|terms| from a host-computed Σ|terms| per output element. */
    static double[] sumBound(double[] absSums, double lengthFactor) {
        double[] out = new double[absSums.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = lengthFactor * Tol.U * absSums[i];
        }
        return out;
    }
}
