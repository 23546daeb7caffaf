package org.mbrl4j.cli.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code resources:} block: what each run gets. The Slurm launcher turns it into sbatch options;
 * the local launcher reads {@code cpusPerTask} (threads per run) only.
 *
 * @param cpusPerTask {@code --cpus-per-task}, also the run's CPU threads
 * @param mem         {@code --mem} (e.g. 4G), or null for the partition's default
 * @param time        {@code --time} (e.g. 02:00:00), or null for the partition's default
 * @param partition   {@code --partition}, or null for the default partition
 * @param gpus        GPUs per run as {@code --gres=gpu:N}; 0 = none
 * @param gres        a full {@code --gres} value (e.g. gpu:a100:1), replacing {@code gpus}
 * @param sbatchArgs  further sbatch options, passed as written (e.g. --account=rl, --qos=short)
 */
public record Resources(int cpusPerTask, String mem, String time, String partition, int gpus, String gres,
        List<String> sbatchArgs) {
    public Resources {
        if (cpusPerTask < 1) {
            throw new SweepException("resources.cpus_per_task: " + cpusPerTask + " must be >= 1");
        }
        if (gpus < 0) {
            throw new SweepException("resources.gpus: " + gpus + " must be >= 0");
        }
        sbatchArgs = List.copyOf(sbatchArgs);
        for (String a : sbatchArgs) {
            if (!a.startsWith("-")) {
                throw new SweepException("resources.sbatch_args: '" + a + "' is not an option (write --name=value)");
            }
        }
    }

    static Resources defaults() {
        return new Resources(1, null, null, null, 0, null, List.of());
    }

    /** The sbatch options of one run's array task. */
    List<String> sbatchOptions() {
        var out = new ArrayList<String>();
        out.add("--cpus-per-task=" + cpusPerTask);
        if (mem != null) {
            out.add("--mem=" + mem);
        }
        if (time != null) {
            out.add("--time=" + time);
        }
        if (partition != null) {
            out.add("--partition=" + partition);
        }
        if (gres != null) {
            out.add("--gres=" + gres);
        } else if (gpus > 0) {
            out.add("--gres=gpu:" + gpus);
        }
        out.addAll(sbatchArgs);
        return out;
    }
}
