package org.mbrl4j.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mbrl4j.rng.Philox;
import org.mbrl4j.rng.PhiloxKey;

/**
 * Cheap checks on the CUDA sources that need no GPU (STYLE.md practice 1, trap 8): every kernel
 * file carries the contract header, every {@code extern "C"} entry point is listed in it (and
 * nothing else is), entry names follow {@code <op>_forward|_backward|_update|_advance[_variant]},
 * files keep the order header → helpers → entry points, op codes match the Java enums, and, when
 * {@code nvcc} is on PATH, kernels/build/ptx holds current sm_80 and sm_90 PTX exporting every entry
 * and the integer half of philox.cuh, compiled for the host, reproduces rng/Philox.java bit for bit.
 */
class KernelSourceTest {

    private static final Path KERNELS = Path.of("kernels");
    private static final Path PTX_DIR = KERNELS.resolve("build").resolve("ptx");
    private static final Path JAVA_BACKEND = Path.of("src", "main", "java", "org", "mbrl4j", "backend");
    private static final List<String> ARCHS = List.of("sm_80", "sm_90");
    private static final String REBUILD_HINT = "run ./native-build.sh";

    /** The op families the engine needs (DESIGN.md op contract); a missing file fails loudly. */
    private static final List<String> REQUIRED_FILES = List.of("pointwise", "reduce", "layout", "norm", "loss",
            "distribution", "random", "select", "optim", "fused_layer", "ensemble_linear", "gemm", "conv",
            "recurrent", "pixel");

    /** Contract header fields, in STYLE.md practice 1's order; each may carry a "(qualifier)" before its colon. */
    private static final List<String> HEADER_FIELDS = List.of("Op", "Equation", "Shapes", "Reference", "Tolerance",
            "Launch", "Launcher checks", "Variants", "Entry points");

    private static final Pattern ENTRY = Pattern.compile(
            "extern\\s+\"C\"\\s+__global__\\s+void\\s+(?:__launch_bounds__\\s*\\([^)]*\\)\\s+)?(\\w+)\\s*\\(");
    private static final String PHASES = "forward|backward|update|advance";
    private static final Pattern ENTRY_NAME =
            Pattern.compile("[a-z][a-z0-9]*(?:_[a-z0-9]+)*?_(?:" + PHASES + ")(?:_[a-z0-9]+)*");
    /** Entry-like identifiers inside the header's "Entry points:" section. */
    private static final Pattern LISTED_NAME =
            Pattern.compile("\\b[a-z][a-z0-9]*(?:_[a-z0-9]+)*?_(?:" + PHASES + ")(?:_[a-z0-9]+)*\\b");
    private static final Pattern OP_CODE_ENUM = Pattern.compile("enum\\s+(\\w+)Code\\s*:\\s*int\\s*\\{([^}]*)}");
    private static final Pattern OP_CODE = Pattern.compile("([A-Z]+)_(\\w+)\\s*=\\s*(\\d+)");
    private static final Pattern INCLUDE = Pattern.compile("#include\\s+\"([^\"]+)\"");
    /** Top-level lines that are helpers, not entry points; none may follow the first entry. */
    private static final Pattern HELPER_LINE =
            Pattern.compile("^(?:template\\b|namespace\\b|__device__\\b|static\\b|constexpr\\b|struct\\b|enum\\b|#include\\b|__global__\\b)");

    static Stream<Path> kernelFiles() {
        try (Stream<Path> s = Files.list(KERNELS)) {
            return s.filter(p -> p.toString().endsWith(".cu")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + KERNELS.toAbsolutePath(), e);
        }
    }

