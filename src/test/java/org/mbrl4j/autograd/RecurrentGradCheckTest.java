package org.mbrl4j.autograd;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mbrl4j.backend.Backend;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.tensor.Tensor;
import org.mbrl4j.testing.GradCheck;
import org.mbrl4j.testing.TestRandom;

/** RecurrentFn backward against central differences, with leading dims (B, T) as the RSSM will pass. */
class RecurrentGradCheckTest {
    private final Backend be = new CpuBackend();

    @Test
    void gruCellAllInputs() {
        TestRandom rnd = new TestRandom();
        Tensor gi = rnd.normal(be, true, 1.5, 2, 3, 3 * 5);
        Tensor gh = rnd.normal(be, true, 1.5, 2, 3, 3 * 5);
        Tensor h = rnd.uniform(be, true, -1, 1, 2, 3, 5);
        GradCheck.of("gruCell").check(be, rnd, List.of(gi, gh, h), g -> RecurrentFn.gruCell(g, gi, gh, h));
    }
}
