package org.mbrl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mbrl4j.testing.TestRandom;
import org.mbrl4j.train.EvalCurvePlot;

/** {@code mbrl plot OUT.png CSV...} and {@code --group NAME=CSV,...}. */
class PlotCommandTest {
    @TempDir
    Path dir;

    private final TestRandom rnd = new TestRandom();

    @Test
    void overlaysSeedsIntoAPngOfTheRequestedSize() throws Exception {
        Path a = csv("exp/seed1", "0,-1200\n1000,-600\n2000,-200\n");
        Path b = csv("exp/seed2", "0,-1100\n1000,-500\n2000,-250\n");
        Path png = dir.resolve("curves.png");
        var r = CliHarness.run("plot", png.toString(), a.toString(), b.toString(), "--width", "300", "--height", "250");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("wrote " + png + " (300x250): 2 runs, 6 points", r.out().strip());
        var img = ImageIO.read(png.toFile());
        assertEquals(300, img.getWidth());
        assertEquals(250, img.getHeight());
    }

    @Test
    void aClockAxisReadsTheTrainCsvBesideEachEvalCsv() throws Exception {
        Path a = csv("utd1/seed1", "0,-1200\n1000,-600\n2000,-200\n");
        Files.writeString(a.resolveSibling("train.csv"), "step,env_step,elapsed_s,cpu_s\n1000,1000,70,60\n2000,2000,150,"
                + "130\n");
        Path b = csv("utd2/seed1", "0,-1100\n2000,-150\n");
        Files.writeString(b.resolveSibling("train.csv"), "step,env_step,elapsed_s,cpu_s\n2000,2000,300,250\n");
        Path png = dir.resolve("cpu.png");
        var r = CliHarness.run("plot", png.toString(), "--x", "cpu_s", a.toString(), b.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("wrote " + png + " (800x500): 2 groups (utd1 (n=1), utd2 (n=1)), 2 runs, 5 points", r.out().strip());
        var bad = CliHarness.run("plot", png.toString(), "--x", "hours", a.toString());
        assertEquals(Main.EXIT_USAGE, bad.exitCode());
        assertTrue(bad.err().contains("x axis 'hours': allowed step, elapsed_s, cpu_s"), bad.err());
        Files.writeString(b.resolveSibling("train.csv"), "step,env_step,elapsed_s\n2000,2000,300\n");
        var old = CliHarness.run("plot", png.toString(), "--x", "cpu_s", a.toString(), b.toString());
        assertEquals(Main.EXIT_USAGE, old.exitCode());
        assertTrue(old.err().contains("lacks the columns 'env_step' and 'cpu_s'"), old.err());
    }

    @Test
    void badArgumentsExitWith2() throws Exception {
        Path a = csv("exp/seed1", "0,-1200\n");
        var txt = CliHarness.run("plot", dir.resolve("out.txt").toString(), a.toString());
        assertEquals(Main.EXIT_USAGE, txt.exitCode());
        assertTrue(txt.err().contains("the output must be a .png file"), txt.err());
        var missing = CliHarness.run("plot", dir.resolve("o.png").toString(), dir.resolve("none.csv").toString());
        assertEquals(Main.EXIT_USAGE, missing.exitCode());
        assertTrue(missing.err().contains("none.csv: file not found"), missing.err());
        var small = CliHarness.run("plot", dir.resolve("o.png").toString(), a.toString(), "--width", "50");
        assertEquals(Main.EXIT_USAGE, small.exitCode());
        assertTrue(small.err().contains("both must be >= 200"), small.err());
        var noCsv = CliHarness.run("plot", dir.resolve("o.png").toString());
        assertEquals(Main.EXIT_USAGE, noCsv.exitCode());
        assertTrue(noCsv.err().contains("no CSV to plot (usage: mbrl plot OUT.png CSV..."), noCsv.err());
        Path empty = csv("exp/seed2", "");
        var noRows = CliHarness.run("plot", dir.resolve("o.png").toString(), a.toString(), empty.toString());
        assertEquals(Main.EXIT_USAGE, noRows.exitCode());
        assertTrue(noRows.err().contains(empty + ": no rows under the header"), noRows.err());
    }

    @Test
    void experimentFoldersBecomeGroups() throws Exception {
        var args = new ArrayList<>(List.of("plot", dir.resolve("ablation.png").toString()));
        int points = 0;
        for (String exp : List.of("baseline", "multi_gamma")) {
            for (int seed = 1; seed <= 3; seed++) {
                int n = rnd.nextInt(1, 8);
                args.add(randomCsv("pendulum/" + exp + "/seed" + seed, n).toString());
                points += n;
            }
        }
        var r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("wrote " + dir.resolve("ablation.png") + " (800x500): 2 groups (baseline (n=3), multi_gamma (n=3)),"
                + " 6 runs, " + points + " points", r.out().strip(), "seed " + rnd.seed());
    }

    @Test
    void groupOptionNamesTheGroups() throws Exception {
        Path a = randomCsv("x/run_a", 3);
        Path b = randomCsv("y/run_b", 4);
        Path c = randomCsv("z/seed1", 5);
        Path png = dir.resolve("named.png");
        var r = CliHarness.run("plot", png.toString(), "--group", "short horizon=" + a + "," + b, "--group", "long=" + c);
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("wrote " + png + " (800x500): 2 groups (short horizon (n=2), long (n=1)), 3 runs, 12 points",
                r.out().strip());
        var one = CliHarness.run("plot", png.toString(), "--group", "all=" + a + "," + b + "," + c);
        assertEquals("wrote " + png + " (800x500): 3 runs, 12 points", one.out().strip(), one.err());
    }

    @Test
    void groupArgumentsAreParsedAndTheirMistakesNamed() throws Exception {
        var g = PlotCommand.parseGroup("multi gamma=a/eval.csv, b/eval.csv");
        assertEquals("multi gamma", g.getKey());
        assertEquals(List.of(Path.of("a/eval.csv"), Path.of("b/eval.csv")), g.getValue());
        assertEquals(List.of(Path.of("c=d.csv")), PlotCommand.parseGroup("n=c=d.csv").getValue(), "split at the first '='");
        assertParseError("baseline", "--group 'baseline': expected NAME=CSV[,CSV...], found no '='");
        assertParseError(" =a.csv", "--group ' =a.csv': the NAME before '=' is empty");
        assertParseError("n=a.csv,,b.csv", "--group 'n=a.csv,,b.csv': an empty CSV path after '='");
        assertParseError("n=", "--group 'n=': an empty CSV path after '='");

        Path a = randomCsv("e/seed1", 2);
        String png = dir.resolve("o.png").toString();
        var noEq = CliHarness.run("plot", png, "--group", a.toString());
        assertEquals(Main.EXIT_USAGE, noEq.exitCode());
        assertTrue(noEq.err().contains("found no '='"), noEq.err());
        var twice = CliHarness.run("plot", png, "--group", "g=" + a, "--group", "g=" + a);
        assertEquals(Main.EXIT_USAGE, twice.exitCode());
        assertTrue(twice.err().contains("--group name 'g' is given twice"), twice.err());
        var both = CliHarness.run("plot", png, a.toString(), "--group", "g=" + a);
        assertEquals(Main.EXIT_USAGE, both.exitCode());
        assertTrue(both.err().contains("positional CSV '" + a + "' given with --group: with --group every CSV goes in a"
                + " --group NAME=CSV[,CSV...]"), both.err());
        var missing = CliHarness.run("plot", png, "--group", "g=" + a + "," + dir.resolve("nope.csv"));
        assertEquals(Main.EXIT_USAGE, missing.exitCode());
        assertTrue(missing.err().contains(dir.resolve("nope.csv") + ": file not found"), missing.err());

        Path b = randomCsv("f/seed1", 3);
        var named = PlotCommand.parseGroup("utd=2, lr=3e-4=" + a + "," + b);
        assertEquals("utd=2, lr=3e-4", named.getKey(), "a NAME holding '=' when the CSVs after the last one exist");
        assertEquals(List.of(a, b), named.getValue());
        assertEquals("utd", PlotCommand.parseGroup("utd=2=" + a + ",nope.csv").getKey(),
                "with no split naming existing files, the first '='");
    }

    @Test
    void moreGroupsThanColoursNameTheLimit() throws Exception {
        var args = new ArrayList<>(List.of("plot", dir.resolve("o.png").toString()));
        for (int i = 0; i <= EvalCurvePlot.MAX_GROUPS; i++) {
            args.add(randomCsv("task/exp" + i + "/seed1", 2).toString());
        }
        var r = CliHarness.run(args.toArray(String[]::new));
        assertEquals(Main.EXIT_USAGE, r.exitCode());
        assertTrue(r.err().contains("7 groups [exp0, exp1, exp2, exp3, exp4, exp5, exp6]: a plot holds at most 6"),
                r.err());
    }

    private static void assertParseError(String arg, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> PlotCommand.parseGroup(arg));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    /** {@code <folder>/eval.csv} with {@code n} fresh random rows at increasing steps. */
    private Path randomCsv(String folder, int n) throws Exception {
        var rows = new StringBuilder();
        long step = 0;
        for (int i = 0; i < n; i++) {
            rows.append(step).append(',').append(rnd.uniform(-1500, 0)).append('\n');
            step += rnd.nextInt(1, 5000);
        }
        return csv(folder, rows.toString());
    }

    private Path csv(String folder, String rows) throws Exception {
        Path f = dir.resolve(folder);
        Files.createDirectories(f);
        Path csv = f.resolve("eval.csv");
        Files.writeString(csv, "step,episode_reward\n" + rows);
        return csv;
    }
}
