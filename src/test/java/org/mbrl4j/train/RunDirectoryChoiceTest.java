package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.config.ConfigException;

/**
 * A run writes only into its own directory: a resume from a copy starts a new one and leaves the
 * source's untouched; a fresh run into a non-empty directory stops with the ways on, each of which
 * works; stale temp files are removed at start.
 */
class RunDirectoryChoiceTest {
    @TempDir
    Path work;

    @Test
    void aCopyOfACheckpointResumesIntoANewDirectoryAndLeavesTheSourceUntouched() throws Exception {
        var first = TrainerFixture.train(TrainerFixture.config(work, "steps=400", "checkpoint_every=200")).result();
        Path source = first.dir().root();
        Checkpoint latest = Checkpoint.read(first.dir().checkpoint(RunDirectory.LATEST));
        Path copies = Files.createDirectories(work.resolve("tmp"));
        Path copy = copies.resolve("copy.safetensors");
        Files.copy(latest.path(), copy);
        Files.copy(BufferFile.of(latest), copies.resolve(BufferFile.of(latest).getFileName()));
        Map<String, byte[]> sourceBefore = contents(source);
        Map<String, byte[]> copiesBefore = contents(copies);

        Checkpoint ck = Checkpoint.read(copy);
        var resumed = TrainerFixture.train(CheckpointConfig.load(ck, List.of("checkpoint=" + copy, "steps=600")),
                Optional.of(ck));
        Path into = resumed.result().dir().root();
        assertNotEquals(source, into);
        assertEquals(source.getParent(), into.getParent());
        assertTrue(into.getFileName().toString().matches("seed1-\\d{4}-\\d\\d-\\d\\d_\\d\\d-\\d\\d-\\d\\d(-\\d+)?"),
                into.toString());
        assertTrue(resumed.console().contains("resumed from " + copy + ", which lies outside this run directory"),
                resumed.console());
        assertEquals(copy + " (step 400)\n", Files.readString(into.resolve("resumed_from")));
        assertTrue(Files.readString(into.resolve("config.yaml")).contains("# resumed from " + copy + "\n"));
        assertTrue(Files.exists(into.resolve("checkpoints/final.safetensors")));
        assertEquals(600, Checkpoint.read(into.resolve("checkpoints/final.safetensors")).trainer().step());

        assertEqualContents(sourceBefore, contents(source), "the source run directory");
        assertEqualContents(copiesBefore, contents(copies), "the folder of the copy");
    }

    @Test
    void aFreshRunIntoANonEmptyDirectoryOffersThreeChoicesAndEachWorks() throws Exception {
        var config = TrainerFixture.config(work, "steps=200");
        RunDirectory dir = TrainerFixture.train(config).result().dir();
        Path fin = dir.checkpoint(RunDirectory.FINAL);
        Files.writeString(dir.root().resolve("notes.txt"), "an earlier run's file");

        var e = assertThrows(TrainException.class, () -> TrainerFixture.train(config));
        String m = e.getMessage();
        assertTrue(m.startsWith("run directory " + dir.root() + " already holds the files of an earlier run ("), m);
        assertTrue(m.contains("\n  1. continue that run from its last checkpoint: ./mbrl train checkpoint=" + fin
                + "\n  2. replace it: add overwrite=true (deletes its logs and checkpoints first)"
                + "\n  3. keep it and start a new run beside it: add run_dir=auto (a new folder such as seed1-"), m);
        assertEquals(3, m.lines().filter(l -> l.matches("  \\d\\. .*")).count(), m);

        // 3: run_dir=auto writes beside it and leaves it alone
        Map<String, byte[]> before = contents(dir.root());
        var auto = TrainerFixture.train(TrainerFixture.config(work, "steps=200", "run_dir=auto")).result();
        assertEquals(dir.root().getParent(), auto.dir().root().getParent());
        assertTrue(auto.dir().root().getFileName().toString().startsWith("seed1-"), auto.dir().root().toString());
        assertEqualContents(before, contents(dir.root()), "the earlier run with run_dir=auto");
        assertTrue(Files.exists(auto.dir().checkpoint(RunDirectory.FINAL)));

        // 1: continuing from the checkpoint named in the message trains on in the same directory
        Checkpoint ck = Checkpoint.read(fin);
        var longer = TrainerFixture.train(CheckpointConfig.load(ck, List.of("checkpoint=" + fin, "steps=400")),
                Optional.of(ck)).result();
        assertEquals(dir.root(), longer.dir().root());
        assertEquals(400, Checkpoint.read(fin).trainer().step());

        // 2: overwrite=true deletes the earlier run's files, then trains afresh
        var fresh = TrainerFixture.train(TrainerFixture.config(work, "steps=200", "overwrite=true"));
        assertEquals(dir.root(), fresh.result().dir().root());
        assertFalse(Files.exists(dir.root().resolve("notes.txt")));
        assertEquals(List.of("step,episode_reward,episode_reward_std", "0", "200"), Files.readAllLines(dir.evalCsv()).stream()
                .map(l -> l.startsWith("step") ? l : l.split(",")[0]).toList(), "only the new run's rows");
        assertEquals(200, Checkpoint.read(fin).trainer().step());
        assertTrue(Files.readString(dir.configYaml()).contains("\noverwrite: false\n"),
                "config.yaml records overwrite=false: replaying it must not delete the run");
    }

    @Test
    void overwriteIsRefusedWhenItWouldDeleteTheCheckpointBeingResumed() throws Exception {
        RunDirectory dir = TrainerFixture.train(TrainerFixture.config(work, "steps=200")).result().dir();
        Path fin = dir.checkpoint(RunDirectory.FINAL);
        Checkpoint ck = Checkpoint.read(fin);
        var config = CheckpointConfig.load(ck, List.of("checkpoint=" + fin, "steps=400", "overwrite=true"));
        var e = assertThrows(ConfigException.class, () -> TrainerFixture.train(config, Optional.of(ck)));
        assertTrue(e.getMessage().contains("overwrite=true would delete the checkpoint this run resumes from"),
                e.getMessage());
        assertEquals(200, Checkpoint.read(fin).trainer().step());
    }

    @Test
    void staleTemporaryFilesAreRemovedAtStart() throws Exception {
        Path root = work.resolve("pendulum/default/seed1");
        Path a = Files.createDirectories(root.resolve("checkpoints")).resolve(".latest.safetensors.4242-1.tmp");
        Path b = root.resolve(".eval.csv.4242-2.tmp");
        Files.writeString(a, "half a checkpoint");
        Files.writeString(b, "half a log");
        var run = TrainerFixture.train(TrainerFixture.config(work, "steps=200"));
        assertEquals(root, run.result().dir().root(), "a directory holding only temp files is empty");
        assertFalse(Files.exists(a) || Files.exists(b));
        assertTrue(run.console().contains("removed 2 stale temporary files (.tmp, from a run killed while writing)"),
                run.console());
    }

    /** Every file under {@code dir} by relative path, with its bytes. */
    static Map<String, byte[]> contents(Path dir) throws IOException {
        var out = new TreeMap<String, byte[]>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    static void assertEqualContents(Map<String, byte[]> want, Map<String, byte[]> got, String what) {
        assertEquals(want.keySet(), got.keySet(), what + ": the same files");
        want.forEach((name, bytes) -> assertTrue(java.util.Arrays.equals(bytes, got.get(name)),
                what + ": " + name + " changed"));
    }
}
