import java.util.Locale;
import java.util.SplittableRandom;
import org.mbrl4j.env.Env;
import org.mbrl4j.env.Envs;
import org.mbrl4j.env.Step;

/**
 * The random-policy baseline of this folder: episodes of a task under actions drawn uniformly from
 * [-1, 1]^A (mbrl4j's normalised action box), one reset seed per episode. Prints one line per episode and
 * the mean and std; with an output path, also writes an eval.csv-shaped file with the mean at steps 0 and
 * LAST_STEP, so that `mbrl plot` draws the baseline as a flat line.
 *
 * <pre>java -cp "target/mbrl4j.jar:target/lib/*" RandomPolicyReturns.java TASK ACTION_REPEAT EPISODES [OUT.csv LAST_STEP]</pre>
 */
public class RandomPolicyReturns {
    public static void main(String[] args) throws Exception {
        String task = args[0];
        int actionRepeat = Integer.parseInt(args[1]);
        int episodes = Integer.parseInt(args[2]);
        Env env = Envs.make(task, actionRepeat);
        int actionDim = env.spec().actionDim();
        double[] returns = new double[episodes];
        for (int e = 0; e < episodes; e++) {
            long seed = 1000 + e;
            SplittableRandom random = new SplittableRandom(seed);
            env.reset(seed);
            double total = 0;
            while (true) {
                float[] action = new float[actionDim];
                for (int i = 0; i < actionDim; i++) {
                    action[i] = (float) (2 * random.nextDouble() - 1);
                }
                Step step = env.step(action);
                total += step.reward();
                if (step.done()) {
                    break;
                }
            }
            returns[e] = total;
            System.out.printf(Locale.ROOT, "episode %d (reset seed %d): %.2f%n", e, seed, total);
        }
        double mean = 0;
        for (double r : returns) {
            mean += r / episodes;
        }
        double var = 0;
        for (double r : returns) {
            var += (r - mean) * (r - mean) / episodes;
        }
        System.out.printf(Locale.ROOT, "%s, action repeat %d, %d episodes: mean %.2f, std %.2f%n",
                task, actionRepeat, episodes, mean, Math.sqrt(var));
        if (args.length >= 5) {
            String csv = String.format(Locale.ROOT, "step,episode_reward%n0,%s%n%s,%s%n", mean, args[4], mean);
            java.nio.file.Files.writeString(java.nio.file.Path.of(args[3]), csv);
        }
    }
}
