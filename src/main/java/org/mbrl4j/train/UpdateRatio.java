package org.mbrl4j.train;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.mbrl4j.agent.UpdateSchedule;

/**
 * The update-to-data ratio {@code utd} applied to an agent's {@link UpdateSchedule}
 * (docs/training-features.md#update-to-data-ratio). The pretraining burst at step == seed_steps is left as
 * the schedule has it; each later update block n = (step − seed_steps) / period (n = 1, 2, …) of u updates
 * becomes:
 * <ul>
 *   <li>utd ≥ 1: floor(n·u·utd) − floor((n−1)·u·utd) updates, so after n blocks exactly floor(n·u·utd) have
 *       run (utd = 2: 2u per block; utd = 2.5 with u = 1: 2, 3, 2, 3, …). utd is taken as the decimal it
 *       prints as (1.1 is 11/10, not the binary double nearest it), so the count is exact.</li>
 *   <li>utd &lt; 1: u updates at every k-th block, k = round(1/utd) (0.5 → every 2nd, 0.3 → every 3rd: an
 *       effective ratio of 1/k, which {@link #effective()} reports).</li>
 * </ul>
 * utd = 1 is the schedule itself. A pure function of the step, so a resumed run continues the same sequence.
 */
record UpdateRatio(double utd) {

    UpdateRatio {
        if (!(utd > 0) || !Double.isFinite(utd)) {
            throw new IllegalArgumentException("UpdateRatio: utd=" + utd + " must be finite and > 0");
        }
    }

    /** Updates at agent step {@code step} under {@code schedule}, for a run with {@code seedSteps} random steps. */
    int updatesAt(UpdateSchedule schedule, long step, int seedSteps) {
        int u = schedule.updatesAt(step, seedSteps);
        if (u == 0 || step == seedSteps || utd == 1.0) {
            return u;
        }
        long block = (step - seedSteps) / schedule.period();
        if (utd < 1) {
            return block % everyKth() == 0 ? u : 0;
        }
        BigDecimal rate = BigDecimal.valueOf(utd).multiply(BigDecimal.valueOf(u));
        return Math.toIntExact(floor(rate, block) - floor(rate, block - 1));
    }

    /** k of utd &lt; 1: one block of updates in every k. */
    long everyKth() {
        return Math.max(1, Math.round(1 / utd));
    }

    /** The ratio the rule realizes: utd itself at and above 1, 1/round(1/utd) below. */
    double effective() {
        return utd >= 1 ? utd : 1.0 / everyKth();
    }

    private static long floor(BigDecimal rate, long n) {
        return rate.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.FLOOR).longValueExact();
    }
}
