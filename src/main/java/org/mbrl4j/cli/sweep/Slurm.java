package org.mbrl4j.cli.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Slurm client commands a sweep uses (sbatch, squeue, sacct), run as child processes. Slurm does the
 * scheduling, arrays, dependencies, requeueing and accounting; this class only calls it.
 *
 * @param env variables added to each command's environment (SLURM_CONF for a test cluster), usually empty
 */
record Slurm(Map<String, String> env) {
    Slurm {
        env = Map.copyOf(env);
    }

    /** The output of a finished command. */
    record Result(int exitCode, String stdout, String stderr) {}

    /**
     * Asks sbatch whether it would accept {@code options} ({@code --test-only}: nothing is submitted).
     *
     * @throws SweepException with sbatch's own message when it refuses
     */
    void testOnly(List<String> options) {
        var args = new ArrayList<>(List.of("sbatch", "--test-only"));
        args.addAll(options);
        Result r = run(args, "#!/bin/bash\ntrue\n");
        if (r.exitCode() != 0) {
            throw new SweepException("Slurm refuses the sbatch options " + String.join(" ", options) + ":\n  "
                    + (r.stderr() + r.stdout()).strip().replace("\n", "\n  "));
        }
    }

    /** Submits {@code script} with {@code options}; returns the job id. */
    String submit(List<String> options, String script) {
        var args = new ArrayList<>(List.of("sbatch", "--parsable"));
        args.addAll(options);
        args.add(script);
        Result r = run(args, null);
        if (r.exitCode() != 0) {
            throw new SweepException("sbatch " + String.join(" ", args.subList(1, args.size())) + " failed (exit "
                    + r.exitCode() + "):\n  " + (r.stderr() + r.stdout()).strip());
        }
        String id = r.stdout().strip().split(";")[0];
        if (!id.matches("[0-9]+")) {
            throw new SweepException("sbatch printed '" + r.stdout().strip() + "', not a job id");
        }
        return id;
    }

    /** Queued and running array tasks and jobs ({@code <job>_<task>} or {@code <job>}) to their state. */
    Map<String, String> queue() {
        Result r = run(List.of("squeue", "-h", "-r", "-o", "%i|%T"), null);
        if (r.exitCode() != 0) {
            throw new SweepException("squeue failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        return parse(r.stdout());
    }

    /**
     * Finished array tasks' states from accounting ({@code sacct}), e.g. {@code 12_3 -> TIMEOUT}; empty where
     * accounting is off (then the runs' own exit files tell).
     */
    Map<String, String> accounting(List<String> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        Result r = run(List.of("sacct", "-n", "-P", "-X", "-o", "JobID,State", "-j", String.join(",", jobIds)), null);
        return r.exitCode() == 0 ? parse(r.stdout()) : Map.of();
    }

    private static Map<String, String> parse(String out) {
        var states = new HashMap<String, String>();
        for (String line : out.split("\n")) {
            String[] p = line.strip().split("\\|");
            if (p.length >= 2) {
                states.put(p[0], p[1].split(" ")[0]);
            }
        }
        return states;
    }

    /**
     * Gives the process its stdin and closes it. A command that refuses its options (sbatch with
     * {@code --time=soon}) exits without reading stdin, and writing to it then fails ("Stream closed" or
     * a broken pipe) depending on who is first; its exit code and stderr, read next, are the answer.
     */
    private static void writeStdin(Process p, String stdin) {
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException closedByTheCommand) {
            // the command exited before reading its input: see above
        }
    }

    Result run(List<String> command, String stdin) {
        var pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new SweepException(command.get(0) + " cannot be started (" + e.getMessage() + "): the slurm launcher"
                    + " needs the Slurm client commands (sbatch, squeue) on PATH");
        }
        try {
            writeStdin(p, stdin);
            var err = new java.util.concurrent.CompletableFuture<String>();
            Thread.ofVirtual().start(() -> {
                try {
                    err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.complete("");
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SweepException(String.join(" ", command) + ": no answer within 120 s");
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new SweepException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SweepException(String.join(" ", command) + ": interrupted", e);
        }
    }
}
