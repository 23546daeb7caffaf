package org.mbrl4j.backend.cuda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code extern "C"} entry points of kernels/*.cu as the compiler sees them: module, name,
 * parameter kinds in order, and the {@code __launch_bounds__} thread count when it names a constant
 * this parser can resolve. Used to check every recorded launch against its kernel's signature.
 */
final class KernelSignatures {
    static final Path KERNELS = Path.of("kernels");

    enum Kind { I32, I64, F32, PTR }

    record Signature(String module, String entry, List<Kind> params, OptionalInt launchBound) {}

    private static final Pattern ENTRY = Pattern.compile(
            "extern\\s+\"C\"\\s+__global__\\s+void\\s+(?:__launch_bounds__\\(([^)]*)\\)\\s*)?(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern DEFINE = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+((?:.*\\\\\\n)*.*)$");
    private static final Pattern CONSTANT = Pattern.compile("constexpr\\s+int\\s+(\\w+)\\s*=\\s*(\\d+)\\s*;");

    private KernelSignatures() {}

    /** Every entry point, keyed by name. */
    static Map<String, Signature> all() {
        Map<String, Integer> constants = constants();
        Map<String, Signature> out = new LinkedHashMap<>();
        for (Path cu : files(".cu")) {
            String module = cu.getFileName().toString().replace(".cu", "");
            String text = read(cu);
            Map<String, String> defines = new LinkedHashMap<>();
            Matcher d = DEFINE.matcher(text);
            while (d.find()) {
                defines.put(d.group(1), d.group(2).replace("\\\n", " "));
            }
            Matcher m = ENTRY.matcher(text);
            while (m.find()) {
                String params = m.group(3).trim();
                if (defines.containsKey(params)) {
                    params = defines.get(params);
                }
                out.put(m.group(2), new Signature(module, m.group(2), kinds(params), bound(m.group(1), constants)));
            }
        }
        return out;
    }

    private static List<Kind> kinds(String params) {
        List<Kind> kinds = new ArrayList<>();
        for (String p : params.split(",")) {
            String t = p.trim();
            if (t.isEmpty()) {
                continue;
            }
            if (t.contains("*")) {
                kinds.add(Kind.PTR);
            } else if (t.contains("long long")) {
                kinds.add(Kind.I64);
            } else if (t.startsWith("float ")) {
                kinds.add(Kind.F32);
            } else if (t.startsWith("int ") || t.startsWith("unsigned int ")) {
                kinds.add(Kind.I32);
            } else {
                throw new IllegalStateException("unrecognized kernel parameter '" + t + "'");
            }
        }
        return kinds;
    }

    private static OptionalInt bound(String expr, Map<String, Integer> constants) {
        if (expr == null) {
            return OptionalInt.empty();
        }
        String name = expr.trim().replaceAll(".*::", "");
        Integer v = constants.get(name);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    private static Map<String, Integer> constants() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Path f : Stream.concat(files(".cu").stream(), files(".cuh").stream()).toList()) {
            Matcher m = CONSTANT.matcher(read(f));
            while (m.find()) {
                out.put(m.group(1), Integer.parseInt(m.group(2)));
            }
        }
        return out;
    }

    static List<Path> files(String suffix) {
        try (Stream<Path> s = Files.list(KERNELS)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + KERNELS.toAbsolutePath(), e);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
