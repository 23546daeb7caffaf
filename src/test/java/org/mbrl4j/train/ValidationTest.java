package org.mbrl4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.agent.BatchShape;
import org.mbrl4j.buffer.Batch;
import org.mbrl4j.buffer.Episode;
import org.mbrl4j.buffer.EpisodeBuffer;
import org.mbrl4j.config.TrainerConfig;
import org.mbrl4j.config.TrainerKind;
import org.mbrl4j.env.ObsSpec;
import org.mbrl4j.rng.Rng;

/** The validation buffers (docs/training-features.md#validation): held-out episodes are never trained on. */
class ValidationTest {
    @TempDir
    Path work;

    @Test
    void heldOutEpisodesNeverAppearInATrainingBatch() throws Exception {
        var config = new TrainerConfig(TrainerKind.ONLINE, null, 1, 0, 0.3, false, false, 0, "pi,q", 0, 1);
        var validation = new Validation(config, (batch, rng) -> Map.of(), new BatchShape(16, 3), 7, 1,
                work.resolve("validation.csv"), ObsSpec.vector(1), 1, 10_000);
        var train = new EpisodeBuffer(ObsSpec.vector(1), 1, 10_000);
        Set<Float> heldOut = new HashSet<>();
        for (int k = 0; k < 100; k++) {
            validation.store(marked(k), k, train);
            if (train.episodes() == 0 || train.episode(train.episodes() - 1).reward()[0] != k) {
                heldOut.add((float) k);
            }
        }
        assertEquals(validation.heldOutEpisodes(), heldOut.size());
        assertTrue(heldOut.size() > 15 && heldOut.size() < 45, "about 30 of 100 held out: " + heldOut.size());
        assertFalse(heldOut.contains(0f), "the first episode trains: an update needs one");
        Rng sampler = new Rng(11, 3);
        Set<Float> sampled = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            Batch b = train.sample(16, 3, sampler);
            for (float r : b.reward()) {
                assertFalse(heldOut.contains(r), "held-out episode " + r + " in a training batch");
                sampled.add(r);
            }
        }
        assertEquals(100 - heldOut.size(), sampled.size(), "every training episode is sampled at some point");
        for (int k = 0; k < 100; k++) {
            assertEquals(heldOut.contains((float) k), k > 0 && validation.holdsOut(k), "the draw of episode " + k);
        }
    }

    @Test
    void aRunWithValidationTrainsOnTheOtherEpisodesAndLogsTheLossesOfBothBuffers() throws Exception {
        var run = TrainerFixture.train(TrainerFixture.config(work, "steps=1000", "eval_freq=400",
                "validation_fraction=0.5", "validation_recent_eval=true")).result();
        Checkpoint fin = Checkpoint.read(run.dir().checkpoint(RunDirectory.FINAL));
        EpisodeBuffer replay = BufferFile.read(BufferFile.of(fin), 1000, fin.buffer(), ObsSpec.vector(3), 1, 1000);
        List<String> rows = Files.readAllLines(run.dir().root().resolve(Validation.FILE_NAME));
        assertEquals("step,env_step,set,episodes,transitions,consistency_loss,reward_loss,value_loss", rows.get(0));
        // 5 training episodes: the replay holds those not held out; the last validation row counts the others
        var lastValidation = rows.stream().filter(r -> r.contains(",validation,")).reduce((a, b) -> b);
        long heldOut = lastValidation.map(r -> Long.parseLong(r.split(",")[3])).orElse(0L);
        assertEquals(5, replay.episodes() + heldOut, rows.toString());
        // recent_eval rows at every evaluation (0, 400, 800 and the final 1000), one 200-step episode each
        assertEquals(List.of("0", "400", "800", "1000"), rows.stream().filter(r -> r.contains(",recent_eval,"))
                .map(r -> r.split(",")[0]).toList());
        rows.stream().skip(1).forEach(r -> Arrays.stream(r.split(",")).skip(5)
                .forEach(v -> assertTrue(Double.isFinite(Double.parseDouble(v)), r)));
    }

    @Test
    void validationChangesNothingTrainingReads() throws Exception {
        var plain = TrainerFixture.train(TrainerFixture.config(work, "steps=500", "exp_name=plain")).result();
        var recent = TrainerFixture.train(TrainerFixture.config(work, "steps=500", "exp_name=recent",
                "validation_recent_eval=true")).result();
        assertEquals(Files.readAllLines(plain.dir().evalCsv()), Files.readAllLines(recent.dir().evalCsv()));
        var a = Checkpoint.read(plain.dir().checkpoint(RunDirectory.FINAL)).agent();
        var b = Checkpoint.read(recent.dir().checkpoint(RunDirectory.FINAL)).agent();
        assertEquals(a.scalars(), b.scalars());
        for (int i = 0; i < a.tensors().size(); i++) {
            assertTrue(Arrays.equals(a.tensors().get(i).floats(), b.tensors().get(i).floats()),
                    a.tensors().get(i).name());
        }
        assertTrue(Files.exists(recent.dir().root().resolve(Validation.FILE_NAME)));
        assertFalse(Files.exists(plain.dir().root().resolve(Validation.FILE_NAME)), "off by default");
    }

    /** A 10-step episode whose rewards are all k: a batch's rewards name the episodes it came from. */
    private static Episode marked(int k) {
        float[] reward = new float[10];
        Arrays.fill(reward, k);
        return Episode.ofVectors(1, 1, new float[11], new float[10], reward, new float[10]);
    }
}
