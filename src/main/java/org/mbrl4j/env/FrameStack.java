package org.mbrl4j.env;

import java.util.Arrays;

/**
 * Stacks the last {@code k} u8 frames of the wrapped env along the channel axis, oldest first: the
 * observation of an env with frames (Ch, Hp, Wp) becomes (k·Ch, Hp, Wp). On reset the first frame fills
 * every slot (tdmpc2/envs/wrappers/pixels.py: the reference's {@code Pixels} wrapper keeps a
 * 3-frame deque filled this way).
 */
public final class FrameStack implements Env {
    private final Env inner;
    private final int k;
    private final int frameBytes;
    private final EnvSpec spec;
    /** (k·Ch, Hp, Wp): the stacked frames, oldest first. */
    private final byte[] stacked;

    public FrameStack(Env inner, int k) {
        ObsSpec frame = inner.spec().observation();
        if (frame.dtype() != ObsDType.U8 || frame.shape().length != 3) {
            throw new IllegalArgumentException("FrameStack(" + inner.spec().name() + "): needs u8 frames (Ch, Hp, Wp),"
                    + " got " + frame);
        }
        if (k < 1) {
            throw new IllegalArgumentException("FrameStack(" + inner.spec().name() + "): k must be >= 1, got " + k);
        }
        int[] s = frame.shape();
        this.inner = inner;
        this.k = k;
        this.frameBytes = frame.size();
        this.stacked = new byte[Math.multiplyExact(k, frameBytes)];
        EnvSpec is = inner.spec();
        this.spec = new EnvSpec(is.name(), ObsSpec.frame(Math.multiplyExact(k, s[0]), s[1], s[2]), is.actionDim(),
                is.maxEpisodeSteps());
    }

    /** Frames per observation. */
    public int frames() {
        return k;
    }

    /** The env whose frames it stacks. */
    public Env inner() {
        return inner;
    }

    @Override
    public EnvSpec spec() {
        return spec;
    }

    @Override
    public Observation reset(long seed) {
        byte[] first = frame(inner.reset(seed));
        for (int i = 0; i < k; i++) {
            System.arraycopy(first, 0, stacked, i * frameBytes, frameBytes);
        }
        return new Observation.U8(stacked.clone());
    }

    @Override
    public Step step(float[] action) {
        Step s = inner.step(action);
        System.arraycopy(stacked, frameBytes, stacked, 0, (k - 1) * frameBytes);
        System.arraycopy(frame(s.observation()), 0, stacked, (k - 1) * frameBytes, frameBytes);
        return new Step(new Observation.U8(stacked.clone()), s.reward(), s.terminated(), s.truncated());
    }

    private byte[] frame(Observation o) {
        if (!(o instanceof Observation.U8 u) || u.size() != frameBytes) {
            throw new IllegalStateException("FrameStack(" + inner.spec().name() + "): the wrapped env returned " + o
                    + ", not a frame of its spec " + inner.spec().observation());
        }
        return u.values();
    }

    @Override
    public String toString() {
        return "FrameStack(" + inner.spec().name() + ", k=" + k + ", " + Arrays.toString(spec.observation().shape())
                + ")";
    }
}
