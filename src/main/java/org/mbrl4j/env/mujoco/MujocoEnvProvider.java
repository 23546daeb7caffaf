package org.mbrl4j.env.mujoco;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mbrl4j.env.Availability;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.EnvProvider;
import org.mbrl4j.env.EnvTask;

/**
 * The Control Suite tasks on MuJoCo 2.2.2, named {@code dmc-<domain>-<task>} (the classic provider
 * already owns the pure-Java {@code cartpole-swingup}). Optional: unavailable, with what was searched
 * for, when MuJoCo or the shim is missing (scripts/install-mujoco.sh, ./native-build.sh).
 */
public final class MujocoEnvProvider implements EnvProvider {
    public static final String NAME = "mujoco";

    private record Entry(EnvTask task, Supplier<ControlTask> make) {}

    private static final Map<String, Entry> TASKS = catalogue();

    private static Map<String, Entry> catalogue() {
        Map<String, Entry> m = new LinkedHashMap<>();
        add(m, CartpoleTask.BALANCE, "Control Suite cartpole-balance on MuJoCo 2.2.2, f32[5], 1000 steps",
                () -> new CartpoleTask(false));
        add(m, CartpoleTask.SWINGUP, "Control Suite cartpole-swingup on MuJoCo 2.2.2, f32[5], 1000 steps",
                () -> new CartpoleTask(true));
        add(m, PendulumSwingupTask.NAME, "Control Suite pendulum-swingup on MuJoCo 2.2.2, f32[3], 1000 steps",
                PendulumSwingupTask::new);
        add(m, ReacherTask.EASY, "Control Suite reacher-easy on MuJoCo 2.2.2, f32[6], 1000 steps",
                () -> new ReacherTask(false));
        add(m, ReacherTask.HARD, "Control Suite reacher-hard on MuJoCo 2.2.2, f32[6], 1000 steps",
                () -> new ReacherTask(true));
        add(m, CheetahRunTask.NAME, "Control Suite cheetah-run on MuJoCo 2.2.2, f32[17], 1000 steps", CheetahRunTask::new);
        add(m, WalkerTask.STAND, "Control Suite walker-stand on MuJoCo 2.2.2, f32[24], 1000 steps",
                () -> new WalkerTask(WalkerTask.STAND, 0));
        add(m, WalkerTask.WALK, "Control Suite walker-walk on MuJoCo 2.2.2, f32[24], 1000 steps",
                () -> new WalkerTask(WalkerTask.WALK, WalkerTask.WALK_SPEED));
        add(m, WalkerTask.RUN, "Control Suite walker-run on MuJoCo 2.2.2, f32[24], 1000 steps",
                () -> new WalkerTask(WalkerTask.RUN, WalkerTask.RUN_SPEED));
        add(m, HopperTask.STAND, "Control Suite hopper-stand on MuJoCo 2.2.2, f32[15], 1000 steps",
                () -> new HopperTask(false));
        add(m, HopperTask.HOP, "Control Suite hopper-hop on MuJoCo 2.2.2, f32[15], 1000 steps",
                () -> new HopperTask(true));
        add(m, FingerSpinTask.NAME, "Control Suite finger-spin on MuJoCo 2.2.2, f32[9], 1000 steps", FingerSpinTask::new);
        add(m, CupCatchTask.NAME, "Control Suite cup-catch (ball_in_cup) on MuJoCo 2.2.2, f32[8], 1000 steps",
                CupCatchTask::new);
        return m;
    }

    private static void add(Map<String, Entry> m, String name, String description, Supplier<ControlTask> make) {
        m.put(name, new Entry(new EnvTask(name, description), make));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<EnvTask> tasks() {
        return TASKS.values().stream().map(Entry::task).toList();
    }

    @Override
    public Availability availability() {
        try {
            MujocoLibrary.load();
            return Availability.AVAILABLE;
        } catch (IllegalStateException e) {
            return Availability.unavailable(e.getMessage());
        }
    }

    @Override
    public Env make(String task) {
        Entry e = TASKS.get(task);
        if (e == null) {
            throw new IllegalArgumentException("env provider " + NAME + ": no task '" + task + "'; it makes "
                    + String.join(", ", TASKS.keySet()));
        }
        return new MujocoEnv(e.make().get());
    }
}
