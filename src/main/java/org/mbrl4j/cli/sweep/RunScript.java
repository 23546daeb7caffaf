package org.mbrl4j.cli.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a run's {@code seed<S>.sh}: the one command both launchers (and a person) use to start the run or
 * resume it. It skips a run whose {@code .exit} says 0; resumes from {@code checkpoints/latest.safetensors}
 * when there is one (a killed, requeued or resubmitted run: the trainer's resume is bit-exact); restarts with
 * {@code overwrite=true} a run killed before its first checkpoint; otherwise starts it. It appends its console
 * to {@code seed<S>.log} and writes the exit status to {@code seed<S>.exit}. CPU threads: $MBRL_SWEEP_THREADS
 * (the local launcher), else $SLURM_CPUS_PER_TASK, else {@code resources.cpus_per_task}.
 */
final class RunScript {
    private RunScript() {}

    static void write(SweepLayout layout, SweepRun run, int total, String sweepName, JavaCommand java,
            int defaultThreads, Path cwd) throws IOException {
        Path script = layout.script(run);
        Files.createDirectories(script.getParent());
        List<String> fresh = run.trainArgs();
        var lines = new ArrayList<String>();
        lines.add("#!/usr/bin/env bash");
        lines.add("# mbrl sweep " + sweepName + ", run " + run.index() + " of " + total + ": " + run.label() + ".");
        lines.add("# Starts the run, or resumes it from its last checkpoint; a finished run (0 in "
                + fileName(layout.exitFile(run)) + ")");
        lines.add("# is not run again. Rerun by hand: bash " + script);
        lines.add("# The run is ./mbrl train " + Shell.words(fresh));
        lines.add("set -uo pipefail");
        lines.add("cd " + Shell.quote(cwd.toString()) + " || exit 1");
        lines.add("run_dir=" + Shell.quote(run.runDir().toString()));
        lines.add("log=" + Shell.quote(layout.log(run).toString()));
        lines.add("exit_file=" + Shell.quote(layout.exitFile(run).toString()));
        lines.add("pid_file=" + Shell.quote(layout.pidFile(run).toString()));
        lines.add("threads=\"${MBRL_SWEEP_THREADS:-${SLURM_CPUS_PER_TASK:-" + defaultThreads + "}}\"");
        lines.add("read -r -a java_opts <<<\"${MBRL_JAVA_OPTS:-}\"");
        lines.add("java=(" + Shell.words(java.head()) + " -Dmbrl.cpu.threads=\"$threads\" \"${java_opts[@]}\" "
                + Shell.words(java.tail()) + " train)");
        lines.add("fresh=(" + Shell.words(fresh) + ")");
        lines.add("if [ \"$(cat \"$exit_file\" 2>/dev/null)\" = 0 ]; then");
        lines.add("    echo \"" + run.label() + ": finished already ($exit_file)\"");
        lines.add("    exit 0");
        lines.add("fi");
        lines.add("rm -f \"$exit_file\"");
        lines.add("latest=\"$run_dir/checkpoints/latest.safetensors\"");
        lines.add("if [ -f \"$latest\" ]; then");
        lines.add("    args=(\"checkpoint=$latest\"); how=\"resumes from $latest\"");
        lines.add("elif [ -n \"$(find \"$run_dir\" -type f -print -quit 2>/dev/null)\" ]; then");
        lines.add("    args=(\"${fresh[@]}\" overwrite=true)");
        lines.add("    how=\"starts again (killed before its first checkpoint)\"");
        lines.add("else");
        lines.add("    args=(\"${fresh[@]}\"); how=\"starts\"");
        lines.add("fi");
        lines.add("echo $$ >\"$pid_file\"");
        lines.add("# Slurm's scancel or preemption sends SIGTERM to the run too; the status is written after it stops.");
        lines.add("trap 'echo \"sweep run: SIGTERM\" >>\"$log\"' TERM");
        lines.add("echo \"== $(date -u +%Y-%m-%dT%H:%M:%SZ) " + run.label() + " $how (host $(hostname), threads $threads,"
                + " job ${SLURM_ARRAY_JOB_ID:-local}${SLURM_ARRAY_TASK_ID:+_$SLURM_ARRAY_TASK_ID})\" >>\"$log\"");
        lines.add("\"${java[@]}\" \"${args[@]}\" >>\"$log\" 2>&1 </dev/null");
        lines.add("rc=$?");
        lines.add("echo \"$rc\" >\"$exit_file\"");
        lines.add("rm -f \"$pid_file\"");
        lines.add("exit \"$rc\"");
        Files.writeString(script, String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String fileName(Path p) {
        return p.getFileName().toString();
    }
}
