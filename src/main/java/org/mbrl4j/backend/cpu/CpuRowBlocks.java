package org.mbrl4j.backend.cpu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link CpuBackend#rowBlock}: how many independent rows the CPU carries together through a chain of ops
 * (the planner's rollout and scoring, agent.planner.BlockedRolloutScoring), set by {@code -Dmbrl.cpu.rowBlock}:
 * <ul>
 *   <li>unset or {@code off}: one block of every row, the one-batch rollout (the default: blocks measured
 *       5-50 % slower on this code base, results/cpu-speed/README.md#cache-blocked-planner-rollout, because
 *       every GEMM call packs its weight again, once per block);</li>
 *   <li>{@code auto}: as many rows as fill {@link #L2_SHARE} of this core's L2 cache with their activations,
 *       but at least {@link #MIN_ROWS};</li>
 *   <li>N: N rows (tests, benches; the caller still raises it to {@link #MIN_EXACT_ROWS}).</li>
 * </ul>
 */
final class CpuRowBlocks {
    private CpuRowBlocks() {}

    static final String PROPERTY = "mbrl.cpu.rowBlock";
    static final String OFF = "off";
    static final String AUTO = "auto";
    /** Half of L2 for the rows' activations: the other half holds the GEMM's packed panels and the weights passing through. */
    static final double L2_SHARE = 0.5;
    /**
     * Fewest rows per block. Every GEMM call packs its weight (K·N floats) again: about 100 µs for a
     * 512 × 512 weight against 2.2 ms for the 512-row product (results/cpu-speed/README.md), so with M rows
     * packing adds about 23/M of the product; 192 rows keep it near 12 %. It is also far above
     * {@link Gemm#DIRECT_MAX_ROWS}, whose unpacked products sum K in one chain instead of KC blocks.
     */
    static final int MIN_ROWS = 192;
    /**
     * Fewest rows whose GEMMs take the packed path (a product of at most {@link Gemm#DIRECT_MAX_ROWS} rows
     * runs {@link GemmDirect}, whose dot products sum K in another order), so a block's rows get the bits
     * they get in the whole batch.
     */
    static final int MIN_EXACT_ROWS = Gemm.DIRECT_MAX_ROWS + 1;
    /** L2 size assumed when sysfs does not say (Zen 4's 1 MiB; Sapphire Rapids has 2 MiB). */
    static final long FALLBACK_L2_BYTES = 1L << 20;
    private static final long L2_BYTES = detectL2();

    /** Rows per block for {@code rows} rows of {@code bytesPerRow} activation bytes each; {@code rows} for one block. */
    static int rows(int rows, long bytesPerRow) {
        if (rows < 1 || bytesPerRow < 1) {
            throw new IllegalArgumentException("rowBlock: rows=" + rows + " and bytesPerRow=" + bytesPerRow
                    + " must both be >= 1");
        }
        String value = System.getProperty(PROPERTY, OFF);
        if (value.equals(OFF)) {
            return rows;
        }
        if (value.equals(AUTO)) {
            long fit = (long) (L2_BYTES * L2_SHARE) / bytesPerRow;
            return (int) Math.min(rows, Math.max(MIN_ROWS, fit));
        }
        return Math.min(rows, parse(value));
    }

    /** The L2 size of this machine (bytes), from this core's level-2 cache in sysfs when present. */
    static long l2Bytes() {
        return L2_BYTES;
    }

    private static int parse(String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + ": allowed " + OFF + ", " + AUTO
                + " or rows per block >= 1");
    }

    private static long detectL2() {
        for (int i = 0; i < 8; i++) {
            Path dir = Path.of("/sys/devices/system/cpu/cpu0/cache/index" + i);
            try {
                if (Files.readString(dir.resolve("level")).trim().equals("2")) {
                    return parseSize(Files.readString(dir.resolve("size")).trim());
                }
            } catch (IOException | RuntimeException e) {
                return FALLBACK_L2_BYTES;
            }
        }
        return FALLBACK_L2_BYTES;
    }

    /** "2048K", "1M" or plain bytes. */
    static long parseSize(String s) {
        char unit = Character.toUpperCase(s.charAt(s.length() - 1));
        long scale = unit == 'K' ? 1L << 10 : unit == 'M' ? 1L << 20 : unit == 'G' ? 1L << 30 : 1;
        String digits = scale == 1 ? s : s.substring(0, s.length() - 1);
        return Long.parseLong(digits) * scale;
    }
}
