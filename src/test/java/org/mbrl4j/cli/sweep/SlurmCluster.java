package org.mbrl4j.cli.sweep;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Slurm for tests: writes a slurm.conf into a temp directory (proctrack/linuxproc,
 * task/none, no cgroups, select/cons_tres with at most 2 CPUs, accounting off, its own ports and state
 * folders), makes sure munged runs (starting it as the munge user if it does not), starts slurmctld and
 * slurmd with that file, waits until sinfo shows the node idle, and stops what it started on {@link #close}.
 * Debian's packages (scripts/install-slurm.sh) and root are needed; {@link #start} says why it could not.
 */
final class SlurmCluster implements AutoCloseable {
    /** Why a cluster could not be started: the skip message. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private final Path dir;
    private final Path conf;
    private final boolean startedMunge;

    private SlurmCluster(Path dir, Path conf, boolean startedMunge) {
        this.dir = dir;
        this.conf = conf;
        this.startedMunge = startedMunge;
    }

    /** Variables that point the Slurm commands at this cluster. */
    Map<String, String> env() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    static SlurmCluster start(Path dir) throws Unavailable, IOException, InterruptedException {
        for (String c : List.of("slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scancel", "munged", "munge")) {
            if (find(c).isEmpty()) {
                throw new Unavailable(c + " not found (PATH, /usr/sbin): run scripts/install-slurm.sh as root");
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new Unavailable("not root (" + System.getProperty("user.name") + "): slurmd must run as root");
        }
        boolean startedMunge = false;
        if (run(List.of(find("munge").orElseThrow(), "-n"), Map.of(), 10).exitCode() != 0) {
            Files.createDirectories(Path.of("/run/munge"));
            run(List.of("chown", "munge:munge", "/run/munge"), Map.of(), 10);
            var r = run(List.of("runuser", "-u", "munge", "--", find("munged").orElseThrow()), Map.of(), 30);
            if (r.exitCode() != 0) {
                throw new Unavailable("munged does not start: " + r.stdout() + r.stderr());
            }
            startedMunge = true;
        }
        Path conf = writeConf(dir);
        var cluster = new SlurmCluster(dir, conf, startedMunge);
        try {
            for (String daemon : List.of("slurmctld", "slurmd")) {
                var r = run(List.of(find(daemon).orElseThrow(), "-f", conf.toString()), Map.of(), 30);
                if (r.exitCode() != 0) {
                    throw new Unavailable(daemon + " does not start (exit " + r.exitCode() + "): " + r.stderr()
                            + "\n" + cluster.logs());
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String state = "";
            while (System.nanoTime() < deadline) {
                state = cluster.command("sinfo", "-h", "-o", "%T").stdout().strip();
                if (state.equals("idle")) {
                    return cluster;
                }
                Thread.sleep(250);
            }
            throw new Unavailable("the node is not idle after 60 s (sinfo: '" + state + "')\n" + cluster.logs());
        } catch (Unavailable | IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static Path writeConf(Path dir) throws IOException, InterruptedException {
        String host = run(List.of("hostname", "-s"), Map.of(), 10).stdout().strip();
        int cpus = Math.min(2, Runtime.getRuntime().availableProcessors());
        long memMb = 1024;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memMb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024 * 8 / 10;
            }
        }
        for (String d : List.of("state", "spool", "log")) {
            Files.createDirectories(dir.resolve(d));
        }
        String conf = String.join("\n",
                "ClusterName=mbrltest",
                "SlurmctldHost=" + host,
                "SlurmUser=root",
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "AuthType=auth/munge",
                "StateSaveLocation=" + dir.resolve("state"),
                "SlurmdSpoolDir=" + dir.resolve("spool"),
                "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
                "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "SchedulerType=sched/backfill",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core_Memory",
                "DefMemPerCPU=512",
                "MpiDefault=none",
                "ReturnToService=2",
                "KillWait=5",
                "MinJobAge=5",
                "SlurmdParameters=config_overrides",
                "NodeName=" + host + " CPUs=" + cpus + " RealMemory=" + memMb + " State=UNKNOWN",
                "PartitionName=debug Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP", "");
        Path file = dir.resolve("slurm.conf");
        Files.writeString(file, conf);
        return file;
    }

    private static int freePort() throws IOException {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Runs a Slurm client command against this cluster. */
    Slurm.Result command(String... args) throws IOException, InterruptedException {
        var cmd = new ArrayList<>(List.of(args));
        cmd.set(0, find(args[0]).orElse(args[0]));
        return run(cmd, env(), 60);
    }

    /** The daemons' logs' last lines, for failure messages. */
    String logs() {
        var sb = new StringBuilder();
        for (String log : List.of("slurmctld.log", "slurmd.log")) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve("log").resolve(log));
                sb.append("--- ").append(log).append('\n');
                lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> sb.append(l).append('\n'));
            } catch (IOException e) {
                sb.append("--- no ").append(log).append('\n');
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (String pidFile : List.of("slurmd.pid", "slurmctld.pid")) {
            Path p = dir.resolve(pidFile);
            if (!Files.exists(p)) {
                continue;
            }
            long pid = Long.parseLong(Files.readString(p).strip());
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isPresent()) {
                h.get().destroy();
                try {
                    h.get().onExit().get(20, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    h.get().destroyForcibly();
                }
            }
        }
        if (startedMunge) {
            run(List.of("runuser", "-u", "munge", "--", find("munged").orElseThrow(), "--stop"), Map.of(), 30);
        }
    }

    static Optional<String> find(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
                return Optional.of(Path.of(d, command).toString());
            }
        }
        return Optional.empty();
    }

    static Slurm.Result run(List<String> cmd, Map<String, String> env, int timeoutSeconds)
            throws IOException, InterruptedException {
        var pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("slurm-cmd", ".out");
        Path err = Files.createTempFile("slurm-cmd", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + ": no answer within " + timeoutSeconds + " s");
            }
            return new Slurm.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