    @Test
    void everyOpFamilyHasAKernelFile() {
        Set<String> present = new TreeSet<>(kernelFiles().map(KernelSourceTest::baseName).toList());
        for (String required : REQUIRED_FILES) {
            assertTrue(present.contains(required), "kernels/" + required + ".cu is missing; present: " + present);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelFiles")
    void headerHasEveryContractField(Path file) {
        String header = header(file);
        int last = -1;
        for (String field : HEADER_FIELDS) {
            Matcher m = Pattern.compile("(?m)^\\s*\\*\\s*" + Pattern.quote(field) + "(?:\\s*\\([^)\n]*\\))?:")
                    .matcher(header);
            assertTrue(m.find(), file + ": contract header lacks the field '" + field + "' (STYLE.md practice 1)");
            assertTrue(m.start() > last, file + ": header field '" + field + "' is out of order; expected " + HEADER_FIELDS);
            last = m.start();
        }
        assertTrue(header.contains("backend/cpu/Cpu") || header.contains("rng/Philox"),
                file + ": Reference must name the Java implementation it matches (backend/cpu/Cpu...#method)");
        assertTrue(header.matches("(?s).*Tolerance:.*(rtol|exact|bit-exact).*"),
                file + ": Tolerance must state rtol/atol or exactness");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelFiles")
    void everyEntryPointIsListedInTheHeaderAndNothingElse(Path file) {
        Set<String> entries = entryPoints(file);
        assertFalse(entries.isEmpty(), file + ": no extern \"C\" __global__ entry point found");
        Set<String> listed = listedEntries(file);
        for (String entry : entries) {
            assertTrue(listed.contains(entry), file + ": entry point '" + entry
                    + "' is not listed under 'Entry points:' in the header (STYLE.md trap 8)");
        }
        for (String name : listed) {
            assertTrue(entries.contains(name), file + ": header lists '" + name
                    + "' under 'Entry points:' but the file defines no such extern \"C\" kernel");
        }
    }

    /** kernels/README.md's entry-point table names every entry ({@code name_{a,b}} expands to name_a, name_b). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelFiles")
    void readmeTableNamesEveryEntryPoint(Path file) {
        Path readme = KERNELS.resolve("README.md");
        assertTrue(Files.isRegularFile(readme), readme + " is missing");
        String text = expandBraces(read(readme));
        for (String entry : entryPoints(file)) {
            assertTrue(Pattern.compile("\\b" + entry + "\\b").matcher(text).find(),
                    readme + " does not name entry point '" + entry + "' of " + file + " in its table");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelFiles")
    void entryNamesFollowTheOpPhaseConvention(Path file) {
        for (String entry : entryPoints(file)) {
            assertTrue(ENTRY_NAME.matcher(entry).matches(), file + ": entry point '" + entry
                    + "' must be snake_case <op>_(" + PHASES + ")[_variant] (STYLE.md practice 2)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelFiles")
    void fileOrderIsHeaderHelpersThenEntryPoints(Path file) {
        String text = read(file);
        assertTrue(text.startsWith("/*"), file + ": must begin with the contract header comment");
        int firstEntry = text.indexOf("extern \"C\"");
        assertTrue(firstEntry > 0, file + ": no extern \"C\" entry point");
        String[] tail = text.substring(firstEntry).split("\n");
        for (int i = 0; i < tail.length; i++) {
            assertFalse(HELPER_LINE.matcher(tail[i]).find(), file + ": helper after the first entry point ('"
                    + tail[i].strip() + "'); order is header -> device helpers -> kernels -> extern \"C\" entries");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelFiles")
    void includesResolveInsideKernels(Path file) {
        Matcher m = INCLUDE.matcher(read(file));
        while (m.find()) {
            assertTrue(Files.isRegularFile(KERNELS.resolve(m.group(1))), file + ": #include \"" + m.group(1)
                    + "\" not found in kernels/");
        }
    }

    /** Op codes passed as int must be the Java enum ordinals (UnaryOpCode <-> backend/UnaryOp.java, ...). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelFiles")
    void opCodesMatchJavaEnumOrdinals(Path file) {
        Matcher m = OP_CODE_ENUM.matcher(read(file));
        while (m.find()) {
            String javaEnum = m.group(1);
            Path javaFile = JAVA_BACKEND.resolve(javaEnum + ".java");
            assertTrue(Files.isRegularFile(javaFile), file + ": enum " + javaEnum + "Code mirrors " + javaFile
                    + ", which does not exist");
            List<String> expected = javaEnumConstants(javaFile, javaEnum);
            Map<String, Integer> actual = new LinkedHashMap<>();
            Matcher c = OP_CODE.matcher(m.group(2));
            while (c.find()) {
                actual.put(c.group(2), Integer.parseInt(c.group(3)));
            }
            assertEquals(expected.size(), actual.size(), file + ": " + javaEnum + "Code has " + actual.keySet()
                    + " but " + javaFile + " declares " + expected);
            for (int ordinal = 0; ordinal < expected.size(); ordinal++) {
                String name = expected.get(ordinal);
                assertEquals(Integer.valueOf(ordinal), actual.get(name), file + ": " + javaEnum + "Code." + name
                        + " must equal the Java ordinal " + ordinal);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernelFiles")
    void ptxIsBuiltAndExportsEveryEntryPoint(Path file) throws IOException {
        assumeTrue(nvccOnPath(), "nvcc not on PATH: PTX checks skipped");
        if (!Files.isDirectory(PTX_DIR)) {
            fail("PTX directory " + PTX_DIR + " not found: " + REBUILD_HINT);
        }
        String name = baseName(file);
        for (String arch : ARCHS) {
            Path ptx = PTX_DIR.resolve(name + "." + arch + ".ptx");
            if (!Files.isRegularFile(ptx)) {
                fail("PTX for " + name + " (" + arch + ") not found under " + PTX_DIR + ": " + REBUILD_HINT);
            }
            assertFalse(Files.getLastModifiedTime(file).compareTo(Files.getLastModifiedTime(ptx)) > 0,
                    ptx + " is older than " + file + " (stale): " + REBUILD_HINT);
            String text = read(ptx);
            assertTrue(text.contains(".target " + arch), ptx + " does not target " + arch + ": " + REBUILD_HINT);
            for (String entry : entryPoints(file)) {
                assertTrue(Pattern.compile("\\.entry\\s+" + entry + "\\s*\\(").matcher(text).find(),
                        ptx + " does not export entry '" + entry + "': " + REBUILD_HINT);
            }
        }
    }

    @Test
    void manifestListsEveryPtx() {
        assumeTrue(nvccOnPath(), "nvcc not on PATH: PTX checks skipped");
        Path manifest = PTX_DIR.resolve("MANIFEST");
        if (!Files.isRegularFile(manifest)) {
            fail(manifest + " not found: " + REBUILD_HINT);
        }
        String text = read(manifest);
        assertTrue(text.contains("\nformat_version=1\n"), manifest + " must carry format_version=1: " + REBUILD_HINT);
        assertTrue(text.contains("\nnvcc_version="), manifest + " must record the nvcc version: " + REBUILD_HINT);
        kernelFiles().forEach(file -> {
            for (String arch : ARCHS) {
                String ptx = baseName(file) + "." + arch + ".ptx";
                assertTrue(text.contains("\nptx=" + ptx + " "), manifest + " does not list " + ptx + ": " + REBUILD_HINT);
            }
        });
    }

    /**
     * kernels/philox.cuh's integer half (block, key/counter mapping, uniform and int transforms),
     * compiled for the host by nvcc, answers random queries exactly as rng/Philox.java does.
     */
    @Test
    void philoxHeaderMatchesJava(@TempDir Path tmp) throws IOException, InterruptedException {
        assumeTrue(nvccOnPath(), "nvcc not on PATH: host Philox check skipped");
        Path exe = tmp.resolve("philox_host_check");
        Path compileLog = tmp.resolve("nvcc.log");
        Process nvcc = new ProcessBuilder("nvcc", "-std=c++17", "-o", exe.toString(),
                KERNELS.resolve("host").resolve("philox_host_check.cu").toString())
                .redirectErrorStream(true).redirectOutput(compileLog.toFile()).start();
        assertEquals(0, nvcc.waitFor(), "nvcc failed on kernels/host/philox_host_check.cu:\n" + read(compileLog));

        long seed = Long.getLong("mbrl.test.seed", System.nanoTime());
        SplittableRandom rnd = new SplittableRandom(seed);
        List<long[]> queries = new ArrayList<>();
        queries.add(new long[] {0, 0, 0, 0, 0, 0, 10});
        queries.add(new long[] {-1L, -1L, -1L, 1, 0, Integer.MIN_VALUE, Integer.MAX_VALUE}); // counter wraps
        for (int i = 0; i < 200; i++) {
            int lo = rnd.nextInt();
            int hi = lo == Integer.MAX_VALUE ? lo : lo + 1 + rnd.nextInt(Integer.MAX_VALUE - Math.max(lo, 0));
            queries.add(new long[] {rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextInt(1 << 20),
                    rnd.nextInt(1 << 20), lo, Math.max(hi, lo + 1)});
        }
        StringBuilder input = new StringBuilder();
        for (long[] q : queries) {
            for (int j = 0; j < 5; j++) {
                input.append(Long.toUnsignedString(q[j])).append(' ');
            }
            input.append(q[5]).append(' ').append(q[6]).append('\n');
        }
        Process check = new ProcessBuilder(exe.toString()).redirectErrorStream(true).start();
        check.getOutputStream().write(input.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        check.getOutputStream().close();
        String[] lines = new String(check.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                .split("\n");
        assertEquals(0, check.waitFor(), "philox_host_check exited with an error");
        assertEquals(queries.size(), lines.length, "philox_host_check answered " + lines.length + " of "
                + queries.size() + " queries (seed " + seed + ")");
        int[] block = new int[4];
        for (int i = 0; i < queries.size(); i++) {
            long[] q = queries.get(i);
            Philox.block(new PhiloxKey(q[0], q[1], q[2] + q[3]), q[4], block);
            String expected = String.join(" ", Integer.toUnsignedString(block[0]), Integer.toUnsignedString(block[1]),
                    Integer.toUnsignedString(block[2]), Integer.toUnsignedString(block[3]),
                    Integer.toUnsignedString(Float.floatToRawIntBits(Philox.toUniform(block[0]))),
                    Integer.toUnsignedString(Float.floatToRawIntBits(Philox.toUniformOpenZero(block[1]))),
                    Integer.toString(Philox.toInt(block[2], (int) q[5], (int) q[6])));
            assertEquals(expected, lines[i].strip(), "philox.cuh differs from rng/Philox.java for (seed, stream, "
                    + "counter, offset, index, lo, hi) = " + java.util.Arrays.toString(q) + " (test seed " + seed
                    + ", replay with -Dmbrl.test.seed=" + seed + ")");
        }
    }

    // ---- parsing helpers ---------------------------------------------------------------------

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p.toAbsolutePath(), e);
        }
    }

    private static String baseName(Path p) {
        String n = p.getFileName().toString();
        return n.substring(0, n.length() - ".cu".length());
    }

    /** The leading block comment. */
    private static String header(Path file) {
        String text = read(file);
        assertTrue(text.startsWith("/*"), file + ": must begin with the contract header comment (STYLE.md practice 1)");
        int end = text.indexOf("*/");
        assertTrue(end > 0, file + ": unterminated header comment");
        return text.substring(0, end);
    }

    private static Set<String> entryPoints(Path file) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = ENTRY.matcher(read(file));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Entry-like names in the header from "Entry points:" to the end of the header. */
    private static Set<String> listedEntries(Path file) {
        String header = header(file);
        int at = header.indexOf("Entry points:");
        assertTrue(at >= 0, file + ": header lacks 'Entry points:'");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = LISTED_NAME.matcher(header.substring(at));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Constants of {@code enum name { A, B, ... }} in declaration order, comments removed. */
    private static List<String> javaEnumConstants(Path javaFile, String name) {
        String src = read(javaFile).replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Matcher m = Pattern.compile("enum\\s+" + name + "\\s*\\{([^;}]*)").matcher(src);
        assertTrue(m.find(), javaFile + ": enum " + name + " not found");
        List<String> out = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            String id = part.strip();
            if (!id.isEmpty()) {
                out.add(id.replaceAll("\\(.*", "").strip());
            }
        }
        return out;
    }

    private static String expandBraces(String text) {
        Matcher m = Pattern.compile("(\\w+)\\{([a-z0-9_,]+)}(\\w*)").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            List<String> names = new ArrayList<>();
            for (String alt : m.group(2).split(",")) {
                names.add(m.group(1) + alt + m.group(3));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(String.join(" ", names)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean nvccOnPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvcc"))) {
                return true;
            }
        }
        return false;
    }
}
