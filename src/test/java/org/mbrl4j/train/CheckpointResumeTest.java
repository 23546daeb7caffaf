package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming from a checkpoint: bit for bit in a child JVM (scalar kernels), and the logs after a "crash". */
class CheckpointResumeTest {
    private static final long CHILD_TIMEOUT_SECONDS = 600;

    @TempDir
    Path work;

    @Test
    void aResumedRunContinuesBitForBitAndRestoredAgentsActIdentically() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Dmbrl.cpu.vectorBits=0", "-Xmx2g", "-cp", cp,
                DeterminismProbe.class.getName(), work.toString()).redirectErrorStream(true).start();
        boolean finished = p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            p.destroyForcibly();
        }
        assertTrue(finished, "probe timed out:\n" + output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("resume: 101 updates from step 400 equal the uninterrupted run's"), output);
        assertTrue(output.contains("resume: final checkpoints hold identical tensors and counters"), output);
        assertTrue(output.contains("round trip: 5 actions, an update and the next action are bit-identical"), output);
    }

    /**
     * A run that "crashed" after its checkpoint at step 400 (its logs go on to 600) resumes into the
     * same directory: the rows after the checkpoint are dropped and written again, none twice.
     */
    @Test
    void resumingIntoTheSameDirectoryCutsTheLogsBackToTheCheckpoint() throws Exception {
        var config = TrainerFixture.config(work, "steps=500", "checkpoint_every=400");
        var first = TrainerFixture.train(config).result();
        Path latest = first.dir().checkpoint(RunDirectory.LATEST);
        var ck = Checkpoint.read(latest);
        assertEquals(400, ck.trainer().step());
        assertEquals(2, ck.trainer().episodesStarted(), "episodes 0 and 1 ran; episode 2 starts after the checkpoint");

        var resumedConfig = CheckpointConfig.load(ck, List.of("checkpoint=" + latest));
        var second = TrainerFixture.train(resumedConfig, Optional.of(ck));
        assertTrue(second.console().contains("resume: dropped "), second.console());
        assertTrue(second.console().contains("replay buffer: 2 episodes (400 transitions) from "), second.console());
        assertEquals(List.of(), second.result().evals(), "the eval at 400 ran before the checkpoint");
        assertEquals(first.updates(), second.result().updates());

        assertEquals(List.of("0", "200", "400"), firstColumn(first.dir().evalCsv()));
        assertEquals(List.of("200", "300", "400", "500"), firstColumn(first.dir().trainCsv()));
        var trainRows = Files.readAllLines(first.dir().trainCsv());
        assertEquals(first.dir().trainCsv().toString(), second.result().dir().trainCsv().toString());
        double elapsedAt300 = Double.parseDouble(last(trainRows.get(2)));
        double elapsedAt400 = Double.parseDouble(last(trainRows.get(3)));
        assertTrue(elapsedAt400 >= elapsedAt300, "elapsed_s continues across the resume: " + trainRows);
    }

    @Test
    void withoutItsBufferFileAResumedRunRefillsBeforeUpdating() throws Exception {
        // the first run only collects (seed_steps above steps); the resumed one may learn from step 200
        var config = TrainerFixture.config(work, "steps=400", "seed_steps=1000", "checkpoint_every=200",
                "eval_freq=1000");
        var first = TrainerFixture.train(config).result();
        Path latest = first.dir().checkpoint(RunDirectory.LATEST);
        Files.delete(BufferFile.beside(latest));
        var ck = Checkpoint.read(latest);
        assertEquals(400, ck.trainer().step());
        var updatesAt = new ArrayList<Long>();
        var longer = CheckpointConfig.load(ck, List.of("checkpoint=" + latest, "steps=700", "seed_steps=200",
                "exp_name=longer"));
        var text = new java.io.StringWriter();
        var result = TrainerFixture.train(longer, Optional.of(ck), OnlineTrainer.Options.of(
                new java.io.PrintWriter(text), false).withUpdateListener((s, m) -> updatesAt.add(s))).result();
        assertTrue(text.toString().contains("warning: no replay buffer file"), text.toString());
        // the 200-step refill episode starts at 400 and is added at 600; updates resume there
        assertEquals(600L, updatesAt.getFirst());
        assertEquals(101, updatesAt.size());
        assertEquals(0, ck.trainer().updates());
        assertEquals(101, result.updates());
    }

    private static List<String> firstColumn(Path csv) throws Exception {
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")[0]).toList();
    }

    private static String last(String row) {
        return row.substring(row.lastIndexOf(',') + 1);
    }
}
