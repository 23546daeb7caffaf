package org.mbrl4j.env.render;

import java.util.List;
import java.util.Optional;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.FrameStack;

/**
 * The tasks that have frames ({@code obs=rgb}): their renderers, and the wrapping of a state env
 * into a pixel env: {@link PixelObservations} (3, S, S), then {@link FrameStack} of k frames
 * (3k, S, S) when k > 1.
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
     * {@code env} observed through frames: {@link PixelObservations} then, when {@code frameStack > 1},
     * {@link FrameStack}.
     *
     * @throws IllegalArgumentException when the task has no renderer (naming those that have one) or
     *     {@code frameStack < 1}
     */
    public static Env wrap(Env env, int frameStack) {
        String task = env.spec().name();
        FrameRenderer renderer = renderer(task).orElseThrow(() -> new IllegalArgumentException("task " + task
                + " has no frame renderer, so it has no rgb observations; rgb works for " + String.join(", ", tasks())));
        if (frameStack < 1) {
            throw new IllegalArgumentException("frame_stack must be >= 1, got " + frameStack);
        }
        Env pixels = new PixelObservations(env, renderer);
        return frameStack == 1 ? pixels : new FrameStack(pixels, frameStack);
    }
}
