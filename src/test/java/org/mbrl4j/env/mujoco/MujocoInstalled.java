package org.mbrl4j.env.mujoco;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MuJoCo tests run wherever MuJoCo 2.2.2 is installed (CI installs it: .ci/run); there the shim
 * must load, or the test fails with the library's message. Where MuJoCo is not installed they are
 * skipped, since the provider is optional.
 */
final class MujocoInstalled {
    private MujocoInstalled() {}

    static void require() {
        boolean installed = Files.exists(Path.of("/usr/include/mujoco/mujoco.h"))
                || Files.exists(Path.of("/usr/lib/x86_64-linux-gnu", MujocoLibrary.MUJOCO_SONAME));
        assumeTrue(installed, "MuJoCo 2.2.2 is not installed here (scripts/install-mujoco.sh)");
        MujocoLibrary.load();
    }
}
