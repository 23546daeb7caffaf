import java.nio.file.Path;
import org.mbrl4j.env.*;
import org.mbrl4j.env.render.*;

/**
 * Draws the PNGs of docs/pixels/ (what the agent sees with obs=rgb): after `mvn compile`,
 *   java -cp target/classes scripts/PixelFrames.java docs/pixels
 */
public class PixelFrames {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        PendulumRenderer p = new PendulumRenderer();
        FramePng.write(dir.resolve("pendulum-frames.png"), 64, 4, p.draw(Math.PI), p.draw(2.2), p.draw(Math.PI / 2),
                p.draw(0.5), p.draw(0));
        CartPoleRenderer c = new CartPoleRenderer();
        FramePng.write(dir.resolve("cartpole-frames.png"), 64, 4, c.draw(0, Math.PI), c.draw(-0.8, 2.0),
                c.draw(0.6, -1.2), c.draw(1.5, 0.3), c.draw(0, 0));
        // a frame stack: the 3 frames the agent sees at step 30 of a pendulum episode pumped by a = sign(θ̇)
        Env env = PixelEnvs.wrap(Envs.make("pendulum"), 3);
        Env state = Envs.make("pendulum");
        env.reset(3);
        float[] st = ((Observation.F32) state.reset(3)).values();
        Observation o = null;
        for (int t = 0; t < 30; t++) {
            float[] act = {Math.signum(st[2])};
            o = env.step(act).observation();
            st = ((Observation.F32) state.step(act).observation()).values();
        }
        byte[] s = ((Observation.U8) o).values();
        int f = 3 * 64 * 64;
        FramePng.write(dir.resolve("pendulum-frame-stack.png"), 64, 4, java.util.Arrays.copyOfRange(s, 0, f),
                java.util.Arrays.copyOfRange(s, f, 2 * f), java.util.Arrays.copyOfRange(s, 2 * f, 3 * f));
    }
}
