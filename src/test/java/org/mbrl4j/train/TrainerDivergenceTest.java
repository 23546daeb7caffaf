package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.DivergedException;
import org.mbrl4j.backend.cpu.CpuBackend;
import org.mbrl4j.io.TensorData;

/**
 * A diverging run stops at its first non-finite value with the step, the value and the keys, after the
 * train.csv row of its healthy updates and a last good checkpoint of finite values only.
 */
class TrainerDivergenceTest {
    @TempDir
    Path work;

    private record Diverged(DivergedException error, String console, Path dir) {}

    private Diverged train(String... extra) throws Exception {
        var text = new StringWriter();
        var out = new PrintWriter(text);
        var config = TrainerFixture.config(work, extra);
        try (var backend = new CpuBackend();
                var trainer = new OnlineTrainer(config, backend, Optional.empty(), OnlineTrainer.Options.of(out, false))) {
            var e = assertThrows(DivergedException.class, trainer::run);
            out.flush();
            return new Diverged(e, text.toString(), trainer.directory().root());
        }
    }

    @Test
    void lrOf1e30StopsAtTheSecondUpdateWithAFiniteLastGoodCheckpointAndNoNanInTrainCsv() throws Exception {
        var r = train("lr=1e30");
        String m = r.error().getMessage();
        // update 1 steps every parameter by about lr; update 2 then meets values that overflow
        assertTrue(m.startsWith("training diverged at agent step 200 (env step 200): "), m);
        assertTrue(m.contains(" = NaN at update 2.") || m.contains(" = Infinity at update 2."), m);
        assertEquals(2, r.error().divergence().update());
        assertTrue(m.contains("Likely keys to change, those you set first: lr=1.0E30 (override), "), m);
        assertTrue(m.contains("grad_clip_norm=20"), m);
        Path lastGood = r.dir().resolve("checkpoints/" + OnlineTrainer.LAST_GOOD + ".safetensors");
        assertTrue(m.contains("the last good state is saved in " + lastGood), m);
        assertTrue(r.console().contains("checkpoint: " + lastGood + " (step 200"), r.console());
        assertAllFinite(Checkpoint.read(lastGood));
        assertEquals(1, Checkpoint.read(lastGood).trainer().updates(), "the healthy update only");

        List<String> rows = Files.readAllLines(r.dir().resolve("train.csv"));
        assertEquals(2, rows.size(), "the header and the row of the healthy update: " + rows);
        assertTrue(rows.get(1).startsWith("200,200,1,"), rows.get(1));
        assertFalse(rows.get(1).contains("NaN") || rows.get(1).contains("Infinity"), rows.get(1));
    }

    @Test
    void anInfiniteGradientNormFromConsistencyCoef1e30StopsAtTheFirstUpdateAndNamesTheCoefficientFirst()
            throws Exception {
        var r = train("consistency_coef=1e30");
        String m = r.error().getMessage();
        assertTrue(m.startsWith("training diverged at agent step 200 (env step 200): grad_norm = Infinity at update 1."
                + "\n  No optimizer step took that value; the last good state is saved in "), m);
        assertTrue(m.contains("Likely keys to change, those you set first: consistency_coef=1.0E30 (override), lr=0.0003,"
                + " grad_clip_norm=20, "), m);
        assertTrue(m.endsWith("Logs: " + r.dir()), m);
        var ck = Checkpoint.read(r.dir().resolve("checkpoints/" + OnlineTrainer.LAST_GOOD + ".safetensors"));
        assertAllFinite(ck);
        assertEquals(0, ck.trainer().updates());
        assertEquals(List.of("0", "200"), Files.readAllLines(r.dir().resolve("eval.csv")).stream().skip(1)
                .map(l -> l.split(",")[0]).toList(), "both evaluations before the divergence were logged");
    }

    @Test
    void withSaveAgentFalseTheMessageSaysNoCheckpointWasWritten() throws Exception {
        var r = train("consistency_coef=1e30", "save_agent=false");
        assertTrue(r.error().getMessage().contains("No optimizer step took that value; no checkpoint written"
                + " (save_agent=false)."), r.error().getMessage());
        assertFalse(Files.exists(r.dir().resolve("checkpoints/" + OnlineTrainer.LAST_GOOD + ".safetensors")));
    }

    private static void assertAllFinite(Checkpoint ck) {
        for (TensorData t : ck.agent().tensors()) {
            for (float v : t.floats()) {
                assertTrue(Float.isFinite(v), t.name() + " holds " + v);
            }
        }
        assertTrue(Float.isFinite(Float.parseFloat(ck.agent().scalars().get("running_scale"))));
    }
}
