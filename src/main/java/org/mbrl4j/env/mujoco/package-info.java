/**
 * DeepMind Control Suite tasks on MuJoCo 2.2.2 (Debian's {@code libmujoco2.2.2}) through FFM and a
 * small C shim ({@code native/mujoco/mbrl4j_mujoco.c}, built by {@code ./native-build.sh} into
 * {@code kernels/build/mujoco/libmbrl4j_mujoco.so}): {@link org.mbrl4j.env.mujoco.MujocoEnvProvider}
 * is an optional {@link org.mbrl4j.env.EnvProvider}, unavailable (with a message naming what it
 * searched for) when the shim or MuJoCo is missing. The shim turns MuJoCo's fatal errors into return
 * codes (setjmp/longjmp), which {@link org.mbrl4j.env.mujoco.MujocoModel} raises as
 * {@link org.mbrl4j.env.mujoco.MujocoException}; one downcall per agent step sets the controls, runs
 * the physics sub-steps and reads what the task needs. The models are this project's own MJCF files
 * (resources beside these classes), written from the published model facts.
 * {@link org.mbrl4j.env.mujoco.MujocoRenderer} draws frames with MuJoCo's renderer in an EGL context on
 * a GPU, else in an OSMesa one ({@link org.mbrl4j.env.mujoco.GlChoice}).
 */
package org.mbrl4j.env.mujoco;
