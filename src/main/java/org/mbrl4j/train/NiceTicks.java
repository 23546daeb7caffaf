package org.mbrl4j.train;

/**
 * Axis ticks at "nice" numbers (1, 2 or 5 × 10^k apart) covering a data range, after Heckbert's
 * "Nice numbers for graph labels" (Graphics Gems, 1990). The axis is widened to whole ticks.
 *
 * @param lo first tick (≤ the data minimum)
 * @param hi last tick (≥ the data maximum)
 * @param spacing distance between ticks
 */
record NiceTicks(double lo, double hi, double spacing) {

    static NiceTicks of(double min, double max, int targetTicks) {
        if (!(max > min)) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            min -= pad;
            max += pad;
        }
        double range = nice(max - min, false);
        double spacing = nice(range / Math.max(1, targetTicks - 1), true);
        return new NiceTicks(Math.floor(min / spacing) * spacing, Math.ceil(max / spacing) * spacing, spacing);
    }

    int count() {
        return (int) Math.round((hi - lo) / spacing) + 1;
    }

    double tick(int i) {
        return lo + i * spacing;
    }

    /** A nice number near x: rounded to 1, 2, 5 or 10 × 10^k, or the smallest such at least x. */
    private static double nice(double x, boolean round) {
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf;
        if (round) {
            nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        } else {
            nf = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
        }
        return nf * Math.pow(10, exp);
    }
}
