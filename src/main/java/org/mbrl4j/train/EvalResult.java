package org.mbrl4j.train;

import java.util.Arrays;

/**
 * One evaluation: the return of each episode, at agent step {@code step} ({@code envStep} env steps).
 *
 * @param returns episode returns, in episode order
 */
public record EvalResult(long step, long envStep, double[] returns) {
    public EvalResult {
        if (returns.length == 0) {
            throw new IllegalArgumentException("EvalResult: needs at least one episode");
        }
        returns = returns.clone();
    }

    @Override
    public double[] returns() {
        return returns.clone();
    }

    public double mean() {
        return Arrays.stream(returns).average().orElseThrow();
    }

    /** Population standard deviation (numpy's default {@code np.std}); 0 for one episode. */
    public double std() {
        double m = mean();
        return Math.sqrt(Arrays.stream(returns).map(r -> (r - m) * (r - m)).sum() / returns.length);
    }
}
