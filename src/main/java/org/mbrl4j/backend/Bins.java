package org.mbrl4j.backend;

/**
 * The discrete-regression support of TD-MPC2 (tdmpc2 common/math.py): {@code numBins} evenly spaced
 * centers from {@code vmin} to {@code vmax} in symlog space, spacing {@code (vmax - vmin)/(numBins - 1)}.
 */
public record Bins(int numBins, float vmin, float vmax) {

    public Bins {
        if (numBins < 2) {
            throw new IllegalArgumentException("num_bins=" + numBins + " must be >= 2 for two-hot regression");
        }
        if (!(vmax > vmin)) {
            throw new IllegalArgumentException("vmax=" + vmax + " must be greater than vmin=" + vmin);
        }
    }

    /** The reference defaults: 101 bins over [-10, 10]. */
    public static Bins tdmpc2Default() {
        return new Bins(101, -10f, 10f);
    }

    public float binSize() {
        return (vmax - vmin) / (numBins - 1);
    }

    public float center(int j) {
        return vmin + j * binSize();
    }
}
