package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TD-MPC2 from pixels resumes bit for bit: the random shifts draw from the update stream, whose counter
 * the checkpoint holds, and the replay buffer's frames come back byte-exact.
 */
class PixelResumeTest {
    @TempDir
    Path work;

    @Test
    void aResumedPixelRunContinuesBitForBit() throws Exception {
        var config = TrainerFixture.config(work, "obs=rgb", "num_channels=4", "steps=415", "checkpoint_every=400",
                "batch_size=4", "eval_freq=1000");
        ResumedRun r = ResumedRun.of(config);
        assertEquals(400, r.checkpoint().trainer().step());
        assertEquals(15, r.fullUpdatesFromCheckpoint().size(), "updates at steps 400..414");
        r.assertContinuesBitForBit(List.of());
    }
}
