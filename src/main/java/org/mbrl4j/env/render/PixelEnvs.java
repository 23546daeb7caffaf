package org.mbrl4j.env.render;

import java.util.List;
import java.util.Optional;
import org.mbrl4j.env.ActionRepeat;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.FrameSource;
import org.mbrl4j.env.FrameStack;
import org.mbrl4j.env.TimeLimit;

/**
 * The tasks that have frames ({@code obs=rgb}): their renderers, and the wrapping of a state env
 * into a pixel env: {@link PixelObservations} (3, S, S), or {@link SourceFrames} for an env that
 * draws its own frames ({@link FrameSource}, directly or under an {@link ActionRepeat}), then
 * {@link FrameStack} of k frames (3k, S, S) when k > 1.
 */
public final class PixelEnvs {
    private PixelEnvs() {}

    private static final List<FrameRenderer> RENDERERS = List.of(new PendulumRenderer(), new CartPoleRenderer());

    /** The names of the tasks that can be rendered. */
    public static List<String> tasks() {
        return RENDERERS.stream().map(FrameRenderer::task).toList();
    }

    /** The renderer of {@code task}, if it has one. */
    public static Optional<FrameRenderer> renderer(String task) {
        return RENDERERS.stream().filter(r -> r.task().equals(task)).findFirst();
    }

    /**
     * The env at the bottom of {@code env} that draws its own frames (a MuJoCo task), looking through
     * {@link TimeLimit}, {@link FrameStack}, {@link SourceFrames} and {@link ActionRepeat}; empty when
     * there is none.
     */
    public static Optional<FrameSource> source(Env env) {
        Env e = env;
        while (true) {
            switch (e) {
                case FrameSource s -> {
                    return Optional.of(s);
                }
                case SourceFrames f -> {
                    return Optional.of(f.source());
                }
                case TimeLimit t -> e = t.inner();
                case FrameStack f -> e = f.inner();
                case ActionRepeat r -> e = r.inner();
                default -> {
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * {@code env} observed through frames: {@link PixelObservations} then, when {@code frameStack > 1},
     * {@link FrameStack}.
     *
     * @throws IllegalArgumentException when the task has no renderer and the env is no frame source
     *     (naming those that have one) or
     *     {@code frameStack < 1}
     */
    public static Env wrap(Env env, int frameStack) {
        String task = env.spec().name();
        Optional<FrameRenderer> renderer = renderer(task);
        Env base = env instanceof ActionRepeat repeat ? repeat.inner() : env;
        if (renderer.isEmpty() && !(base instanceof FrameSource)) {
            throw new IllegalArgumentException("task " + task + " has no frame renderer, so it has no rgb observations;"
                    + " rgb works for " + String.join(", ", tasks()) + " and the MuJoCo tasks (dmc-*)");
        }
        if (frameStack < 1) {
            throw new IllegalArgumentException("frame_stack must be >= 1, got " + frameStack);
        }
        Env pixels = renderer.isPresent() ? new PixelObservations(env, renderer.get())
                : new SourceFrames(env, (FrameSource) base, FrameRenderer.DEFAULT_SIZE);
        return frameStack == 1 ? pixels : new FrameStack(pixels, frameStack);
    }
}
