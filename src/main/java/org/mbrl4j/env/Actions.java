package org.mbrl4j.env;

/** The action checks every env runs before it uses an action. */
final class Actions {
    private Actions() {}

    /** Lower and upper bound of every action component. */
    static final float LOW = -1f;
    static final float HIGH = 1f;

    /**
     * Checks the length and rejects NaN, then returns a copy clipped to [-1, 1] (infinities clip to
     * the bounds, as {@code np.clip} would).
     */
    static float[] validateAndClip(EnvSpec spec, float[] action) {
        if (action == null) {
            throw new IllegalArgumentException(spec.name() + ": action is null, expected " + spec.actionDim()
                    + " values");
        }
        if (action.length != spec.actionDim()) {
            throw new IllegalArgumentException(spec.name() + ": action has length " + action.length
                    + ", expected " + spec.actionDim() + " (the env's action dim)");
        }
        float[] clipped = new float[action.length];
        for (int i = 0; i < action.length; i++) {
            if (Float.isNaN(action[i])) {
                throw new IllegalArgumentException(spec.name() + ": action[" + i + "] is NaN; actions must be"
                        + " numbers in [" + LOW + ", " + HIGH + "]");
            }
            clipped[i] = Math.clamp(action[i], LOW, HIGH);
        }
        return clipped;
    }
}
