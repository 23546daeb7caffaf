package org.mbrl4j.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PTX ISA version a module declares ({@code .version X.Y}) and the oldest driver whose JIT reads
 * it. native-build.sh stamps each PTX with the lowest version ptxas accepts for its target (7.0 for
 * sm_80, 7.8 for sm_90 with nvcc 13.0: the machine code is the same as at nvcc's own 9.0), so drivers
 * from CUDA 11.0 / 11.8 on can load it; kernels/build/ptx/MANIFEST records the version per file.
 *
 * @param major the number before the dot
 * @param minor the number after it
 */
record PtxIsa(int major, int minor) implements Comparable<PtxIsa> {
    private static final Pattern VERSION = Pattern.compile("(?m)^\\s*\\.version\\s+(\\d+)\\.(\\d+)\\s*$");
    /** Bytes of a module read to find its {@code .version} line (it follows a short comment header). */
    private static final int HEADER_BYTES = 4096;

    /**
     * The CUDA release that introduced each ISA version (the PTX ISA reference's release history, the
     * table cuda-python's get_minimal_required_cuda_ver_from_ptx_ver uses; 8.6 came with 12.7), as the
     * driver API version cuDriverGetVersion and nvidia-smi's "CUDA Version" report: the driver's JIT
     * reads PTX up to the ISA of its own release.
     */
    private static final Map<PtxIsa, Integer> FIRST_DRIVER_API = Map.ofEntries(
            Map.entry(new PtxIsa(7, 0), 11000), Map.entry(new PtxIsa(7, 1), 11010), Map.entry(new PtxIsa(7, 2), 11020),
            Map.entry(new PtxIsa(7, 3), 11030), Map.entry(new PtxIsa(7, 4), 11040), Map.entry(new PtxIsa(7, 5), 11050),
            Map.entry(new PtxIsa(7, 6), 11060), Map.entry(new PtxIsa(7, 7), 11070), Map.entry(new PtxIsa(7, 8), 11080),
            Map.entry(new PtxIsa(8, 0), 12000), Map.entry(new PtxIsa(8, 1), 12010), Map.entry(new PtxIsa(8, 2), 12020),
            Map.entry(new PtxIsa(8, 3), 12030), Map.entry(new PtxIsa(8, 4), 12040), Map.entry(new PtxIsa(8, 5), 12050),
            Map.entry(new PtxIsa(8, 6), 12070), Map.entry(new PtxIsa(8, 7), 12080), Map.entry(new PtxIsa(8, 8), 12090),
            Map.entry(new PtxIsa(9, 0), 13000), Map.entry(new PtxIsa(9, 1), 13010));

    /** The {@code .version} line of a PTX text; IllegalArgumentException naming {@code what} when absent. */
    static PtxIsa of(String ptx, String what) {
        Matcher m = VERSION.matcher(ptx);
        if (!m.find()) {
            throw new IllegalArgumentException(what + " has no '.version X.Y' line: not PTX, or truncated; "
                    + PtxModules.REBUILD_HINT);
        }
        return new PtxIsa(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** The ISA of a packaged module, from its first bytes; empty when the resource is missing or unreadable. */
    static Optional<PtxIsa> ofResource(String resource) {
        try (InputStream in = PtxIsa.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(of(new String(in.readNBytes(HEADER_BYTES), StandardCharsets.US_ASCII), resource));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The oldest driver API version (e.g. 11080 for CUDA 11.8) that reads this ISA; empty when not tabled. */
    Optional<Integer> firstDriverApi() {
        return Optional.ofNullable(FIRST_DRIVER_API.get(this));
    }

    /** "CUDA 11.8" for 11080. */
    static String cudaRelease(int driverApi) {
        return "CUDA " + driverApi / 1000 + "." + (driverApi % 1000) / 10;
    }

    @Override
    public int compareTo(PtxIsa o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
