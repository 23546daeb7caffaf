package org.mbrl4j.cli.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where each run of a launched sweep stands, from Slurm's queue and accounting (for a sweep submitted to
 * Slurm) and the runs' own files: {@code .exit} (written when the run's command ends), {@code .pid} (while it
 * runs).
 */
final class SweepStatus {
    private SweepStatus() {}

    /** Lines of a failed run's log that {@code --status} shows. */
    static final int LOG_LINES = 8;

    static Map<SweepRun, RunState> of(SweepLayout layout, List<SweepRun> runs, Slurm slurm) {
        List<SlurmJobs.Submission> submissions = SlurmJobs.read(layout.slurmJobs());
        Map<String, String> queue = submissions.isEmpty() ? Map.of() : slurm.queue();
        Map<String, String> accounting = submissions.isEmpty() ? Map.of()
                : slurm.accounting(submissions.stream().map(SlurmJobs.Submission::arrayJob).toList());
        var states = new LinkedHashMap<SweepRun, RunState>();
        for (SweepRun run : runs) {
            Optional<String> task = submissions.reversed().stream().flatMap(s -> s.taskOf(run.index()).stream())
                    .findFirst();
            states.put(run, state(layout, run, task, queue, accounting));
        }
        return states;
    }

    private static RunState state(SweepLayout layout, SweepRun run, Optional<String> task, Map<String, String> queue,
            Map<String, String> accounting) {
        Optional<String> queued = task.map(queue::get);
        if (queued.isPresent()) {
            String s = queued.get();
            boolean pending = s.equals("PENDING") || s.equals("REQUEUED") || s.equals("REQUEUE_HOLD");
            return new RunState(pending ? RunState.Kind.PENDING : RunState.Kind.RUNNING,
                    "Slurm " + task.get() + " " + s);
        }
        Optional<String> exit = read(layout.exitFile(run));
        String slurm = task.map(t -> "Slurm " + t + (accounting.containsKey(t) ? " " + accounting.get(t) : "") + ", ")
                .orElse("");
        if (exit.isPresent()) {
            return exit.get().equals("0") ? new RunState(RunState.Kind.DONE, slurm + "exit 0")
                    : new RunState(RunState.Kind.FAILED, slurm + "exit " + exit.get());
        }
        Optional<String> pid = read(layout.pidFile(run));
        if (pid.isPresent()) {
            if (task.isEmpty() && alive(pid.get())) {
                return new RunState(RunState.Kind.RUNNING, "pid " + pid.get());
            }
            return new RunState(RunState.Kind.FAILED, slurm + "stopped without an exit status (killed)");
        }
        if (task.isPresent() && accounting.containsKey(task.get())) {
            return new RunState(RunState.Kind.FAILED, slurm + "no exit status");
        }
        return new RunState(RunState.Kind.NOT_STARTED, slurm.isEmpty() ? "" : slurm + "not in the queue");
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A run's small status file, or empty when it does not exist. */
    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new SweepException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The last {@code n} lines of a run's log, or a note when there is none. */
    static List<String> tail(Path log, int n) {
        try {
            List<String> lines = new String(Files.readAllBytes(log), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .toList();
            return lines.subList(Math.max(0, lines.size() - n), lines.size());
        } catch (NoSuchFileException e) {
            return List.of("(no log " + log + ": the run never started)");
        } catch (IOException e) {
            throw new SweepException("cannot read " + log + ": " + e.getMessage(), e);
        }
    }
}
