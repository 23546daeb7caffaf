package org.mbrl4j.train;

/**
 * Axis ticks at "nice" numbers (1, 2 or 5 × 10^k apart) covering a data range, after Heckbert's
 * "Nice numbers for graph labels" (Graphics Gems, 1990): spacing = nice(range / (ticks − 1)), and the
 * axis is widened to whole ticks.
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
        // Heckbert first rounds the range up to a nice number; spacing from the raw range wastes less of the axis
        double spacing = nice((max - min) / Math.max(1, targetTicks - 1));
        return new NiceTicks(Math.floor(min / spacing) * spacing, Math.ceil(max / spacing) * spacing, spacing);
    }

    int count() {
        return (int) Math.round((hi - lo) / spacing) + 1;
    }

    double tick(int i) {
        return lo + i * spacing;
    }

    /** x rounded to the nearest of 1, 2, 5 or 10 × 10^k. */
    private static double nice(double x) {
        double exp = Math.floor(Math.log10(x));
        double f = x / Math.pow(10, exp);
        double nf = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
        return nf * Math.pow(10, exp);
    }
}
