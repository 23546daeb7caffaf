package org.mbrl4j.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/gpu-check.sh without a GPU (CI): it reaches its first step, fails it saying there is no
 * NVIDIA driver, skips the rest and still writes $OUT/summary.txt; and its step limits add up to the
 * 330 s deadline, as its header's arithmetic says.
 */
class GpuCheckScriptTest {
    private static final Path CHECK = Path.of("scripts", "gpu-check.sh");
    private static final List<String> STEPS = List.of("smoke", "parity", "graphs", "cublas", "jmh", "memcheck");

    @Test
    void withoutAGpuTheFirstStepFailsClearlyAndTheSummaryIsWritten(@TempDir Path out)
            throws IOException, InterruptedException {
        assumeTrue(!onPath("nvidia-smi") && !Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libcuda.so.1")),
                "an NVIDIA driver is present: this machine would run the real check");
        ProcessBuilder pb = new ProcessBuilder("bash", CHECK.toString()).redirectErrorStream(true);
        pb.environment().put("OUT", out.toString());
        Process p = pb.start();
        String console = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gpu-check.sh did not end within 60 s:\n" + console);
        assertNotEquals(0, p.exitValue(), "a failed smoke step must fail the check:\n" + console);

        Path summary = out.resolve("summary.txt");
        assertTrue(Files.isRegularFile(summary), "no summary.txt in $OUT:\n" + console);
        List<String> rows = Files.readAllLines(summary);
        assertTrue(rows.getFirst().startsWith("mbrl4j gpu-check: ") && rows.getFirst().contains("deadline 330 s"),
                rows.getFirst());
        String smoke = row(rows, "smoke");
        assertTrue(smoke.contains("FAIL") && smoke.contains("no NVIDIA driver") && smoke.contains("libcuda.so.1"), smoke);
        for (String step : STEPS.subList(1, STEPS.size())) {
            assertTrue(row(rows, step).contains("skip"), step + " should be skipped: " + rows);
        }
        assertTrue(row(rows, "total").contains("FAIL"), rows.toString());
        assertTrue(Files.isRegularFile(out.resolve("env.txt")), "env.txt");
    }

    @Test
    void stepLimitsAddUpToTheDeadline() throws IOException {
        String script = Files.readString(CHECK);
        Map<String, Integer> limits = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\[(\\w+)\\]=(\\d+)").matcher(declaration(script, "declare -A LIMIT="));
        while (m.find()) {
            limits.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertEquals(STEPS, List.copyOf(limits.keySet()), "a limit per step, in the order the steps run");
        int deadline = number(script, "DEADLINE_S");
        int reserve = number(script, "RESERVE_S");
        int sum = limits.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(330, deadline);
        assertTrue(sum + reserve <= deadline, "steps " + limits + " = " + sum + " s + reserve " + reserve + " s > "
                + deadline + " s");
        assertTrue(script.contains("= " + sum + " s, + " + reserve + " s reserve"), "the header's arithmetic should"
                + " show " + sum + " + " + reserve);
        assertTrue(script.contains("timeout -k \"$KILL_GRACE_S\""), "every step runs under timeout");
    }

    private static String row(List<String> rows, String step) {
        return rows.stream().filter(r -> r.startsWith(step + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + step + "' row in " + rows));
    }

    private static String declaration(String script, String prefix) {
        return script.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting '" + prefix + "' in " + CHECK));
    }

    private static int number(String script, String name) {
        Matcher m = Pattern.compile("\\b" + name + "=(\\d+)").matcher(script);
        assertTrue(m.find(), name + " in " + CHECK);
        return Integer.parseInt(m.group(1));
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(File.pathSeparator)).anyMatch(d -> Files.isExecutable(Path.of(d,
                tool)));
    }
}
