package org.mbrl4j.env.mujoco;

/**
 * A MuJoCo field of a named object, as the shim addresses it ({@code native/mujoco/mbrl4j_mujoco.c},
 * the {@code K_*} enum: the codes must match). Components: 1 for a hinge or slide joint's qpos/qvel,
 * 3 for positions, 9 for a rotation matrix (row-major, component 3·row + col), the sensor's dim.
 */
public enum MujocoField {
    /** A joint's qpos. */
    QPOS(0),
    /** A joint's qvel. */
    QVEL(1),
    /** A body's frame position (world). */
    XPOS(2),
    /** A body's frame orientation, row-major 3×3: zz = 8, xz = 2, xx = 0. */
    XMAT(3),
    /** A body's centre of mass (world). */
    XIPOS(4),
    /** A geom's position (world). */
    GEOM_XPOS(5),
    /** A site's position (world). */
    SITE_XPOS(6),
    /** A sensor's values. */
    SENSOR(7),
    /** The centre of mass of a body's subtree (world). */
    SUBTREE_COM(8),
    /** An actuator's control. */
    CTRL(9),
    /** The simulation time; its object name is ignored. */
    TIME(10),
    /** A geom's position in its body's frame (model; settable per episode, e.g. a target). */
    GEOM_POS(11),
    /** A geom's size parameters (model). */
    GEOM_SIZE(12),
    /** A joint's dof damping (model). */
    DOF_DAMPING(13),
    /** A site's size parameters (model), e.g. a box site's half-sizes. */
    SITE_SIZE(14);

    /** XMAT components. */
    public static final int XX = 0;
    public static final int XZ = 2;
    public static final int ZZ = 8;

    final int code;

    MujocoField(int code) {
        this.code = code;
    }
}
