package org.mbrl4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mbrl4j.train.Checkpoint;
import org.mbrl4j.train.DatasetFile;
import org.mbrl4j.train.Plural;
import org.mbrl4j.train.TrainException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mbrl export-buffer CHECKPOINT OUT}: the replay buffer saved with a checkpoint as a dataset for
 * offline training ({@link DatasetFile}; docs/training-features.md#dataset-format).
 */
@Command(
        name = "export-buffer",
        header = "Write a checkpoint's replay buffer as a dataset for offline training (trainer=offline).",
        description = {"",
                "Reads the replay buffer saved beside CHECKPOINT and writes it to OUT as a safetensors dataset:"
                + " obs, action, reward, terminated and the episode boundaries episode_length, with the task and"
                + " the shapes in its metadata (docs/training-features.md#dataset-format). Train on it with"
                + " 'mbrl train trainer=offline dataset=OUT'.",
                ""},
        footer = {"", "Examples:",
                "  mbrl export-buffer runs/pendulum/default/seed1/checkpoints/final.safetensors pendulum-20k.safetensors",
                "  mbrl train trainer=offline dataset=pendulum-20k.safetensors steps=20000 exp_name=offline"})
final class ExportBufferCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "CHECKPOINT", description = "A checkpoint written by mbrl train, with"
            + " its replay buffer file beside it.")
    Path checkpoint;

    @Parameters(index = "1", paramLabel = "OUT", description = "The dataset file to write (.safetensors).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var console = spec.commandLine().getOut();
        try {
            DatasetFile.Summary s = DatasetFile.export(Checkpoint.read(checkpoint), out);
            console.println("dataset: " + s.path() + ": " + Plural.of(s.episodes(), "episode") + ", "
                    + Plural.of(s.transitions(), "transition") + " of task " + s.task() + " (observations " + s.obs()
                    + ", action size " + s.actionDim() + ")");
            console.println("train on it: mbrl train trainer=offline dataset=" + s.path());
        } catch (TrainException e) {
            throw new CliException(e.getMessage(), Main.EXIT_USAGE);
        }
        console.flush();
        return 0;
    }
}
